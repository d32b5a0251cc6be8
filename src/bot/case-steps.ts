/**
 * The social worker's steps as data: the form fields each step asks for, and how the
 * submitted values become a protocol event. One generic step form card renders them all.
 * Values are validated here (the card edge); the protocol then decides whether the step is allowed.
 */
import { CARD_TEXT_INPUT_MAX, echoOfRefused } from './refused-value-echo';
import { z } from 'zod';
import type { EventInput } from '../cases/case-service';
import {
  iroInformedRule,
  ASSESSMENT_FORM_NAMES,
  ASSESSMENT_FORMS,
  CONTINUING_PLANS,
  CONTINUING_PLAN_NAMES,
  FRAMEWORK_EVIDENCE,
  FRAMEWORK_EVIDENCE_NAMES,
  hasVisibleText,
  dateProblem,
  EVENT_DECLARATIONS,
  isCalendarDate,
  latestDayFor,
  latestFactDay,
  LETTER_CONTRIBUTION_MAX,
  RuleId,
  RULES,
  STEPDOWN_OPTION_NAMES,
  STEPDOWN_OPTIONS,
  TRIGGER_NAMES,
  UNPLANNED_TRIGGERS,
} from '../protocol';
import type { PastDates, CalendarDate, AssessmentForm, CaseState, ContinuingPlan, EdgeOfCareInvolvement, FrameworkEvidence, LetterContributions, StepdownOption, UnplannedTrigger } from '../protocol';
import type { StepField } from './card-builder';
import { LIFECYCLE_STEPS, lifecycleStepFor } from './lifecycle-steps';
import { checkEvidenceLink, EVIDENCE_LINK_MAX } from '../documents/evidence-link';
import { requiredFieldText } from './required-field';

function isLifecycleStep(step: string): step is keyof typeof LIFECYCLE_STEPS {
  return Object.prototype.hasOwnProperty.call(LIFECYCLE_STEPS, step);
}

export type FieldSpec = Pick<StepField, 'id' | 'kind' | 'label' | 'required'> & { choices?: { title: string; value: string }[]; multi?: boolean; maxLength?: number; link?: boolean; mail?: boolean };

/** What others wrote for the letter, as typed into its form (empty ones left out). */
function letterContributions(v: Record<string, string>): { contributions?: LetterContributions } {
  const contributions: LetterContributions = {};
  if (v['iroWords']) contributions.iro = v['iroWords'];
  if (v['carerWords']) contributions.carer = { name: v['carerName'] || 'your carer', ...(v['carerEmail'] ? { email: v['carerEmail'] } : {}), text: v['carerWords'] };
  if (v['parentsWords']) contributions.parents = v['parentsWords'];
  return Object.keys(contributions).length > 0 ? { contributions } : {};
}

export interface StepSpec {
  title: string;
  /** The rule the step follows; null for a change the protocol does not govern (withdrawing a case). */
  rule: RuleId | null;
  submitTitle: string;
  fields: FieldSpec[];
  /**
   * The event, from values already checked against `fields`; `index` is the visit number where
   * relevant; `shown`, for a step that `keepsShown`, the values the form opened with.
   */
  toEvent(values: Record<string, string>, index: number, shown?: Readonly<Record<string, string>>): EventInput;
  /** Values the form opens with, from the case (never invented facts: only what the case records). */
  prefill?(state: CaseState): Record<string, string>;
  /**
   * The form carries what it opened with (its `prefill`), so that only what the person changed is
   * sent: a field left as shown is not a change, whatever someone else recorded since.
   */
  keepsShown?: true;
}

/** The revised assessment opens with what was sent, so nothing is typed twice. */
function assessmentAsSent(state: CaseState): Record<string, string> {
  const a = state.assessment;
  if (!a || state.stage !== 'revising') return {};
  return {
    form: a.form,
    viable: String(a.viable),
    riskAnalysis: a.riskAnalysis,
    safetyPlan: a.safetyPlan,
    stepdown: a.stepdownPlan.map((i) => i.option).join(','),
    purpose: [...new Set(a.stepdownPlan.map((i) => i.purpose))].join(' '),
    completedOn: a.completedOn ?? '',
  };
}

