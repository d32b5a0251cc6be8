/** One case's line in "my cases": what it says to the IRO manager who covers a case with no IRO named. */
import { strict as assert } from 'node:assert';
import type { CaseLine } from '../../src/cases/working-list';
import { caseLine } from '../../src/bot/working-list-text';

const covered = (stage: CaseLine['stage']): CaseLine => ({ caseId: 'c1', ref: 'MOS-1042', pathway: 'unplanned', stage, socialWorker: 'Sam Social', team: 'Early Help', next: undefined, overdueBy: 0, coveringIro: true });

describe('"my cases": a case the IRO manager covers as its IRO', () => {
  it('before the care episode ends: they act as its IRO until the team manager names one', () => {
    assert.match(caseLine(covered('awaiting-head-of-service')), /, no IRO named yet: you act as its IRO until one is named \(the case's team manager names one with "Hand the case over"\),/);
  });

  it('once the care episode has ended: the IRO\'s part has ended, so nobody is sent to name one', () => {
    const line = caseLine(covered('episode-ended'));
    assert.match(line, /^- MOS-1042: unplanned, [^,]+, no IRO named: the care episode has ended, and the IRO's part with it, so none needs naming; it is listed as yours until the case closes, nothing dated due \(type "case MOS-1042"\)$/);
    assert.doesNotMatch(line, /Hand the case over|until one is named/);
  });
});
