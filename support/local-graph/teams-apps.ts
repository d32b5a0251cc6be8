/**
 * The Teams app side of the local Graph server: the organisation's app catalog and apps installed
 * in people's personal scope, as Microsoft documents them:
 * - POST /users/{id}/teamwork/installedApps with `teamsApp@odata.bind` to
 *   https://graph.microsoft.com/v1.0/appCatalogs/teamsApps/{catalog id}: 201 Created, no body;
 *   409 Conflict when already installed; 404 for an unknown person or app; 403 Forbidden unless the
 *   caller holds TeamsAppInstallation.ReadWriteSelfForUser.All for that app ("Install app for user",
 *   https://learn.microsoft.com/graph/api/userteamwork-post-installedapps).
 * - GET /users/{id}/teamwork/installedApps[?$expand=teamsApp&$filter=teamsApp/id eq '{id}']: the
 *   installations (`value`), each id opaque (base64 of "{user id}##{catalog id}", as the documented
 *   example is) ("List apps installed for user").
 * - GET /users/{id}/teamwork/installedApps/{installation id}/chat: the 1:1 chat,
 *   `19:{…}@unq.gbl.spaces` ("Get chat between user and teamsApp").
 * Users are the Entra directory's (entra-directory.ts): an unknown user is 404.
 */
import { GraphHttpError, GraphOperation, GraphReply, isRecord, jsonReply } from './graph-reply';

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const PERMISSION = 'TeamsAppInstallation.ReadWriteSelfForUser.All';

interface CatalogApp {
  id: string;
  /** The manifest's id (the bot's app id): `externalId` in the catalog. */
  externalId: string;
  displayName: string;
}

export class TeamsApps {
  private readonly catalog = new Map<string, CatalogApp>();
  /** user id (lower case) → catalog ids installed for them. */
  private readonly installed = new Map<string, Set<string>>();
  /** Catalog ids whose app was granted TeamsAppInstallation.ReadWriteSelfForUser.All (and is the caller). */
  private readonly granted = new Set<string>();

  constructor(private readonly userExists: (id: string) => boolean) {}

  reset(): void {
    this.catalog.clear();
    this.installed.clear();
    this.granted.clear();
  }

  /** Publishes an app to the organisation's catalog; its catalog id differs from the manifest's. */
  publish(app: CatalogApp): void {
    this.catalog.set(app.id.toLowerCase(), { ...app, id: app.id.toLowerCase() });
  }

  /** An administrator consents to the app's TeamsAppInstallation.ReadWriteSelfForUser.All. */
  grantSelfInstall(catalogId: string): void {
    this.granted.add(catalogId.toLowerCase());
  }

  /** As a Teams app setup policy (or the person themselves) would: installed without Graph. */
  installFor(userId: string, catalogId: string): void {
    const set = this.installed.get(userId.toLowerCase()) ?? new Set<string>();
    set.add(catalogId.toLowerCase());
    this.installed.set(userId.toLowerCase(), set);
  }

  isInstalled(userId: string, catalogId: string): boolean {
    return this.installed.get(userId.toLowerCase())?.has(catalogId.toLowerCase()) ?? false;
  }

  /** The 1:1 chat's id between the person and the app's bot, once installed; else undefined. */
  chatIdFor(userId: string, externalId: string): string | undefined {
    const app = [...this.catalog.values()].find((a) => a.externalId.toLowerCase() === externalId.toLowerCase());
    if (!app || !this.isInstalled(userId, app.id)) return undefined;
    return `19:${app.externalId.toLowerCase()}_${userId.toLowerCase()}@unq.gbl.spaces`;
  }