const EDGE_OF_CARE_CHOICES: { title: string; value: EdgeOfCareInvolvement }[] = [
  { title: 'Edge of Care work through the NSPCC reunification framework (R-PLAN-3)', value: 'framework' },
  { title: 'Edge of Care intensive support for an agreed return, without the framework (R-PLAN-4)', value: 'support-only' },
  { title: 'Consultation only: Edge of Care not involved, or the child is not aged 8 to 17 (R-PLAN-2)', value: 'consultation' },
];

const sentence = (text: string): string => text.charAt(0).toUpperCase() + text.slice(1);

const text = (id: string, label: string, required = true): FieldSpec => ({ id, kind: 'text', label, required });
const date = (id: string, label: string): FieldSpec => ({ id, kind: 'date', label, required: true });
const toggle = (id: string, label: string): FieldSpec => ({ id, kind: 'toggle', label, required: false });
const yes = (value: string | undefined): boolean => value === 'true';
const day = (value: string | undefined): CalendarDate => (value ?? '') as CalendarDate;

export const STEPS = {
  childViews: {
    title: "Record the child's views", rule: 'R-UNPL-1', submitTitle: "Record the child's views",
    fields: [text('views', "The child's views")],
    toEvent: (v) => ({ type: 'ChildViewsRecorded', views: v['views'] ?? '' }),
  },
  immediateRisk: {
    title: 'Record the immediate risk check', rule: 'R-UNPL-2', submitTitle: 'Record the risk check',
    fields: [
      text('summary', 'What was considered'),
      { id: 'consulted', kind: 'choice', label: 'Whose view was sought', required: true, choices: [{ title: 'Team manager', value: 'team-manager' }, { title: 'Head of Service', value: 'head-of-service' }] },
      toggle('legalPlanningMeetingNeeded', 'The risk check flags that a Legal Planning Meeting may be needed'),
      toggle('childProtectionConferenceNeeded', 'The risk check flags that an Initial Child Protection Conference may be needed'),
      toggle('notSure', 'Not sure: let the manager decide both'),
    ],
    toEvent: (v) => ({
      type: 'ImmediateRiskConsidered',
      summary: v['summary'] ?? '',
      consulted: v['consulted'] === 'head-of-service' ? 'head-of-service' : 'team-manager',
      // What the check flags; the view on an LPM or ICPC is then the manager's, given on a card to them.
      ...(yes(v['notSure']) ? {} : { legalPlanningMeetingNeeded: yes(v['legalPlanningMeetingNeeded']), childProtectionConferenceNeeded: yes(v['childProtectionConferenceNeeded']) }),
    }),
  },
  iroInformed: {
    title: 'Inform the IRO', rule: 'R-UNPL-3', submitTitle: 'Inform the IRO now', fields: [],
    toEvent: () => ({ type: 'IroInformed' }),
  },
  parentsConsulted: {
    title: 'Record the consultation with the parents', rule: 'R-UNPL-4', submitTitle: "Record the parents' views",
    fields: [text('views', "The parents' views"), toggle('plannedReturnAgreed', 'A planned return was agreed instead')],
    toEvent: (v) => ({ type: 'ParentsConsulted', views: v['views'] ?? '', plannedReturnAgreed: yes(v['plannedReturnAgreed']) }),
  },
  iroView: {
    title: "Record the IRO's view", rule: 'R-SIGN-4', submitTitle: "Record the IRO's view",
    fields: [
      text('view', "The IRO's view"),
      toggle('reviewBroughtForward', 'The review is brought forward'),
      // Only the IRO gives their view; a social worker records one given to them orally, and the cards say so (L3).
      toggle('givenOrally', 'Social workers: the IRO gave me this view orally (by phone or in person)'),
    ],
    toEvent: (v) => ({ type: 'IroViewRecorded', view: v['view'] ?? '', reviewBroughtForward: yes(v['reviewBroughtForward']), givenOrally: yes(v['givenOrally']) }),
  },
  assessment: {
    title: 'Submit the assessment and plan', rule: 'R-UNPL-5', submitTitle: 'Submit for agreement',
    fields: [
      { id: 'form', kind: 'choice', label: 'Assessment form used', required: true, choices: ASSESSMENT_FORMS.map((f) => ({ title: ASSESSMENT_FORM_NAMES[f], value: f })) },
      { id: 'viable', kind: 'choice', label: 'Is the return home viable? (R-UNPL-6)', required: true, choices: [{ title: 'Viable', value: 'true' }, { title: 'Not viable', value: 'false' }] },
      text('riskAnalysis', 'Analysis of risk'),
      text('safetyPlan', 'Safety plan'),
      { id: 'stepdown', kind: 'choice', label: 'Stepdown plan (R-UNPL-9)', required: false, multi: true, choices: STEPDOWN_OPTIONS.map((o) => ({ title: STEPDOWN_OPTION_NAMES[o], value: o })) },
      text('purpose', 'What the stepdown plan is meant to achieve, for each option chosen (R-UNPL-9)', false),
      date('completedOn', 'Date the assessment was completed'),
    ],
    prefill: assessmentAsSent,
    toEvent: (v) => ({
      type: 'AssessmentSubmitted',
      form: v['form'] as AssessmentForm,
      viable: yes(v['viable']),
      riskAnalysis: v['riskAnalysis'] ?? '',
      safetyPlan: v['safetyPlan'] ?? '',
      stepdownPlan: (v['stepdown'] ?? '').split(',').filter(Boolean).map((option) => ({ option: option as StepdownOption, purpose: v['purpose'] ?? '' })),
      completedOn: day(v['completedOn']),
    }),
  },
  directorRequest: {
    title: "Ask for the Director's authorisation", rule: 'R-SIGN-6', submitTitle: 'Ask the Director', fields: [],
    toEvent: () => ({ type: 'DirectorAuthorisationRequested' }),
  },
  episodeEnded: {
    title: 'Record the end of the care episode', rule: 'R-PLACE-2', submitTitle: 'Record the end of the care episode',
    fields: [
      toggle('directorAgreementUploaded', "The Director's agreement is uploaded to the child's record"),
      toggle('agenciesInformed', 'Agencies involved have been told'),
      toggle('familyInformed', 'The child and the parents (and others with parental responsibility) have been told of the decision (R-VOICE-1)'),
    ],
    toEvent: (v) => ({ type: 'CareEpisodeEnded', directorAgreementUploaded: yes(v['directorAgreementUploaded']), agenciesInformed: yes(v['agenciesInformed']), familyInformed: yes(v['familyInformed']) }),
  },
  // A box left unticked when the care episode ended, recorded once they have been told (end-of-care-told.ts).
  familyTold: {
    title: 'Record that the child and the parents were told of the decision', rule: 'R-VOICE-1', submitTitle: 'Record that they were told',
    fields: [date('on', 'Date they were told')],
    toEvent: (v) => ({ type: 'EndOfCareTold', told: 'family', on: day(v['on']) }),
  },
  agenciesTold: {
    title: 'Record that the agencies involved were told the care episode has ended', rule: 'R-PLACE-2', submitTitle: 'Record that the agencies were told',
    fields: [date('on', 'Date they were told')],
    toEvent: (v) => ({ type: 'EndOfCareTold', told: 'agencies', on: day(v['on']) }),
  },
  notViableActions: {
    title: 'Record the actions after the not-viable decision', rule: 'R-UNPL-8', submitTitle: 'Record the actions',
    fields: [
      toggle('childAndParentsTold', 'The child and the parents or carers have been told'),
      toggle('childProtectionConferenceBooked', 'An Initial Child Protection Conference is booked'),
      toggle('legalPlanningMeetingBooked', 'A Legal Planning Meeting is booked'),
      text('notes', 'Notes', false),
    ],
    toEvent: (v) => ({
      type: 'NotViableActionsRecorded',
      childAndParentsTold: yes(v['childAndParentsTold']),
      childProtectionConferenceBooked: yes(v['childProtectionConferenceBooked']),
      legalPlanningMeetingBooked: yes(v['legalPlanningMeetingBooked']),
      notes: v['notes'] ?? '',
    }),
  },
  returnedHome: {
    title: 'Record the return home', rule: 'R-VISIT-1', submitTitle: 'Record the return home', fields: [date('on', 'Date the child went home')],
    toEvent: (v) => ({ type: 'ChildReturnedHome', on: day(v['on']) }),
  },
  visit: {
    title: 'Record a visit', rule: 'R-VISIT-1', submitTitle: 'Record the visit',
    fields: [
      date('on', 'Date of the visit'),
      { id: 'outcome', kind: 'choice', label: 'Was the child seen?', required: true, choices: [{ title: 'Yes, the child was seen', value: 'seen' }, { title: 'No: the child was not seen (does not count; the team manager is told)', value: 'not-seen' }, { title: 'No access to the home (does not count; the team manager is told)', value: 'no-access' }] },
      text('notes', 'Notes', false),
    ],
    toEvent: (v, index) => ({ type: 'VisitRecorded', index, on: day(v['on']), notes: v['notes'] ?? '', outcome: (v['outcome'] || 'seen') as 'seen' | 'not-seen' | 'no-access' }),
    prefill: () => ({ outcome: 'seen' }),
  },
  placementEndRequest: {
    title: 'Ask to end the placement', rule: 'R-PLACE-1', submitTitle: 'Ask the Head of Service', fields: [date('proposedEndDate', 'Proposed end date')],
    toEvent: (v) => ({ type: 'PlacementEndRequested', proposedEndDate: day(v['proposedEndDate']) }),
  },
  placementEnded: {
    title: 'Record the end of the placement', rule: 'R-PLACE-1', submitTitle: 'Record the end of the placement',
    fields: [date('endDate', 'End date'), date('carersToldOn', 'Date the carers were told')],
    toEvent: (v) => ({ type: 'PlacementEnded', endDate: day(v['endDate']), carersToldOn: day(v['carersToldOn']) }),
  },
  reunification: {
    title: 'Record the start of reunification work', rule: 'R-PLAN-1', submitTitle: 'Record the start of the work',
    fields: [
      date('startedOn', 'Date reunification work started (the 16-week horizon runs from it, R-PLAN-5)'),
      { id: 'edgeOfCare', kind: 'choice', label: "Edge of Care's part (R-PLAN-2)", required: true, choices: EDGE_OF_CARE_CHOICES },
    ],
    toEvent: (v) => ({ type: 'ReunificationStarted', startedOn: day(v['startedOn']), edgeOfCare: v['edgeOfCare'] as EdgeOfCareInvolvement }),
  },
  frameworkEvidence: {
    title: "Record framework evidence uploaded to the child's record", rule: 'R-PLAN-3', submitTitle: 'Record the evidence',
    fields: [
      { id: 'evidence', kind: 'choice', label: 'Which piece of evidence was uploaded', required: true, choices: FRAMEWORK_EVIDENCE.map((e) => ({ title: sentence(FRAMEWORK_EVIDENCE_NAMES[e]), value: e })) },
      // A link, not a bare tick: the decision record lists where each piece is.
      { id: 'url', kind: 'text', label: 'Link to the document (SharePoint or the case-record system)', required: true, link: true, maxLength: EVIDENCE_LINK_MAX },
    ],
    toEvent: (v) => ({ type: 'FrameworkEvidenceUploaded', evidence: v['evidence'] as FrameworkEvidence, url: v['url'] ?? '' }),
    // The first piece not yet recorded, so the usual order needs no choosing.
    prefill: (state) => ({ evidence: FRAMEWORK_EVIDENCE.find((e) => !state.steps.frameworkEvidence?.[e]) ?? '' }),
  },
  pathwayChange: {
    title: 'Move the case to the unplanned pathway', rule: 'R-SCOPE-3', submitTitle: 'Move to the unplanned pathway',
    fields: [{ id: 'trigger', kind: 'choice', label: 'What happened', required: true, choices: UNPLANNED_TRIGGERS.map((t) => ({ title: sentence(TRIGGER_NAMES[t]), value: t })) }],
    toEvent: (v) => ({ type: 'PathwayChangedToUnplanned', trigger: v['trigger'] as UnplannedTrigger }),
  },
  letter: {
    // Shown on its own card (letter-form) with a draft from the case; the finished letter and what
    // others wrote for it are kept for the case file (R-LETTER-1).
    title: 'Record the "Your time in our care" letter', rule: 'R-LETTER-1', submitTitle: 'Record the letter as written',
    fields: [
      { id: 'letter', kind: 'text', label: 'The letter', required: false, maxLength: 8000 },
      date('writtenOn', 'Date the letter was finished'),
      { id: 'iroWords', kind: 'text', label: 'What the IRO wants to say', required: false, maxLength: 2000 },
      { id: 'carerName', kind: 'text', label: 'Foster carer or key worker: name', required: false, maxLength: 200 },
      { id: 'carerEmail', kind: 'text', label: 'Foster carer or key worker: mail address', required: false, maxLength: 254, mail: true },
      { id: 'carerWords', kind: 'text', label: 'What the foster carer or key worker wants to say', required: false, maxLength: 2000 },
      { id: 'parentsWords', kind: 'text', label: "The parents' statement", required: false, maxLength: 2000 },
    ],
    toEvent: (v) => ({ type: 'LetterWritten', writtenOn: day(v['writtenOn']), ...(v['letter'] ? { text: v['letter'] } : {}), ...letterContributions(v) }),
  },
  ...LIFECYCLE_STEPS,
  // The letter's contributions (R-LETTER-1): the social worker asks the IRO through a card; the IRO writes on the case.
  letterContributionRequest: {
    title: 'Ask the IRO for their words for the letter', rule: 'R-LETTER-1', submitTitle: 'Ask the IRO now', fields: [],
    toEvent: () => ({ type: 'LetterContributionRequested' }),
  },
  letterContribution: {
    title: "Write for the child's letter", rule: 'R-LETTER-1', submitTitle: 'Send to the social worker',
    fields: [{ id: 'text', kind: 'text', label: 'What you would like to say to the child (it goes into their "Your time in our care" letter)', required: true, maxLength: LETTER_CONTRIBUTION_MAX }],
    toEvent: (v) => ({ type: 'LetterContributionGiven', text: v['text'] ?? '' }),
  },
  review: {
    title: 'Record the reunification review meeting', rule: 'R-UNPL-10', submitTitle: 'Record and close the case',
    fields: [
      date('heldOn', 'Date held'),
      { id: 'continueWith', kind: 'choice', label: 'Continue with', required: false, multi: true, choices: CONTINUING_PLANS.map((p) => ({ title: CONTINUING_PLAN_NAMES[p], value: p })) },
      text('notes', 'Notes', false),
    ],
    toEvent: (v) => ({ type: 'ReviewMeetingHeld', heldOn: day(v['heldOn']), continueWith: (v['continueWith'] ?? '').split(',').filter(Boolean) as ContinuingPlan[], notes: v['notes'] ?? '' }),
  },
} satisfies Record<string, StepSpec>;

