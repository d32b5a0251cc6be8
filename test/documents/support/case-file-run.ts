/** Drives one unplanned case through the app's case service to its letter: every document of that pathway gets made. */
import { strict as assert } from 'node:assert';
import type { App } from '../../../src/app';
import type { CommandOutcome, EventInput } from '../../../src/cases/case-service';
import type { CaseState } from '../../../src/protocol';
import { PEOPLE, type SettableClock } from '../../../support/world';

export const HOME_FACTS = {
  legalStatus: 'S20',
  dateOfBirth: '2009-05-14',
  accommodatedOn: '2026-01-05',
  previousEpisodeEndedOn: null,
  lastAssessmentCompletedOn: null,
  pathway: 'unplanned',
  returnedHomeOn: '2026-02-27',
};

function ok(outcome: CommandOutcome): Extract<CommandOutcome, { ok: true }> {
  if (!outcome.ok) assert.fail(`expected success, got ${outcome.code}: ${outcome.message}`);
  return outcome;
}

let counter = 0;

export async function runCaseToLetter(app: App, clock: SettableClock, ref: string, between: () => Promise<void> = async () => {}): Promise<string> {
  const key = (): string => `doc-click-${++counter}`;
  const caseId = ok(await app.service.openCase({ idempotencyKey: key(), actor: PEOPLE.sw, ref, facts: HOME_FACTS, trigger: 'consent-withdrawn', iro: PEOPLE.iro })).caseId;
  const state = async (): Promise<CaseState> => (await app.service.get(caseId))!.state;
  const pending = async (): Promise<string> => (await state()).approvals.find((a) => !a.decision && !a.cancelledAt)!.approvalId;
  const act = async (actor: { id: string; name: string }, event: EventInput): Promise<void> => {
    ok(await app.service.apply({ idempotencyKey: key(), caseId, actor, event }));
    clock.current = new Date(clock.current.getTime() + 60_000);
    await between();
  };
  await act(PEOPLE.sw, { type: 'ChildViewsRecorded', views: 'Wants to be at home.' });
  await act(PEOPLE.sw, { type: 'ImmediateRiskConsidered', summary: 'No immediate risk.', consulted: 'team-manager', legalPlanningMeetingNeeded: false, childProtectionConferenceNeeded: false });
  await act(PEOPLE.sw, { type: 'IroInformed' });
  await act(PEOPLE.sw, { type: 'ParentsConsulted', views: 'Mother wants her home.', plannedReturnAgreed: false });
  await act(PEOPLE.sw, { type: 'AssessmentSubmitted', form: 's20-return-home-assessment', viable: true, riskAnalysis: 'Low risk with support.', safetyPlan: 'Daily contact with school.', stepdownPlan: [{ option: 'trusted-adult', purpose: 'Grandmother to call.' }], completedOn: '2026-03-02' });
  await act(PEOPLE.tm, { type: 'DecisionGiven', approvalId: await pending(), outcome: 'approve', comment: null });
  await act(PEOPLE.iro, { type: 'IroViewRecorded', view: 'Supports the return.', reviewBroughtForward: false });
  await act(PEOPLE.hos, { type: 'DecisionGiven', approvalId: await pending(), outcome: 'approve', comment: 'Agreed.' });
  await act(PEOPLE.deputy, { type: 'DecisionGiven', approvalId: await pending(), outcome: 'approve', comment: null });
  await act(PEOPLE.sw, { type: 'CareEpisodeEnded', directorAgreementUploaded: true, agenciesInformed: true });
  await act(PEOPLE.sw, { type: 'PlacementEndRequested', proposedEndDate: '2026-03-06' });
  await act(PEOPLE.hos, { type: 'DecisionGiven', approvalId: await pending(), outcome: 'approve', comment: null });
  await act(PEOPLE.cpt, { type: 'PlacementEnded', endDate: '2026-03-02', carersToldOn: '2026-03-02' });
  await act(PEOPLE.sw, { type: 'LetterWritten', writtenOn: '2026-03-02', text: 'Dear [your name],\nYour letter, as finished.' });
  return caseId;
}
