/**
 * The shape of an activity, checked at the HTTP edge (issue 15, L5 and L6). A channel always
 * sends these fields with these types; anything else would fail part-way through the turn (an
 * identity field that is a number or an object throws inside botbuilder or the bot) instead of
 * being refused. Unknown fields are allowed: channels add them freely. The original body, not a
 * parsed copy, goes on to botbuilder.
 */
import { z } from 'zod';

/** Deeper than any activity a channel sends (Teams' channelData and a card's data are a few levels). */
export const MAX_DEPTH = 32;

const optionalText = z.string().nullish();

const account = z.looseObject({
  id: z.string(),
  name: optionalText,
  aadObjectId: optionalText,
  role: optionalText,
});

const activitySchema = z.looseObject({
  type: z.string().min(1),
  id: optionalText,
  name: optionalText,
  channelId: z.string().min(1),
  serviceUrl: z.string().min(1),
  from: account,
  recipient: account,
  conversation: z.looseObject({
    id: z.string(),
    name: optionalText,
    tenantId: optionalText,
    conversationType: optionalText,
    isGroup: z.boolean().nullish(),
  }),
  channelData: z.looseObject({ tenant: z.looseObject({ id: z.string() }).nullish() }).nullish(),
  text: optionalText,
  locale: optionalText,
  // botbuilder reads each member's id when a conversation update names who joined or left.
  membersAdded: z.array(account).nullish(),
  membersRemoved: z.array(account).nullish(),
});

export type EdgeActivity = z.infer<typeof activitySchema>;

export type ShapeResult =
  | { ok: true; activity: EdgeActivity }
  | { ok: false; code: 'NOT_AN_ACTIVITY' | 'BAD_FIELD' | 'TOO_DEEP' | 'NO_CARD_ACTION'; message: string };

/** How deeply `value` nests, counted without recursion (so a hostile depth cannot overflow the stack). */
export function depthOf(value: unknown, limit = MAX_DEPTH + 1): number {
  let deepest = 0;
  const stack: Array<[unknown, number]> = [[value, 1]];
  while (stack.length > 0) {
    const [item, depth] = stack.pop()!;
    if (typeof item !== 'object' || item === null) continue;
    if (depth > deepest) deepest = depth;
    if (deepest >= limit) return deepest;
    for (const inner of Object.values(item)) stack.push([inner, depth + 1]);
  }
  return deepest;
}

function fieldPath(path: ReadonlyArray<PropertyKey>): string {
  return path.map(String).join('.');
}

export function checkActivityShape(body: unknown): ShapeResult {
  const type = typeof body === 'object' && body !== null && !Array.isArray(body) ? (body as { type?: unknown }).type : undefined;
  if (typeof type !== 'string' || type === '') {
    return { ok: false, code: 'NOT_AN_ACTIVITY', message: 'The request body must be a Bot Framework activity: a JSON object with a "type".' };
  }
  if (depthOf(body) > MAX_DEPTH) {
    return { ok: false, code: 'TOO_DEEP', message: `The activity nests more than ${MAX_DEPTH} levels deep, which no channel sends.` };
  }
  const parsed = activitySchema.safeParse(body, { reportInput: true });
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const path = fieldPath(issue.path);
    const missing = issue.code === 'invalid_type' && issue.input === undefined;
    return { ok: false, code: 'BAD_FIELD', message: missing ? `The activity's "${path}" is missing.` : `The activity's "${path}" is not valid (${issue.code === 'invalid_type' ? `expected ${issue.expected}` : issue.message}).` };
  }
  const activity = parsed.data;
  if (activity.type === 'invoke' && activity.name === 'adaptiveCard/action') {
    // botbuilder reads value.action.type unguarded (a value that is text threw: a 501); a missing value it answers itself (400).
    const value = (body as { value?: unknown }).value;
    if (value !== undefined && value !== null) {
      const action = typeof value === 'object' ? (value as { action?: unknown }).action : undefined;
      if (typeof action !== 'object' || action === null) return { ok: false, code: 'NO_CARD_ACTION', message: 'The card action must carry an "action" object.' };
    }
  }
  return { ok: true, activity };
}
