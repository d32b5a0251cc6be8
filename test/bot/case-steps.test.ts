/** A step's form as the case asks it: fields that cannot apply to this case are not shown. */
import { strict as assert } from 'node:assert';
import { stepFor } from '../../src/bot/case-steps';
import { accept, ACTORS, awaitingDirector, awaitingHeadOfService, events, opened, pending } from '../protocol/support/case-fixtures';

describe('the form to record the end of the care episode (R-PLACE-2)', () => {
  it("asks whether the Director's agreement is uploaded only where a Director authorised the return, not where none was needed nor asked (R-SIGN-6)", () => {
    const short = awaitingHeadOfService({ facts: { accommodatedOn: '2026-02-20', returnedHomeOn: '2026-02-27', dateOfBirth: '2014-05-14' } });
    const agreed = accept(short, events.decision(pending(short, 'head-of-service').approvalId, ACTORS.hos)).state;
    assert.equal(agreed.stage, 'head-of-service-agreed');
    assert.deepEqual(stepFor('episodeEnded', agreed).fields.map((f) => f.id), ['agenciesInformed', 'familyInformed']);
    const atDirector = awaitingDirector();
    const authorised = accept(atDirector, events.decision(pending(atDirector, 'director').approvalId, ACTORS.director)).state;
    assert.deepEqual(stepFor('episodeEnded', authorised).fields.map((f) => f.id), ['directorAgreementUploaded', 'agenciesInformed', 'familyInformed']);
  });
});

describe('the form to inform the IRO', () => {
  it("cites the case's pathway's rule: R-PLAN-6 on a planned return, R-UNPL-3 on an unplanned one", () => {
    const planned = opened({ facts: { pathway: 'planned', accommodatedOn: '2026-01-05', returnedHomeOn: null } }).state;
    assert.equal(stepFor('iroInformed', planned).rule, 'R-PLAN-6');
    assert.equal(stepFor('iroInformed', opened().state).rule, 'R-UNPL-3');
  });
});
