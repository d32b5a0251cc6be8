/**
 * `openStep` and `recordStep`: a step's form opened from the case card (filled in with what the
 * case already says), and the form sent back: checked field by field (nothing recorded while one is
 * wrong), then applied to the case as read for the form. The handover form rides on the same verbs.
 */
import { shownRef } from './shown-ref';
import type { ActCommand } from '../cases/case-service';
import type { StoredCase } from '../ports/case-store';
import type { CalendarDate, CaseState } from '../protocol';
import { CASE_NOT_FOUND, notShown, refusedAnswer, UNKNOWN_STEP } from './answer-cards';
import { type Click, organisationOf, type S20BotDeps } from './bot-deps';
import { type CardJson, type CardNotice, letterFormCard, NO_NOTICE, stepFormCard } from './card-builder';
import { caseCardFor } from './case-card-for';
import { checkStepValues, isStepId, latestDays, ruleText, type StepId, type StepSpec, stepFields, stepFor } from './case-steps';
import { requiredFieldText } from './required-field';
import { handOver, handoverForm, HANDOVER_STEP } from './handover-form';
import type { InvokeData } from './invoke-verbs';
import { draftLetter } from './letter-draft';
import { readOnlyForm } from './read-only-form';
import { stepIntro } from './step-intro';
import { notOpenNotice, stepOffered } from './step-offered';

export async function openStep(deps: S20BotDeps, click: Click, state: CaseState, data: InvokeData<'openStep'>): Promise<CardJson> {
  if (data.step === HANDOVER_STEP) {
    // Only for those its card offers it to: anyone else would fill it in to be refused, and would see the service's staff listed.
    if (!(await deps.service.mayHandOverCase(click.actor, state))) return caseCardFor(deps, click.actor, state, NOT_YOURS_TO_HAND_OVER);
    return handoverForm(state, deps.service.handoverChoices(state, click.actor));
  }
  if (!isStepId(data.step)) return caseCardFor(deps, click.actor, state, UNKNOWN_STEP);
  const index = data.index ?? '';
  // From a card that is out of date (the step recorded since, the case moved on): said before anything is typed.
  const offered = await stepOffered(deps, click.actor, state, data.step, index);
  const values = opening(deps, state, data.step);
  const shown = stepFor(data.step, state).keepsShown ? JSON.stringify(values) : '';
  const form = stepForm(deps, state, data.step, index, values, {}, offered ? NO_NOTICE : await notOpenNotice(deps, click.actor, state, data.step, index), shown);
  return offered ? form : readOnlyForm(form);
}

/** A step's form opened when the step cannot be recorded by this person now. */
const NOT_YOURS_TO_HAND_OVER: CardNotice = { shown: true, message: "Only this case's team manager or Head of Service, or their deputy, can hand it over. Nothing was recorded.", rule: '' };

export async function recordStep(deps: S20BotDeps, click: Click, stored: StoredCase<CaseState>, data: InvokeData<'recordStep'>, unseen: ActCommand['unseen']): Promise<CardJson> {
  const state = stored.state;
  if (data.step === HANDOVER_STEP) return (await handOver(deps.service, (s, notice, done) => caseCardFor(deps, click.actor, s, notice, done), click.actor, stored, data.inputs, click.key, unseen)) ?? CASE_NOT_FOUND();
  if (!isStepId(data.step)) return caseCardFor(deps, click.actor, state, UNKNOWN_STEP);
  const step = data.step;
  const indexText = data.index ?? '';
  // The schema read it as "" or up to three digits (invoke-verbs.ts).
  const index = indexText === '' ? 0 : Number(indexText);
  const spec = stepFor(step, state);
  const { values, errors } = checkStepValues(step, data.inputs, spec);
  // What the form opened with goes back with it, however often it comes back with a field to correct.
  const shown = spec.keepsShown ? shownValues(data.inputs['shown']) : undefined;
  const shownText = shown ? JSON.stringify(shown) : '';
  if (Object.keys(errors).length > 0) {
    return stepForm(deps, state, step, indexText, values, errors, { shown: true, message: 'Please correct the fields marked below. Nothing was saved.', rule: '' }, shownText);
  }
  // The case as read for the form is the basis of the command: no second read.
  const done = await deps.service.act({ idempotencyKey: click.key, caseId: state.caseId, actor: click.actor, event: spec.toEvent(values, index, shown), unseen, basis: stored });
  if (!done.seen) return notShown(done);
  const { outcome, state: current } = done;
  if (!outcome.ok) {
    return refusedAnswer(outcome, async (notice) => {
      const form = stepForm(deps, current, step, indexText, values, {}, notice, shownText);
      // Refused because the step is not open now: the form without a button that would be refused again.
      return (await stepOffered(deps, click.actor, current, step, indexText)) ? form : readOnlyForm(form);
    });
  }
  return caseCardFor(deps, click.actor, current, NO_NOTICE, outcome.action);
}

