/**
 * Bot Framework activities as Teams posts them to /api/messages: a personal-chat message and an
 * `adaptiveCard/action` invoke (Action.Execute with verb and data), from a person identified by
 * their Entra object id (`from.aadObjectId`) in a tenant.
 */
export const TENANT_ID = 'tenant-0001';
export const BOT_ID = '28:return-home-bot';

export interface Who {
  id: string;
  name: string;
}

let sequence = 0;
/** An activity id unique in this process (the bot uses it as the command's idempotency key). */
export function activityId(prefix = 'act'): string {
  sequence += 1;
  return `${prefix}-${process.pid}-${Date.now().toString(36)}-${sequence}`;
}

function base(serviceUrl: string, who: Who, id: string, tenantId: string) {
  return {
    id,
    timestamp: new Date().toISOString(),
    channelId: 'msteams',
    serviceUrl,
    from: { id: `29:${who.id}`, name: who.name, aadObjectId: who.id },
    conversation: { id: `a:personal-${who.id}`, conversationType: 'personal', tenantId },
    recipient: { id: BOT_ID, name: 'Return home bot' },
    channelData: { tenant: { id: tenantId } },
    locale: 'en-GB',
  };
}

export function messageActivity(serviceUrl: string, who: Who, text: string, id = activityId('msg'), tenantId = TENANT_ID): Record<string, unknown> {
  return { ...base(serviceUrl, who, id, tenantId), type: 'message', text, textFormat: 'plain' };
}

export function invokeActivity(serviceUrl: string, who: Who, verb: string, data: Record<string, unknown>, id = activityId('inv'), tenantId = TENANT_ID): Record<string, unknown> {
  return {
    ...base(serviceUrl, who, id, tenantId),
    type: 'invoke',
    name: 'adaptiveCard/action',
    value: { action: { type: 'Action.Execute', id: 'action-1', verb, data }, trigger: 'manual' },
  };
}

/** The body of an invoke response, as the bot answers a card action. */
export interface InvokeBody {
  statusCode: number;
  type: string;
  value: unknown;
}

export function isInvokeBody(body: unknown): body is InvokeBody {
  if (typeof body !== 'object' || body === null) return false;
  const b = body as Record<string, unknown>;
  return typeof b.statusCode === 'number' && typeof b.type === 'string' && 'value' in b;
}

export { cardTexts } from '../card-texts';
