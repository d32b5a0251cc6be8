/**
 * A person's event on a case (a card click, a typed command): only the case's own people, and
 * their active deputies, act on it, as whoMayAct says; authority is checked here from their Entra
 * object id, never from card data. A deadline is the reminder service's alone, and a handover is
 * completed from the organisation file (reassign-case.ts).
 */
import type { ServiceContext } from './case-service-context';
import type { ActCommand, Applied, ApplyCommand, CommandOutcome } from './case-command';
import { whoMayAct } from './who-may-act';
import { viewCase } from './case-lookup';
import { applyWith } from './apply-event';
import { reassignCase } from './reassign-case';
import { notTheirPart } from './handed-over-from';

export async function actAsPerson(ctx: ServiceContext, cmd: ActCommand | ApplyCommand): Promise<Applied> {
  if ((cmd.event as { type: string }).type === 'DeadlineReached') {
    const refused: CommandOutcome = { ok: false, code: 'NOT_YOUR_ROLE', rule: null, message: 'Deadlines are raised by the reminder service only.' };
    if (!('unseen' in cmd)) return { seen: true, outcome: refused };
    const stored = await viewCase(ctx, cmd.actor, cmd.caseId, cmd.unseen.action, cmd.unseen.correlationId);
    return stored ? { seen: true, outcome: refused, state: stored.state } : { seen: false };
  }
  if (cmd.event.type === 'CasePersonReassigned') {
    // Only the person's id is taken from the input: who they are, and the case's people, come from the organisation.
    const { event } = cmd;
    const click = 'unseen' in cmd ? { unseen: cmd.unseen, ...(cmd.basis ? { basis: cmd.basis } : {}) } : {};
    return reassignCase(ctx, { idempotencyKey: cmd.idempotencyKey, caseId: cmd.caseId, actor: cmd.actor, role: event.role, personId: event.to.id, reason: event.reason, ...(cmd.correlationId ? { correlationId: cmd.correlationId } : {}), ...click });
  }
  return applyWith(ctx, cmd, async (state, now) => {
    // Only the case's own people (and their active deputies) act on it.
    const who = whoMayAct(cmd.event, state);
    const check = await ctx.authority.checkOnCase(cmd.actor, who.roles, now.today, state, who.what);
    if (check.ok) return { ok: true, actor: check.actor };
    if (check.code === 'DIRECTORY_UNAVAILABLE') return { ok: false, outcome: { ok: false, code: check.code, rule: null, message: check.message, caseId: state.caseId } };
    // A card kept from before the part was handed over from them: say so, and to whom, not only who may.
    const refused = notTheirPart(cmd.actor, state, who.roles, { message: check.message, rule: who.rule });
    return { ok: false, outcome: { ok: false, code: check.code, ...refused, caseId: state.caseId } };
  });
}
