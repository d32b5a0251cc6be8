/**
 * A command's idempotency key is only a repeat of the same command (L2): the stored command keeps
 * who gave it, and a key that comes back naming another case or another person is refused, never
 * silently answered with the other command's outcome. (The bot also scopes the keys it makes to the
 * person, the case, the verb and the activity id, so two clicks never share one.)
 */
import type { CommandOutcome } from './case-command';

/** What is stored with the command: its outcome, and who gave it. */
export function storedOutcome(outcome: CommandOutcome, actorId: string): CommandOutcome & { commandBy: string } {
  return { ...outcome, commandBy: actorId };
}

export const KEY_REUSED: CommandOutcome = {
  ok: false,
  code: 'KEY_REUSED',
  rule: null,
  message: 'This action could not be matched to what you asked, so nothing was recorded. Open the case again and use the card shown there.',
};

/**
 * The outcome for a repeat of a stored command: the first outcome when it is the same person (and,
 * for a command on a case, the same case); KEY_REUSED otherwise. Commands stored before who gave
 * them was kept are checked on their case only.
 */
export function repeatOutcome(stored: unknown, asked: { actorId: string; caseId?: string }): CommandOutcome {
  const { commandBy, ...outcome } = stored as CommandOutcome & { commandBy?: string };
  if (commandBy !== undefined && commandBy !== asked.actorId) return KEY_REUSED;
  if (asked.caseId !== undefined && outcome.caseId !== undefined && outcome.caseId !== asked.caseId) return KEY_REUSED;
  return outcome as CommandOutcome;
}
