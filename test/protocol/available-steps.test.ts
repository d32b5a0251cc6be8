/** availableSteps: what the card offers next, each step with who may take it from the event table. */
import { strict as assert } from 'node:assert';
import { availableSteps, CaseEvent, CaseState, DEFAULT_CASE_POLICY, transition, type AvailableStep } from '../../src/protocol';
import { accept, ACTORS, awaitingDirector, awaitingHeadOfService, events, NOW, opened, readyForAssessment } from './support/case-fixtures';

const steps = (state: CaseState): AvailableStep[] => availableSteps(state, DEFAULT_CASE_POLICY, NOW.today);
const names = (state: CaseState): string[] => steps(state).map((s) => s.step);

/** The event a step sends, with simple answers, from the first role allowed to take it. */
function eventFor(state: CaseState, step: AvailableStep): CaseEvent | null {
  const role = step.roles[0]!;
  const actor = role === 'team-manager' ? ACTORS.tm : role === 'head-of-service' ? ACTORS.hos : role === 'director' ? ACTORS.director : role === 'iro' ? ACTORS.iro : role === 'placement-team' ? ACTORS.cpt : ACTORS.sw;
  switch (step.step) {
    case 'childViews': return events.childViews(actor);
    case 'immediateRisk': return events.immediateRisk(actor);
    case 'iroInformed': return events.iroInformed(actor);
    case 'parentsConsulted': return events.parentsConsulted(actor);
    case 'assessment': return events.assessment({ actor, completedOn: NOW.today });
    case 'iroView': return events.iroView(actor);
    case 'approval': return events.decision(step.approvalId!, actor);
    case 'directorRequest': return events.directorRequested(actor);
    case 'episodeEnded': return events.episodeEnded(true, actor);
    case 'letter': return events.letter(NOW.today, actor);
    default: return null;
  }
}

describe('availableSteps: what can be done next, from the declared machine', () => {
  it("offers a new unplanned case's four first steps to the social worker or team manager, with their rules", () => {
    const state = opened().state;
    assert.deepEqual(names(state), ['childViews', 'immediateRisk', 'parentsConsulted', 'iroInformed', 'returnedHome']);
    const childViews = steps(state)[0]!;
    assert.deepEqual([childViews.event, [...childViews.roles], childViews.rule], ['ChildViewsRecorded', ['social-worker', 'team-manager'], 'R-UNPL-1']);
  });

  it('offers the assessment once the steps before it are recorded, and the IRO their view', () => {
    const state = readyForAssessment();
    assert.ok(names(state).includes('assessment'));
    const view = steps(state).find((s) => s.step === 'iroView');
    assert.deepEqual(view && [...view.roles], ['iro', 'social-worker']);
  });

  it("puts the open request first, for its approver only: the Head of Service's agreement, then the Director's authorisation", () => {
    const hos = steps(awaitingHeadOfService())[0]!;
    assert.deepEqual([hos.step, hos.approvalStage, [...hos.roles]], ['approval', 'head-of-service', ['head-of-service']]);
    const director = steps(awaitingDirector())[0]!;
    assert.deepEqual([director.step, director.approvalStage, [...director.roles]], ['approval', 'director', ['director']]);
  });

  it('offers nothing on a closed case', () => {
    const state = readyForAssessment();
    const withdrawn = accept(state, { type: 'CaseWithdrawn', actor: ACTORS.tm, reason: 'duplicate', details: 'twice' }).state;
    assert.deepEqual(steps(withdrawn), []);
  });

  it('every step it offers along the unplanned path is accepted when its first role takes it', () => {
    let state = opened().state;
    const seen = new Set<string>();
    // Take the first offered step the test can answer, until the case reaches the end of the chain.
    for (let i = 0; i < 20; i++) {
      const offered = steps(state);
      for (const step of offered) {
        const event = eventFor(state, step);
        if (!event) continue;
        const result = transition(state, event, NOW, DEFAULT_CASE_POLICY);
        assert.ok(result.ok, `${step.step} offered in ${state.stage} but refused: ${result.ok ? '' : result.refusal.message}`);
        seen.add(`${state.stage}:${step.step}`);
      }
      const next = offered.map((s) => eventFor(state, s)).find((e): e is CaseEvent => e !== null);
      if (!next) break;
      state = accept(state, next).state;
    }
    for (const expected of ['preparing:childViews', 'preparing:assessment', 'awaiting-team-manager:approval', 'awaiting-head-of-service:approval']) assert.ok(seen.has(expected), `never offered ${expected}`);
  });
});
