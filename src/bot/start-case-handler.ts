/**
 * `startCase`: the start form sent. Each field is checked beside itself (nothing saved while one is
 * wrong), then the case service opens the case; its refusals go back beside the field they are
 * about, or on a card of their own when the case cannot be started here at all.
 */
import { NOT_KNOWN_IRO } from '../cases/case-people';
import { datesAsText, dateOfBirthProblem, dateProblem, factsProblemInWords, lastAssessmentProblem, latestFactDay, parseFacts, sentenceCase, UNPLANNED_TRIGGERS, type UnplannedTrigger } from '../protocol';
import { refusal } from './answer-cards';
import type { Click, S20BotDeps } from './bot-deps';
import { type CardJson, NO_NOTICE, START_FORM_FIELDS, type StartFormField, startCaseForm } from './card-builder';
import { caseCardFor } from './case-card-for';
import type { InvokeData } from './invoke-verbs';
import { outcomeAnswer } from './outcome-answers';
import { requiredFieldText } from './required-field';

export function emptyStartForm(): Record<StartFormField, string> {
  return Object.fromEntries(START_FORM_FIELDS.map((f) => [f, ''])) as Record<StartFormField, string>;
}

const REQUIRED: [StartFormField, string][] = [
  ['ref', 'Case reference'],
  ['legalStatus', 'Legal status'],
  ['pathway', 'Pathway'],
  ['dateOfBirth', "Child's date of birth"],
  ['accommodatedOn', 'Date accommodated'],
];

const DATES: StartFormField[] = ['dateOfBirth', 'accommodatedOn', 'previousEpisodeEndedOn', 'lastAssessmentCompletedOn', 'returnedHomeOn'];

export async function startCase(deps: S20BotDeps, click: Click, data: InvokeData<'startCase'>): Promise<CardJson> {
  const values = emptyStartForm();
  const errors = emptyStartForm();
  for (const field of START_FORM_FIELDS) {
    const raw = data[field];
    values[field] = typeof raw === 'string' ? raw.trim().slice(0, 200) : '';
  }
  for (const [field, label] of REQUIRED) if (values[field] === '') errors[field] = requiredFieldText(label);
  if (values.legalStatus !== '' && !['S20', 'ICO', 'CO'].includes(values.legalStatus)) errors.legalStatus = 'Choose one of the legal statuses shown.';
  if (values.pathway !== '' && !['planned', 'unplanned'].includes(values.pathway)) errors.pathway = 'Choose planned or unplanned.';
  if (values.trigger !== '' && !(UNPLANNED_TRIGGERS as readonly string[]).includes(values.trigger)) errors.trigger = 'Choose one of the reasons shown.';
  if (values.pathway === 'unplanned' && values.trigger === '' && values.legalStatus === 'S20') errors.trigger = 'Say what started the unplanned return (R-SCOPE-3).';
  for (const field of DATES) if (values[field] !== '' && errors[field] === '') errors[field] = dateProblem(values[field]) ?? '';
  const facts = {
    legalStatus: values.legalStatus,
    dateOfBirth: values.dateOfBirth,
    accommodatedOn: values.accommodatedOn,
    previousEpisodeEndedOn: values.previousEpisodeEndedOn || null,
    lastAssessmentCompletedOn: values.lastAssessmentCompletedOn || null,
    pathway: values.pathway,
    returnedHomeOn: values.returnedHomeOn || null,
  };
  if (Object.values(errors).every((e) => e === '')) {
    // The cross-field checks of the facts, shown beside the field they are about.
    const checked = parseFacts({ ...facts, asOf: deps.service.now().today });
    if (!checked.ok) {
      for (const problem of checked.problems) {
        const field = (START_FORM_FIELDS as readonly string[]).includes(problem.field) ? (problem.field as StartFormField) : 'accommodatedOn';
        errors[field] = problem.field === 'accommodatedOn' && problem.message.includes('asOf') ? 'The date accommodated cannot be in the future.' : `${sentenceCase(factsProblemInWords(problem.message))}.`;
      }
      // The date of birth's problems in the form's words, without repeating the date (L10).
      if (errors.dateOfBirth !== '') errors.dateOfBirth = dateOfBirthProblem(values.dateOfBirth, values.accommodatedOn) ?? errors.dateOfBirth;
    } else {
      const implausible = dateOfBirthProblem(values.dateOfBirth, values.accommodatedOn);
      if (implausible) errors.dateOfBirth = implausible;
      const ahead = lastAssessmentProblem(values.lastAssessmentCompletedOn || null, deps.service.now().today);
      if (ahead) errors.lastAssessmentCompletedOn = ahead;
    }
  }
  const form = (message: string) => startCaseForm({ notice: { shown: true, message }, values, errors, iroChoices: deps.service.iroChoices(click.actor), latestDay: latestFactDay(deps.service.now().today) });
  const correct = () => form('Please correct the fields marked below. Nothing was saved.');
  if (Object.values(errors).some((e) => e !== '')) return correct();
  const outcome = await deps.service.openCase({
    idempotencyKey: click.key,
    actor: click.actor,
    ref: values.ref,
    facts,
    trigger: values.pathway === 'unplanned' ? (values.trigger as UnplannedTrigger) : null,
    // Checked against the organisation's IROs by the case service; "" is "not known yet".
    iro: values.iro === '' || values.iro === NOT_KNOWN_IRO ? null : { id: values.iro, name: '' },
  });
  if (outcome.ok) {
    const stored = await deps.service.get(outcome.caseId);
    if (!stored) return refusal('Case not found', 'The case was saved but could not be read back. Type "my cases" to find it.');
    return caseCardFor(deps, click.actor, stored.state, NO_NOTICE, outcome.action);
  }
  // Where the refusal goes (src/bot/outcome-answers.ts): beside its field, on a card of its own, or atop the form.
  const answer = outcomeAnswer(outcome.code, 'start-form');
  if (answer.kind === 'own-card') return refusal(answer.title, outcome.message, outcome.rule);
  if (answer.kind === 'beside') {
    errors[answer.field] = outcome.message;
    return correct();
  }
  return form(datesAsText(outcome.message));
}