export type StepId = keyof typeof STEPS;

/**
 * A step as this case's pathway asks it: a planned return's views (the IRO's included) are taken under R-PLAN-6 and
 * its parents are not asked whether a planned return was agreed instead (that is R-UNPL-4's question);
 * the end of a care episode no Director authorised does not ask about the Director's agreement.
 */
export function stepFor(step: StepId, state: CaseState): StepSpec {
  if (isLifecycleStep(step)) return lifecycleStepFor(step, state);
  const spec: StepSpec = STEPS[step];
  // No Director authorised the return (R-SIGN-6: none needed, none asked): there is no agreement of theirs to upload.
  if (step === 'episodeEnded' && state.stage !== 'director-authorised') return { ...spec, fields: spec.fields.filter((f) => f.id !== 'directorAgreementUploaded') };
  if (state.pathway !== 'planned') return spec;
  if (step === 'childViews') return { ...spec, rule: 'R-PLAN-6' };
  if (step === 'iroInformed') return { ...spec, rule: iroInformedRule(state.pathway) };
  if (step === 'parentsConsulted') {
    return { ...spec, title: "Record the parents' views", rule: 'R-PLAN-6', fields: spec.fields.filter((f) => f.id !== 'plannedReturnAgreed'), toEvent: (v) => ({ type: 'ParentsConsulted', views: v['views'] ?? '', plannedReturnAgreed: false }) };
  }
  if (step === 'assessment') {
    return { ...spec, rule: 'R-PLAN-3', fields: spec.fields.map((f) => (f.id === 'viable' ? { ...f, label: 'Is the return home viable?' } : f)) };
  }
  return spec;
}

