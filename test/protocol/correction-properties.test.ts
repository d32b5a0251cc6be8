/**
 * Property: a correction of the facts that changes what the approvers were shown (Director sign-off,
 * the assessment form's rules) withdraws exactly the decisions given on the old facts in this round
 * and the request still waiting, and asks the team manager again; one that changes nothing they saw
 * leaves every approval as it was. The expected answer is worked out here from the ruling itself.
 */
import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import { addDays, CaseState, DEFAULT_CASE_POLICY, FactChanges, formRulesFor, Now, ruleOn, signOffFor, transition } from '../../src/protocol';
import { accept, ACTORS, awaitingDirector, awaitingHeadOfService, events, nowOn, pending, readyForAssessment } from './support/case-fixtures';

const NOW: Now = nowOn('2026-03-02');
const policy = DEFAULT_CASE_POLICY;

/** What the approvers see that the facts decide, worked out from the ruling on these facts today. */
function shown(state: CaseState, facts: CaseState['facts']) {
  const ruling = ruleOn({ ...facts, asOf: NOW.today, pathway: state.pathway }, policy.ruling);
  if (!ruling.inScope) throw new Error('in scope');
  return JSON.stringify({ signOff: signOffFor(ruling, policy), form: state.assessment ? formRulesFor(state.assessment.form, ruling) : null });
}

const STARTS = [
  (facts: Record<string, unknown>) => accept(readyForAssessment({ facts }), events.assessment()).state,
  (facts: Record<string, unknown>) => awaitingHeadOfService({ facts }),
  (facts: Record<string, unknown>) => awaitingDirector({ facts }),
];

describe('correcting the facts: properties (fast-check)', () => {
  it('a correction that changes the ruling re-asks exactly the affected approvals; one that does not leaves them all standing', () => {
    let changedRuns = 0;
    let unchangedRuns = 0;
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: STARTS.length - 1 }),
        fc.integer({ min: 5, max: 200 }),
        fc.constantFrom<keyof FactChanges>('accommodatedOn', 'previousEpisodeEndedOn', 'dateOfBirth', 'lastAssessmentCompletedOn'),
        fc.integer({ min: 1, max: 400 }),
        (start, daysInCare, field, back) => {
          const accommodatedOn = addDays(NOW.today, -daysInCare);
          const facts = { accommodatedOn, returnedHomeOn: null };
          let state: CaseState;
          try {
            state = STARTS[start]!(facts);
          } catch {
            return; // a start that needs no Director, say, has no Director stage to wait at
          }
          const value = field === 'dateOfBirth' ? addDays('2010-01-01', -back * 5) : addDays(accommodatedOn, -back);
          const changes: FactChanges = { [field]: value };
          const result = transition(state, { type: 'FactsCorrected', actor: ACTORS.tm, changes, reason: 'typed wrong' }, NOW, policy);
          if (!result.ok) return;
          const next = result.state;
          const newFacts = { ...state.facts, ...changes } as CaseState['facts'];
          const rulingChanged = shown(state, state.facts) !== shown(state, newFacts);
          const round = state.assessment?.round;
          const affected = state.approvals.filter((a) => a.stage !== 'placement-end' && a.round === round && !a.cancelledAt && (!a.decision || a.decision.outcome === 'approve')).map((a) => a.approvalId);
          const nowWithdrawn = next.approvals.filter((a) => a.cancelledAt && !state.approvals.find((b) => b.approvalId === a.approvalId)?.cancelledAt).map((a) => a.approvalId);
          if (rulingChanged) {
            changedRuns += 1;
            assert.deepEqual(nowWithdrawn, affected, 'exactly the decisions given on the old facts, and the request waiting');
            const formGone = state.assessment && JSON.parse(shown(state, newFacts)).form?.length === 0;
            if (formGone) assert.equal(next.stage, 'revising');
            else {
              assert.equal(next.stage, 'awaiting-team-manager');
              assert.equal(next.approvals.length, state.approvals.length + 1, 'one new request');
              assert.equal(pending(next, 'team-manager').decision, null);
            }
          } else {
            unchangedRuns += 1;
            assert.deepEqual(next.approvals, state.approvals, 'decisions stand');
            assert.equal(next.stage, state.stage);
          }
        },
      ),
      { numRuns: 300 },
    );
    assert.ok(changedRuns > 10 && unchangedRuns > 10, `both kinds explored (${changedRuns} changed, ${unchangedRuns} unchanged)`);
  });
});
