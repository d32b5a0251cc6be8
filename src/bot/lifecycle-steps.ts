/**
 * The forms for changing a case (issue 12): withdraw it, move it to the planned pathway (R-UNPL-4),
 * ask the team manager to withdraw it (and their answer), reopen it, correct its facts, undo a recorded step. Like every step, values are checked here and
 * the protocol decides whether the change is allowed.
 */
import type { CalendarDate, CaseState, FactChanges, LegalStatus, UndoableStep, UnplannedTrigger, WithdrawalReason } from '../protocol';
import { dateText, pendingWithdrawalRequest, preparationStepsFixed, TRIGGER_NAMES, UNDOABLE_STEP_NAMES, UNPLANNED_TRIGGERS, WITHDRAWAL_REASON_NAMES, WITHDRAWAL_REASONS } from '../protocol';
import type { FieldSpec, StepSpec } from './case-steps';

const sentence = (text: string): string => text.charAt(0).toUpperCase() + text.slice(1);
const reasonField = (label: string): FieldSpec => ({ id: 'reason', kind: 'text', label, required: true });
const optionalDate = (id: string, label: string): FieldSpec => ({ id, kind: 'date', label, required: false });

const withdrawalReasonField: FieldSpec = { id: 'withdrawal', kind: 'choice', label: 'Why', required: true, choices: WITHDRAWAL_REASONS.map((r) => ({ title: sentence(WITHDRAWAL_REASON_NAMES[r]), value: r })) };

export const LIFECYCLE_STEPS = {
  withdraw: {
    title: 'Withdraw the case (team manager)', rule: 'R-SIGN-4', submitTitle: 'Withdraw the case',
    fields: [withdrawalReasonField, reasonField('In a few words (kept with the case)')],
    toEvent: (v) => ({ type: 'CaseWithdrawn', reason: v['withdrawal'] as WithdrawalReason, details: v['reason'] ?? '' }),
    // Asked by the social worker: the form opens with what they gave, for the team manager to agree.
    prefill: (state): Record<string, string> => {
      const asked = pendingWithdrawalRequest(state);
      return asked ? { withdrawal: asked.withdrawal, reason: asked.why } : {};
    },
  },
  withdrawalRequest: {
    title: 'Ask the team manager to withdraw the case', rule: 'R-SIGN-4', submitTitle: 'Ask the team manager',
    fields: [withdrawalReasonField, reasonField('In a few words, for the team manager')],
    toEvent: (v) => ({ type: 'WithdrawalRequested', reason: v['withdrawal'] as WithdrawalReason, details: v['reason'] ?? '' }),
  },
  withdrawalDecline: {
    title: 'Decline the request to withdraw the case (team manager)', rule: 'R-SIGN-4', submitTitle: 'Keep the case open',
    fields: [reasonField('Why the case stays open (the social worker is told)')],
    toEvent: (v) => ({ type: 'WithdrawalDeclined', reason: v['reason'] ?? '' }),
  },
  plannedInstead: {
    title: 'Move to the planned pathway: the parents agreed a planned return', rule: 'R-UNPL-4', submitTitle: 'Move to the planned pathway',
    fields: [{ id: 'reason', kind: 'text', label: 'What was agreed (optional)', required: false }],
    toEvent: (v) => ({ type: 'PathwayChangedToPlanned', reason: v['reason'] ?? '' }),
  },
  // The return home broke down after the care episode ended (src/protocol/back-in-care.ts).
  backInCare: {
    title: 'Record that the child came back into care: the return home broke down', rule: 'R-VISIT-1', submitTitle: 'Record that the child came back into care',
    fields: [{ id: 'on', kind: 'date', label: 'Date the child came back into care', required: true }, reasonField('What happened, in a few words (kept with the case)')],
    toEvent: (v) => ({ type: 'ChildBackInCare', on: v['on'] ?? '', notes: v['reason'] ?? '' }),
  },
  reopen: {
    title: 'Reopen the case (team manager)', rule: 'R-UNPL-10', submitTitle: 'Reopen the case',
    fields: [reasonField('Why the case is reopened (for example, the return broke down)')],
    toEvent: (v) => ({ type: 'CaseReopened', reason: v['reason'] ?? '' }),
  },
  correctFacts: {
    title: 'Correct the facts', rule: 'R-SIGN-4', submitTitle: 'Correct the facts',
    fields: [
      optionalDate('dateOfBirth', "Child's date of birth (leave empty to keep it as recorded)"),
      optionalDate('accommodatedOn', 'Date accommodated'),
      optionalDate('previousEpisodeEndedOn', 'End of a previous episode of care (if any)'),
      optionalDate('lastAssessmentCompletedOn', 'Last Child & Family assessment completed (if any)'),
      optionalDate('returnedHomeOn', 'Date the child went home'),
      { id: 'legalStatus', kind: 'choice', label: 'Legal status (R-SCOPE-2)', required: true, choices: [{ title: 'Section 20', value: 'S20' }, { title: 'Interim Care Order (ends this case)', value: 'ICO' }, { title: 'Care Order (ends this case)', value: 'CO' }] },
      { id: 'trigger', kind: 'choice', label: 'What started the unplanned return', required: false, choices: UNPLANNED_TRIGGERS.map((t) => ({ title: sentence(TRIGGER_NAMES[t]), value: t })) },
      reasonField('Why the facts are corrected'),
    ],
    // Only the fields the person changed are corrections: the form was filled in with the facts as they
    // were when it opened, and sent later (or again) it reverted a correction someone made meanwhile.
    keepsShown: true,
    // The date of birth is not shown on a card: left empty, it stays as recorded.
    prefill: (state) => ({
      accommodatedOn: state.facts.accommodatedOn,
      previousEpisodeEndedOn: state.facts.previousEpisodeEndedOn ?? '',
      lastAssessmentCompletedOn: state.facts.lastAssessmentCompletedOn ?? '',
      returnedHomeOn: state.facts.returnedHomeOn ?? '',
      legalStatus: state.facts.legalStatus,
      trigger: state.trigger ?? '',
    }),
    toEvent: (sent, _index, shown = {}) => {
      const changes: FactChanges = {};
      // A field as the form showed it is left out: not changed by this person.
      const v = Object.fromEntries(Object.entries(sent).filter(([id, value]) => shown[id] === undefined || value !== shown[id]));
      const date = (id: string): CalendarDate | undefined => (v[id] ? (v[id] as CalendarDate) : undefined);
      if (date('dateOfBirth')) changes.dateOfBirth = date('dateOfBirth')!;
      if (date('accommodatedOn')) changes.accommodatedOn = date('accommodatedOn')!;
      // The form opens with these filled in: sent back empty, the date was cleared ("if any": there is none).
      if ('previousEpisodeEndedOn' in v) changes.previousEpisodeEndedOn = date('previousEpisodeEndedOn') ?? null;
      if ('lastAssessmentCompletedOn' in v) changes.lastAssessmentCompletedOn = date('lastAssessmentCompletedOn') ?? null;
      if (date('returnedHomeOn')) changes.returnedHomeOn = date('returnedHomeOn')!;
      if (v['legalStatus']) changes.legalStatus = v['legalStatus'] as LegalStatus;
      if (v['trigger']) changes.trigger = v['trigger'] as UnplannedTrigger;
      return { type: 'FactsCorrected', changes, reason: v['reason'] ?? '' };
    },
  },
  undo: {
    title: 'Undo a recorded step', rule: 'R-SIGN-4', submitTitle: 'Undo the step',
    fields: [{ id: 'undo', kind: 'choice', label: 'Which step', required: true, choices: [] }, reasonField('Why it is undone')],
    toEvent: (v) => {
      const [step, index] = (v['undo'] ?? '').split(':');
      return { type: 'StepUndone', step: step as UndoableStep, index: Number(index ?? 0) || 0, reason: v['reason'] ?? '' };
    },
  },
  riskView: {
    title: 'Give your view on a Legal Planning Meeting or ICPC', rule: 'R-UNPL-2', submitTitle: 'Give my view',
    fields: [
      { id: 'legalPlanningMeetingNeeded', kind: 'toggle', label: 'A Legal Planning Meeting is needed', required: false },
      { id: 'childProtectionConferenceNeeded', kind: 'toggle', label: 'An Initial Child Protection Conference is needed', required: false },
      { id: 'view', kind: 'text', label: 'Your view, in a few words', required: false },
    ],
    toEvent: (v) => ({ type: 'RiskViewGiven', legalPlanningMeetingNeeded: v['legalPlanningMeetingNeeded'] === 'true', childProtectionConferenceNeeded: v['childProtectionConferenceNeeded'] === 'true', view: v['view'] ?? '' }),
  },
} satisfies Record<string, StepSpec>;

