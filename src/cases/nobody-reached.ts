/**
 * A message for a role that reached nobody: the role has no holder on this case (the organisation
 * file names nobody, or its group has no members), or every holder is barred from the request in
 * person (R-SIGN-4). Without this the request, reminder or escalation went nowhere without a word,
 * and a social worker could wait days for a decision nobody had been asked for.
 */
import type { Recipient } from '../protocol';
import type { UndeliveredReason } from './undelivered-messages';

export interface NobodyReached {
  /** Who it was for, as the card and the social worker's message name it ("the Head of Service"). */
  key: string;
  reason: UndeliveredReason;
}

/**
 * Why a message for `to` reached nobody, or undefined if someone was sent it. `found` is how many
 * people the role means on this case today; `sent` how many of them it was meant to go to after
 * those barred were left out. A group that could not be listed is told on its own (group-unresolved),
 * and a channel that is not set up is not a miss (no IRO_CHANNEL_ID: no channel notices).
 */
export function nobodyReached(to: Recipient, found: number, sent: number, unresolvedGroups: number, approvalId: string | undefined): NobodyReached | undefined {
  if (to.kind !== 'role' || sent > 0 || unresolvedGroups > 0) return undefined;
  // Once per request when all are barred (as before); once per role a case when nobody holds it.
  if (found > 0) return { key: `everyone-barred:${approvalId ?? to.role}`, reason: 'everyone-barred' };
  return { key: `no-holder:${to.role}`, reason: 'no-holder' };
}
