/**
 * The copies of a request's card already sent, edited when the request ends or moves: decided or
 * withdrawn, every copy says so; handed over, the copies of those it was taken from say to whom.
 */
import type { CaseState } from '../protocol';
import { APPROVER_ROLE } from '../protocol';
import { copyOwner, updateCopies } from './card-copies';
import { caseHolders } from './case-people';
import type { EffectDelivererDeps } from './effect-delivery';
import { calendarDateIn } from './org-time';
import { activeDeputiesFor } from './organisation';

/** Each decided or withdrawn approval's copies, edited to show how it ended (once each). */
export async function updateClosedCopies(deps: EffectDelivererDeps, now: () => Date, state: CaseState): Promise<void> {
  if (!deps.cards?.decisionCard || !deps.notifier.update) return;
  for (const approval of state.approvals) {
    if (!approval.decision && !approval.cancelledAt) continue;
    const card = deps.cards.decisionCard(state, approval.approvalId);
    if (card === undefined) continue;
    await updateCopies(deps.store, deps.notifier, approval.approvalId, { key: `update:${approval.approvalId}`, text: `Case ${state.ref}: ${approval.decision ? 'decided' : 'withdrawn'}.`, card }, now);
  }
}

/**
 * A case handed over: each request still waiting that moved to the new person. The copies of
 * those who held the part before (and their deputies) now say "Reassigned to … on …" with no
 * buttons; the new holder's copies, and anyone else's, are left as they are.
 */
export async function updateReassignedCopies(deps: EffectDelivererDeps, now: () => Date, state: CaseState): Promise<void> {
  if (!deps.cards?.reassignedCard || !deps.notifier.update) return;
  const org = deps.authority.organisation;
  const today = calendarDateIn(now(), deps.timeZone);
  const handovers = state.reassignments ?? [];
  for (const approval of state.approvals) {
    if (approval.decision || approval.cancelledAt) continue;
    const moves = handovers.filter((h) => h.approvals.includes(approval.approvalId));
    const latest = moves[moves.length - 1];
    if (!latest) continue;
    const role = APPROVER_ROLE[approval.stage];
    // A part held through an Entra group: its copies went to the group's members.
    const idsOf = async (h: { id: string; group?: true }): Promise<string[]> => (h.group && deps.directory?.groupMembers ? (await deps.directory.groupMembers(h.id)).map((m) => m.id) : [h.id]);
    const current = new Set<string>();
    for (const h of caseHolders(org, state, role)) {
      for (const id of await idsOf(h)) current.add(id);
      for (const d of activeDeputiesFor(org, role, h.id, today)) current.add(d.id);
    }
    const stale = new Set<string>();
    for (const move of moves) {
      for (const h of move.from) {
        for (const id of await idsOf(h)) stale.add(id);
        for (const d of org.deputies) if (d.role === role && d.for.id === h.id) stale.add(d.deputy.id);
      }
    }
    for (const id of current) stale.delete(id);
    if (stale.size === 0) continue;
    const card = deps.cards.reassignedCard(state, approval.approvalId, latest);
    if (card === undefined) continue;
    await updateCopies(deps.store, deps.notifier, approval.approvalId, { key: `reassigned:${approval.approvalId}:${moves.length}`, text: `Case ${state.ref}: reassigned to ${latest.to.name}.`, card }, now, (copy) => {
      const owner = copyOwner(copy);
      return owner !== undefined && stale.has(owner);
    });
  }
}