/**
 * The recorded steps that could be undone on this case, as choices ("visit:2" for the third visit).
 * Once a decision rests on the steps before the assessment (R-SIGN-4, R-UNPL-8) they are not
 * offered, as undoing them could only be refused; `recorded` lists them anyway (a stale form shown again).
 */
export function undoChoices(state: CaseState, recorded = false): { title: string; value: string }[] {
  const choices: { title: string; value: string }[] = [];
  for (const step of ['childViews', 'immediateRisk', 'iroInformed', 'parentsConsulted'] as const) {
    if (state.steps[step] && (recorded || !preparationStepsFixed(state))) choices.push({ title: sentence(UNDOABLE_STEP_NAMES[step]), value: step });
  }
  for (const v of state.visits) if (v.doneOn) choices.push({ title: `Visit ${v.index + 1}, recorded as done on ${dateText(v.doneOn)}`, value: `visit:${v.index}` });
  if (state.episodeEnded?.agenciesInformed) choices.push({ title: 'Agencies told', value: 'agenciesInformed' });
  if (state.letter) choices.push({ title: sentence(UNDOABLE_STEP_NAMES.letter), value: 'letter' });
  if (state.backInCare) choices.push({ title: `That the child came back into care on ${dateText(state.backInCare.on)}`, value: 'backInCare' });
  return choices;
}

/** The case's own version of a change form: the steps it can undo, and no unplanned reason on a planned case. */
export function lifecycleStepFor(step: keyof typeof LIFECYCLE_STEPS, state: CaseState): StepSpec {
  const spec: StepSpec = LIFECYCLE_STEPS[step];
  if (step === 'undo') {
    // A form refused once nothing is left to undo still shows the steps recorded; with none, one empty choice
    // saying so (Teams cannot show a choice set without choices; choosing it is refused: no such step).
    const open = undoChoices(state);
    const offered = open.length > 0 ? open : undoChoices(state, true);
    const choices = offered.length > 0 ? offered : [{ title: 'Nothing recorded can be undone now', value: 'none' }];
    return { ...spec, fields: spec.fields.map((f) => (f.id === 'undo' ? { ...f, choices } : f)) };
  }
  if (step === 'correctFacts' && state.pathway === 'planned') return { ...spec, fields: spec.fields.filter((f) => f.id !== 'trigger') };
  // The title names the part the social worker consulted (R-UNPL-2), as the case card's button does.
  if (step === 'riskView') return { ...spec, title: `Give your view on a Legal Planning Meeting or ICPC (${state.steps.immediateRisk?.consulted === 'head-of-service' ? 'Head of Service' : 'team manager'})` };
  return spec;
}