export function isStepId(value: string): value is StepId {
  return Object.prototype.hasOwnProperty.call(STEPS, value);
}

/** One problem per field, named; an empty record means the values are usable. */
export function checkStepValues(step: StepId, raw: Record<string, unknown>, spec: StepSpec = STEPS[step]): { values: Record<string, string>; errors: Record<string, string> } {
  const values: Record<string, string> = {};
  const errors: Record<string, string> = {};
  for (const field of spec.fields) {
    const parsed = z.union([z.string(), z.boolean(), z.number()]).optional().safeParse(raw[field.id]);
    const value = parsed.success && parsed.data !== undefined ? String(parsed.data).trim() : '';
    values[field.id] = value;
    if (!parsed.success) errors[field.id] = `${field.label}: this value cannot be read.`;
    // A card's text input always sends words: a number or a boolean was forged, not typed.
    else if (field.kind === 'text' && raw[field.id] !== undefined && typeof raw[field.id] !== 'string') errors[field.id] = `${field.label}: this value cannot be read.`;
    // Words nobody could read (zero-width or blank-looking characters only) are no answer to a required question.
    else if (field.required && (value === '' || (field.kind === 'text' && !hasVisibleText(value)))) errors[field.id] = requiredFieldText(field.label);
    else if (field.kind === 'date' && value !== '' && !isCalendarDate(value)) errors[field.id] = `${field.label}: ${dateProblem(value)}`;
    // A tick box is "true" or "false" (or the same as JSON): anything else is not read as unticked.
    else if (field.kind === 'toggle' && !['', 'true', 'false'].includes(value)) errors[field.id] = `${field.label}: this value cannot be read.`;
    else if (field.kind === 'text' && value.length > (field.maxLength ?? 4000)) errors[field.id] = `${field.label} is longer than ${(field.maxLength ?? 4000).toLocaleString('en-GB')} characters.`;
    else if (field.mail && value !== '' && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(value)) errors[field.id] = `${field.label} must be a mail address, such as name@example.org.`;
    else if (field.link && value !== '') {
      const link = checkEvidenceLink(value);
      if (!link.ok) errors[field.id] = `${field.label} ${link.message}.`;
      else values[field.id] = link.url;
    }
    else if (field.kind === 'choice' && value !== '') {
      const allowed = new Set((field.choices ?? []).map((c) => c.value));
      const picked = field.multi ? value.split(',') : [value];
      if (picked.some((p) => !allowed.has(p))) errors[field.id] = `${field.label}: choose one of the options shown.`;
    }
    if (errors[field.id]) values[field.id] = echoOfRefused(value, field.kind, field.maxLength);
  }
  return { values, errors };
}

