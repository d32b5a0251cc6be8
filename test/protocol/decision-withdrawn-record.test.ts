/**
 * A decision withdrawn by a correction of the facts (R-SIGN-4): SharePoint's Decisions list, which
 * the records manager reads and which is written once per decision, gets a row saying so (who
 * withdrew it, on whose behalf, when and why), instead of going on showing the decision as standing.
 */
import { strict as assert } from 'node:assert';
import type { Effect } from '../../src/protocol';
import { accept, actor, ACTORS, drive, events, initialSteps, nowOn, opened, pending } from './support/case-fixtures';

const SHORT_NOT_HOME = { accommodatedOn: '2026-02-20', returnedHomeOn: null } as const;
const decisionRows = (effects: Effect[]) => effects.filter((e): e is Extract<Effect, { type: 'record' }> => e.type === 'record' && e.list === 'decisions');

describe("transition: a decision withdrawn by a correction, in SharePoint's Decisions list", () => {
  it("adds a row that the team manager's agreement was withdrawn: by whom, on whose behalf, when and why", () => {
    const submitted = drive(opened({ facts: SHORT_NOT_HOME }).state, [...initialSteps(), events.assessment()]).state;
    const approvalId = pending(submitted, 'team-manager').approvalId;
    const agreed = accept(submitted, events.decision(approvalId, ACTORS.tm), nowOn('2026-03-03')).state;
    const deputy = actor({ id: 'dep-sw', name: 'Dee Cover' }, 'social-worker', { id: ACTORS.sw.id, name: ACTORS.sw.name });
    const { effects } = accept(agreed, { type: 'FactsCorrected', actor: deputy, changes: { accommodatedOn: '2026-01-21' }, reason: 'Typed wrong.' }, nowOn('2026-03-09'));
    const withdrawn = decisionRows(effects).filter((e) => e.fields['Outcome'] === 'withdrawn');
    assert.equal(withdrawn.length, 1, JSON.stringify(decisionRows(effects)));
    const row = withdrawn[0]!;
    assert.equal(row.key, `decision-withdrawn:${approvalId}`);
    assert.deepEqual({ ...row.fields, DecidedAt: undefined }, {
      CaseRef: agreed.ref,
      Stage: 'team-manager',
      Outcome: 'withdrawn',
      DecidedBy: 'Dee Cover',
      DecidedById: 'dep-sw',
      OnBehalfOf: ACTORS.sw.name,
      Comment: `The team manager's agreement given by ${ACTORS.tm.name} on Tue 3 Mar 2026 was withdrawn: the facts were corrected (date accommodated) and Director sign-off is now needed: R-SIGN-1, R-SIGN-2; the assessment form is now allowed by R-ASSESS-2, because "Typed wrong."`,
      DecidedAt: undefined,
      Retrospective: false,
    });
  });

  it('adds none for a request still waiting, which had no row', () => {
    const submitted = drive(opened({ facts: SHORT_NOT_HOME }).state, [...initialSteps(), events.assessment()]).state;
    const { effects } = accept(submitted, { type: 'FactsCorrected', actor: ACTORS.sw, changes: { accommodatedOn: '2026-01-21' }, reason: 'Typed wrong.' }, nowOn('2026-03-09'));
    assert.deepEqual(decisionRows(effects), []);
  });
});