  handle(operation: GraphOperation): GraphReply | undefined {
    const match = /^\/users\/([^/]+)\/teamwork\/installedApps(?:\/([^/]+)(\/chat)?)?$/i.exec(operation.path);
    if (!match) return undefined;
    const userId = decodeURIComponent(match[1] ?? '').toLowerCase();
    if (!GUID.test(userId) || !this.userExists(userId)) throw new GraphHttpError(404, 'NotFound', `User '${userId}' was not found.`);
    const installationId = match[2] === undefined ? undefined : decodeURIComponent(match[2]);
    if (installationId === undefined && operation.method === 'POST') return this.install(userId, operation.body);
    if (operation.method !== 'GET') throw new GraphHttpError(405, 'MethodNotAllowed', 'The method is not allowed on this resource.');
    if (installationId === undefined) return this.list(userId, operation.query);
    const catalogId = this.installationOf(userId, installationId);
    this.requirePermission(catalogId);
    if (!match[3]) return jsonReply(200, this.installationJson(userId, catalogId, false));
    const app = this.catalog.get(catalogId)!;
    return jsonReply(200, { '@odata.context': 'https://graph.microsoft.com/v1.0/$metadata#chats/$entity', id: this.chatIdFor(userId, app.externalId) });
  }

  private requirePermission(catalogId: string | undefined): void {
    if (catalogId !== undefined && this.granted.has(catalogId)) return;
    throw new GraphHttpError(403, 'Forbidden', `Missing role permissions on the request. API requires one of '${PERMISSION}, TeamsAppInstallation.ReadWriteForUser.All'. Roles on the request ''.`);
  }

  private install(userId: string, body: unknown): GraphReply {
    const bind = isRecord(body) ? body['teamsApp@odata.bind'] : undefined;
    const bound = typeof bind === 'string' ? /\/appCatalogs\/teamsApps\/([^/]+)$/.exec(bind)?.[1]?.toLowerCase() : undefined;
    if (bound === undefined) throw new GraphHttpError(400, 'BadRequest', "The request body must bind 'teamsApp@odata.bind' to an app in the catalog.");
    // The permission lets an app install only itself: checked before anything about the app is told.
    this.requirePermission(bound);
    if (!this.catalog.has(bound)) throw new GraphHttpError(404, 'NotFound', `The app '${bound}' was not found in the app catalog.`);
    if (this.isInstalled(userId, bound)) throw new GraphHttpError(409, 'Conflict', 'The app is already installed for this user.');
    this.installFor(userId, bound);
    return { status: 201 };
  }

  private list(userId: string, query: URLSearchParams): GraphReply {
    const filter = query.get('$filter');
    let only: string | undefined;
    if (filter !== null) {
      const parsed = /^teamsApp\/id eq '([^']+)'$/.exec(filter.trim());
      if (!parsed) throw new GraphHttpError(400, 'BadRequest', `Unsupported filter: ${filter}`);
      only = parsed[1]!.toLowerCase();
    }
    // Self-install permission: the app sees its own installations only.
    this.requirePermission(only);
    const expand = query.get('$expand') === 'teamsApp';
    const ids = [...(this.installed.get(userId) ?? [])].filter((id) => only === undefined || id === only);
    return jsonReply(200, { '@odata.context': `https://graph.microsoft.com/v1.0/$metadata#users('${userId}')/teamwork/installedApps`, value: ids.map((id) => this.installationJson(userId, id, expand)) });
  }

  private installationOf(userId: string, installationId: string): string {
    const decoded = /^([0-9a-f-]{36})##([^#]+)$/i.exec(Buffer.from(installationId, 'base64').toString('utf8'));
    if (!decoded || decoded[1]!.toLowerCase() !== userId || !this.isInstalled(userId, decoded[2]!)) {
      throw new GraphHttpError(404, 'NotFound', `The installation '${installationId}' was not found.`);
    }
    return decoded[2]!.toLowerCase();
  }

  private installationJson(userId: string, catalogId: string, expand: boolean): Record<string, unknown> {
    const app = this.catalog.get(catalogId);
    const id = Buffer.from(`${userId}##${catalogId}`, 'utf8').toString('base64');
    return { id, ...(expand && app ? { teamsApp: { id: app.id, externalId: app.externalId, displayName: app.displayName, distributionMethod: 'organization' } } : {}) };
  }
}
