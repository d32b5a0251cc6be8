/**
 * The Entra ID and Exchange side of the local Graph server: users, groups (nested), checkMemberGroups,
 * GET /groups/{id}/transitiveMembers (users and nested groups, paged: 100 a page by default, $top up
 * to 999, an opaque $skiptoken in an absolute @odata.nextLink), GET /users/{id}/manager (404 when none is set)
 * and sendMail, following the documented contract (transitive membership, at most 20 group ids per
 * call, object ids must be GUIDs, 404 for an unknown user or group, 202 for sendMail).
 */
import { GraphHttpError, GraphOperation, GraphReply, isRecord, jsonReply } from './graph-reply';

export interface SentMail {
  from: string;
  subject: string;
  bodyContentType: string;
  body: string;
  to: string[];
  cc: string[];
  saveToSentItems: boolean;
  sentAt: string;
}

const MAX_GROUP_IDS = 20;
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export class EntraDirectory {
  private readonly users = new Set<string>();
  /** group id → direct member ids (users or groups). */
  private readonly groups = new Map<string, Set<string>>();
  private readonly displayNames = new Map<string, string>();
  private readonly managers = new Map<string, string>();
  readonly sentMail: SentMail[] = [];

  /** @param serviceRoot this server's `http://127.0.0.1:PORT/v1.0`, which nextLinks start with (Graph's are absolute). */
  constructor(private readonly serviceRoot: () => string = () => 'https://graph.microsoft.com/v1.0') {}

  reset(): void {
    this.users.clear();
    this.groups.clear();
    this.displayNames.clear();
    this.managers.clear();
    this.sentMail.length = 0;
  }

  hasUser(objectId: string): boolean {
    return this.users.has(objectId.toLowerCase());
  }

  addUser(objectId: string): void {
    this.users.add(objectId.toLowerCase());
  }

  /** Sets a group's direct members; a member may itself be a group (nested membership is transitive). */
  setGroupMembers(groupId: string, memberIds: readonly string[]): void {
    this.groups.set(groupId.toLowerCase(), new Set(memberIds.map((id) => id.toLowerCase())));
    for (const id of memberIds) if (!this.groups.has(id.toLowerCase())) this.users.add(id.toLowerCase());
  }

  /** A user's (or group's) display name, as Graph returns it. */
  setDisplayName(objectId: string, name: string): void {
    this.displayNames.set(objectId.toLowerCase(), name);
  }

  /** Sets a user's manager (both become known users). */
  setManager(userId: string, managerId: string): void {
    this.addUser(userId);
    this.addUser(managerId);
    this.managers.set(userId.toLowerCase(), managerId.toLowerCase());
  }

  handle(operation: GraphOperation): GraphReply | undefined {
    const read = this.handleRead(operation);
    if (read) return read;
    const match = /^\/users\/([^/]+)\/(checkMemberGroups|sendMail)$/i.exec(operation.path);
    if (!match) return undefined;
    if (operation.method !== 'POST') throw new GraphHttpError(405, 'Request_BadRequest', 'Only POST is allowed on this action.');
    const userId = decodeURIComponent(match[1] ?? '').toLowerCase();
    if (!this.users.has(userId)) {
      throw new GraphHttpError(
        404,
        'Request_ResourceNotFound',
        `Resource '${userId}' does not exist or one of its queried reference-property objects are not present.`,
      );
    }
    return match[2]?.toLowerCase() === 'checkmembergroups' ? this.checkMemberGroups(userId, operation.body) : this.sendMail(userId, operation.body);
  }

  private notFound(id: string): GraphHttpError {
    return new GraphHttpError(404, 'Request_ResourceNotFound', `Resource '${id}' does not exist or one of its queried reference-property objects are not present.`);
  }

  private objectJson(id: string): Record<string, unknown> {
    const isGroup = this.groups.has(id);
    return { '@odata.type': isGroup ? '#microsoft.graph.group' : '#microsoft.graph.user', id, displayName: this.displayNames.get(id) ?? null };
  }

  private handleRead(operation: GraphOperation): GraphReply | undefined {
    const members = /^\/groups\/([^/]+)\/transitiveMembers$/i.exec(operation.path);
    const manager = /^\/users\/([^/]+)\/manager$/i.exec(operation.path);
    if (!members && !manager) return undefined;
    if (operation.method !== 'GET') throw new GraphHttpError(405, 'Request_BadRequest', 'Only GET is allowed on this resource.');
    if (manager) {
      const userId = decodeURIComponent(manager[1] ?? '').toLowerCase();
      if (!this.users.has(userId)) throw this.notFound(userId);
      const managerId = this.managers.get(userId);
      if (!managerId) throw this.notFound('manager');
      return jsonReply(200, { '@odata.context': 'https://graph.microsoft.com/v1.0/$metadata#directoryObjects/$entity', ...this.objectJson(managerId) });
    }
    const groupId = decodeURIComponent(members![1] ?? '').toLowerCase();
    if (!GUID.test(groupId)) throw new GraphHttpError(400, 'Request_BadRequest', `Invalid object identifier '${groupId}'.`);
    if (!this.groups.has(groupId)) throw this.notFound(groupId);
    const topText = operation.query.get('$top');
    const top = topText === null ? 100 : Number(topText);
    if (!Number.isInteger(top) || top < 1 || top > 999) throw new GraphHttpError(400, 'Request_BadRequest', `Invalid page size specified: '${topText ?? ''}'. Must be between 1 and 999 inclusive.`);
    const all = [...this.transitiveMembersOf(groupId)].sort();
    const token = operation.query.get('$skiptoken');
    let start = 0;
    if (token !== null) {
      const decoded = /^X'([0-9]+)'$/.exec(Buffer.from(token, 'base64').toString('utf8'));
      if (!decoded) throw new GraphHttpError(400, 'Directory_InvalidSkipToken', 'The specified page token value has expired or is invalid.');
      start = Number(decoded[1]);
    }
    const page = all.slice(start, start + top);
    const body: Record<string, unknown> = { '@odata.context': 'https://graph.microsoft.com/v1.0/$metadata#directoryObjects', value: page.map((id) => this.objectJson(id)) };
    if (start + top < all.length) {
      // Absolute, as Graph's are: a client follows the whole link.
      const rest = [...operation.query.entries()].filter(([n]) => n !== '$skiptoken').map(([n, v]) => `${n}=${encodeURIComponent(v)}`);
      rest.push(`$skiptoken=${encodeURIComponent(Buffer.from(`X'${start + top}'`, 'utf8').toString('base64'))}`);
      body['@odata.nextLink'] = `${this.serviceRoot()}${operation.path}?${rest.join('&')}`;
    }
    return jsonReply(200, body);
  }

  /** Every member of a group, through nested groups: users and the nested groups themselves. */
  private transitiveMembersOf(groupId: string): Set<string> {
    const found = new Set<string>();
    const frontier = [groupId];
    while (frontier.length > 0) {
      for (const member of this.groups.get(frontier.pop() as string) ?? []) {
        if (found.has(member)) continue;
        found.add(member);
        if (this.groups.has(member)) frontier.push(member);
      }
    }
    return found;
  }

  private checkMemberGroups(userId: string, body: unknown): GraphReply {
    if (!isRecord(body) || !Array.isArray(body.groupIds) || !body.groupIds.every((id) => typeof id === 'string')) {
      throw new GraphHttpError(400, 'Request_BadRequest', "The request body must carry 'groupIds', an array of strings.");
    }
    const groupIds = body.groupIds as string[];
    if (groupIds.length > MAX_GROUP_IDS) {
      throw new GraphHttpError(400, 'Request_BadRequest', `Too many group ids: at most ${MAX_GROUP_IDS} may be checked per request.`);
    }
    const invalid = groupIds.find((id) => !GUID.test(id));
    if (invalid !== undefined) throw new GraphHttpError(400, 'Request_BadRequest', `Invalid object identifier '${invalid}'.`);
    const memberOf = this.transitiveGroupsOf(userId);
    return jsonReply(200, {
      '@odata.context': 'https://graph.microsoft.com/v1.0/$metadata#Collection(Edm.String)',
      value: groupIds.filter((id) => memberOf.has(id.toLowerCase())),
    });
  }

  private transitiveGroupsOf(memberId: string): Set<string> {
    const found = new Set<string>();
    const frontier = [memberId];
    while (frontier.length > 0) {
      const current = frontier.pop() as string;
      for (const [groupId, members] of this.groups) {
        if (members.has(current) && !found.has(groupId)) {
          found.add(groupId);
          frontier.push(groupId);
        }
      }
    }
    return found;
  }

  private sendMail(userId: string, body: unknown): GraphReply {
    const message = isRecord(body) ? body.message : undefined;
    if (!isRecord(message)) throw new GraphHttpError(400, 'ErrorInvalidRequest', "The request body must carry a 'message'.");
    const to = addresses(message.toRecipients);
    if (to.length === 0) throw new GraphHttpError(400, 'ErrorInvalidRecipients', 'At least one recipient is not valid.');
    const content = isRecord(message.body) ? message.body : {};
    this.sentMail.push({
      from: userId,
      subject: typeof message.subject === 'string' ? message.subject : '',
      bodyContentType: typeof content.contentType === 'string' ? content.contentType : 'text',
      body: typeof content.content === 'string' ? content.content : '',
      to,
      cc: addresses(message.ccRecipients),
      saveToSentItems: isRecord(body) && body.saveToSentItems !== false,
      sentAt: new Date().toISOString(),
    });
    return { status: 202 };
  }
}

function addresses(recipients: unknown): string[] {
  if (!Array.isArray(recipients)) return [];
  const result: string[] = [];
  for (const recipient of recipients) {
    const address = isRecord(recipient) && isRecord(recipient.emailAddress) ? recipient.emailAddress.address : undefined;
    if (typeof address !== 'string' || !address.includes('@')) {
      throw new GraphHttpError(400, 'ErrorInvalidRecipients', 'At least one recipient is not valid.');
    }
    result.push(address);
  }
  return result;
}