/**
 * The values a form says it opened with (its card data, so only ever narrowing what is sent as
 * changed): text values by field id; anything else, or none, is nothing shown.
 */
function shownValues(sent: unknown): Record<string, string> {
  if (typeof sent !== 'string' || sent === '') return {};
  try {
    const parsed: unknown = JSON.parse(sent);
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return {};
    return Object.fromEntries(Object.entries(parsed).filter((e): e is [string, string] => typeof e[1] === 'string'));
  } catch {
    return {};
  }
}

/** What a step's form opens with: the letter's draft and today's date, or the step's own prefill. */
function opening(deps: S20BotDeps, state: CaseState, step: StepId): Record<string, string> {
  if (step === 'letter') {
    const org = organisationOf(deps);
    // The IRO's words, where they wrote them on the case (R-LETTER-1), are filled in to edit.
    const iroWords = state.letterContributions?.iro?.text;
    // Drafted on the day the form offers as the letter's date (the service's clock), so its age band and tenses fit that day.
    const now = deps.service.now();
    return { letter: draftLetter(state, { organisationName: org.name, directorTitle: org.directorTitle, timeZone: deps.timeZone, now: new Date(now.at) }), writtenOn: now.today, ...(iroWords ? { iroWords } : {}) };
  }
  return stepFor(step, state).prefill?.(state) ?? {};
}

/** The letter's date as its step names it, and its words when left empty, the same as on every step form. */
function writtenOnField(spec: StepSpec, today: CalendarDate): { writtenOnLabel: string; writtenOnRequired: string; writtenOnMax: string } {
  const label = spec.fields.find((f) => f.id === 'writtenOn')!.label;
  return { writtenOnLabel: label, writtenOnRequired: requiredFieldText(label), writtenOnMax: latestDays(spec, today)['writtenOn'] ?? '' };
}

function stepForm(deps: S20BotDeps, state: CaseState, step: StepId, index: string, values: Record<string, string> = {}, errors: Record<string, string> = {}, notice: CardNotice = NO_NOTICE, shown = ''): CardJson {
  const spec = stepFor(step, state);
  if (step === 'letter') {
    // The finished letter is kept for the case file (R-LETTER-1), with what others wrote for it.
    return letterFormCard({
      caseId: state.caseId,
      ref: shownRef(state),
      rule: spec.rule ?? '',
      ruleText: ruleText(spec.rule),
      notice,
      recordSystem: organisationOf(deps).caseRecordSystemName,
      letter: values['letter'] ?? '',
      letterError: errors['letter'] ?? '',
      writtenOn: values['writtenOn'] ?? '',
      ...writtenOnField(spec, deps.service.now().today),
      writtenOnError: errors['writtenOn'] ?? '',
      iroWords: values['iroWords'] ?? '',
      carerName: values['carerName'] ?? '',
      carerEmail: values['carerEmail'] ?? '',
      carerWords: values['carerWords'] ?? '',
      parentsWords: values['parentsWords'] ?? '',
      contributionsError: ['iroWords', 'carerName', 'carerEmail', 'carerWords', 'parentsWords'].map((id) => errors[id]).filter(Boolean).join(' '),
    });
  }
  return stepFormCard({
    caseId: state.caseId,
    ref: shownRef(state),
    step,
    index,
    title: spec.title,
    rule: spec.rule ?? '',
    ruleText: ruleText(spec.rule),
    submitTitle: spec.submitTitle,
    notice,
    intro: stepIntro(state, step),
    fields: stepFields(step, values, errors, spec, deps.service.now().today),
    shown,
  });
}
