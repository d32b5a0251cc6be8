/**
 * For "my cases": the placement ends waiting for the Children's Placement Team to record (R-PLACE-1:
 * the Head of Service has consented, the end is not yet recorded). The team is named on no case, so
 * these are found through the case index's queue (`awaiting:end-placement`), as the decisions
 * waiting for a role are (waiting-for.ts).
 */
import type { CaseState, Person } from '../protocol';
import { waitingQueue } from './case-index';
import { everySummary } from './every-summary';
import type { WaitingStep, WorkingListDeps } from './working-list';

export async function placementEndsWaitingFor(deps: WorkingListDeps, person: Person): Promise<WaitingStep[]> {
  const role = await deps.authority.check(person, ['placement-team'], deps.today);
  if (!role.ok) return [];
  const steps: WaitingStep[] = [];
  for (const summary of await everySummary(deps.store, waitingQueue('end-placement'))) {
    const stored = await deps.store.get<CaseState>(summary.caseId);
    if (!stored) continue;
    const state = stored.state;
    // The index is a hint: the case decides. Their own case lists it already (working-list.ts).
    if (state.stage === 'closed' || state.placement.status !== 'consent-given' || state.socialWorker.id === person.id) continue;
    if (!(await deps.authority.holdsOnCase(person, 'placement-team', deps.today, state))) continue;
    steps.push({ caseId: state.caseId, ref: state.ref, what: 'end-placement', due: null, overdueBy: 0 });
  }
  return steps.sort((a, b) => a.ref.localeCompare(b.ref));
}