/**
 * The last day each date field's picker offers: today for a date of what has already happened, which
 * the protocol refuses after today (the event's declared `pastDates`); '' for no limit.
 */
export function latestDays(spec: StepSpec, today: CalendarDate | null): Record<string, string> {
  if (today === null) return {};
  // Every date of the facts is on or before today (facts.ts).
  if (spec.toEvent({}, 0).type === 'FactsCorrected') return Object.fromEntries(spec.fields.filter((f) => f.kind === 'date').map((f) => [f.id, latestFactDay(today)]));
  const { pastDates } = EVENT_DECLARATIONS[spec.toEvent({}, 0).type] as { pastDates?: PastDates<object> };
  return Object.fromEntries(spec.fields.filter((f) => f.kind === 'date').map((f) => [f.id, latestDayFor(pastDates, f.id, today) ?? '']));
}

/** The form's fields; `today` (the organisation's) ends the pickers of dates that cannot be later. */
export function stepFields(step: StepId, values: Record<string, string> = {}, errors: Record<string, string> = {}, spec: StepSpec = STEPS[step], today: CalendarDate | null = null): StepField[] {
  const latest = latestDays(spec, today);
  return spec.fields.map((f) => ({
    id: f.id,
    kind: f.kind,
    label: f.label,
    required: f.required,
    errorMessage: f.required ? requiredFieldText(f.label) : '',
    maxLength: f.maxLength ?? CARD_TEXT_INPUT_MAX,
    value: values[f.id] ?? (f.kind === 'toggle' ? 'false' : ''),
    error: errors[f.id] ?? '',
    multi: f.multi ?? false,
    choices: f.choices ?? [],
    max: latest[f.id] ?? '',
  }));
}

export function ruleText(rule: RuleId | null): string {
  return rule ? RULES[rule].text : '';
}
