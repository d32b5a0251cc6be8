/**
 * Who may reach the bot at all, decided at the HTTP edge before any bot code runs or anything is
 * stored, a conversation reference included (issue 15, M2 and M3):
 * - with an app id, only the Teams and Outlook channels: Web Chat and Direct Line let anyone who
 *   holds their secret post any `from.aadObjectId`, so an activity from them is never trusted;
 * - with an app id, only the council's own tenant (the id compared as a GUID, in any case).
 * Locally (no app id) there is no token, so there is nothing to restrict by: any channel and tenant.
 */
/** Bot Framework channel ids: Microsoft Teams and Outlook (actionable messages). */
export const ACCEPTED_CHANNELS: readonly string[] = Object.freeze(['msteams', 'outlook']);

export interface CallerPolicy {
  /** Undefined: local mode, nothing restricted. */
  tenantId: string | undefined;
  restricted: boolean;
}

export interface CallerRefusal {
  status: 403;
  code: 'CHANNEL_NOT_ACCEPTED' | 'TENANT_NOT_ACCEPTED';
  message: string;
}

/** The fields of an activity this policy reads (already checked for shape). */
export interface CallerFields {
  channelId: string;
  conversation: { tenantId?: string | null | undefined };
  channelData?: { tenant?: { id?: string | null | undefined } | null | undefined } | null | undefined;
}

/** The tenant an activity says it comes from: Teams puts it in both places. */
export function tenantOf(activity: CallerFields): string | undefined {
  return activity.conversation.tenantId ?? activity.channelData?.tenant?.id ?? undefined;
}

export function callerRefusal(activity: CallerFields, policy: CallerPolicy): CallerRefusal | null {
  if (!policy.restricted) return null;
  if (!ACCEPTED_CHANNELS.includes(activity.channelId)) {
    return { status: 403, code: 'CHANNEL_NOT_ACCEPTED', message: 'This bot answers only in Microsoft Teams and Outlook.' };
  }
  const tenant = tenantOf(activity);
  if (policy.tenantId === undefined || tenant === undefined || tenant.toLowerCase() !== policy.tenantId.toLowerCase()) {
    return { status: 403, code: 'TENANT_NOT_ACCEPTED', message: 'This bot serves one organisation only, and this request comes from another.' };
  }
  return null;
}
