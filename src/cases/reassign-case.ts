/**
 * Handing a case's social worker, team manager, IRO or Head of Service to someone else (issue 11).
 * Who may (mayHandOver) and whether the new person holds that part in the organisation file
 * (checkNewHolder) are decided here, from the organisation, never from the input beyond the
 * person's id; a refusal records nothing on the case.
 */
import type { ServiceContext } from './case-service-context';
import type { Applied, EventInput, HandOverCommand, ReassignCommand } from './case-command';
import { casePeopleOf } from './case-people';
import { checkNewHolder, mayHandOver } from './handover';
import { applyWith } from './apply-event';

/** With `unseen` (a click), need-to-know is checked on the one read, as for any click. */
export function reassignCase(ctx: ServiceContext, cmd: ReassignCommand | HandOverCommand): Promise<Applied> {
  // Replaced by the event the server completes once it has read the case (an unknown case keeps it only for the refusal log).
  const placeholder: EventInput = { type: 'CasePersonReassigned', role: cmd.role, to: { id: cmd.personId, name: '' }, reason: cmd.reason, people: { team: null, service: null, teamManagers: [], headsOfService: [], director: [], iroManager: [] } };
  return applyWith(ctx, { ...cmd, event: placeholder }, async (state, now) => {
    const check = await mayHandOver(ctx.authority, cmd.actor, state, now.today);
    if (!check.ok) return { ok: false, outcome: { ok: false, code: check.code, rule: null, message: check.message, caseId: state.caseId } };
    const org = ctx.authority.organisation;
    const chosen = checkNewHolder(org, state, cmd.role, cmd.personId);
    if (!chosen.ok) return { ok: false, outcome: { ok: false, code: 'NOT_A_HOLDER', rule: null, message: chosen.message, caseId: state.caseId } };
    return { ok: true, actor: check.actor, event: { type: 'CasePersonReassigned', role: cmd.role, to: chosen.person, reason: cmd.reason, people: casePeopleOf(org, state) } };
  });
}
