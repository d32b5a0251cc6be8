/**
 * The "Hand the case over" form (issue 11): which part of the case, who takes it (the organisation
 * file's people for this case), and why. It rides on the step form card (verbs openStep/recordStep
 * with step "handOver"); who may hand over, and whether the person chosen may take that part, are
 * decided by the case service, never from the card.
 */
import type { CaseState, HandoverRole, Person } from '../protocol';
import { HANDOVER_REASON_MAX, HANDOVER_ROLES } from '../protocol';
import type { ActCommand, CaseService } from '../cases/case-service';
import type { StoredCase } from '../ports/case-store';
import { refusedAnswer } from './answer-cards';
import { CARD_TEXT_INPUT_MAX, echoOfRefused } from './refused-value-echo';
import { CardJson, CardNotice, NO_NOTICE, stepFormCard, StepField } from './card-builder';
import { requiredFieldText } from './required-field';

export const HANDOVER_STEP = 'handOver';

type Choices = ReturnType<CaseService['handoverChoices']>;

function field(id: string, kind: StepField['kind'], label: string, value: string, error: string, choices: StepField['choices'] = [], maxLength = CARD_TEXT_INPUT_MAX): StepField {
  return { id, kind, label, required: true, errorMessage: requiredFieldText(label), maxLength, value, error, multi: false, choices, max: '' };
}

export function handoverForm(state: CaseState, choices: Choices, values: Record<string, string> = {}, errors: Record<string, string> = {}, notice: CardNotice = NO_NOTICE): CardJson {
  return stepFormCard({
    caseId: state.caseId,
    ref: state.ref,
    step: HANDOVER_STEP,
    index: '',
    shown: '',
    title: 'Hand the case over (team manager or Head of Service)',
    rule: '',
    ruleText: '',
    submitTitle: 'Hand over',
    notice,
    intro: { shown: true, message: "Both people are told, and so is the case's social worker when another part changes hands. Requests waiting for that part go to the new person, and the earlier one can no longer decide them." },
    fields: [
      field('role', 'choice', 'Which part of the case', values['role'] ?? '', errors['role'] ?? '', choices.roles),
      field('person', 'choice', 'Who takes it over', values['person'] ?? '', errors['person'] ?? '', choices.people),
      field('reason', 'text', 'Why (kept with the case, and told to both people)', values['reason'] ?? '', errors['reason'] ?? '', [], HANDOVER_REASON_MAX),
    ],
  });
}

export type HandoverRead = { ok: true; role: HandoverRole; personId: string; reason: string; values: Record<string, string> } | { ok: false; values: Record<string, string>; errors: Record<string, string> };

/** The form's values, each checked for shape only (one problem per field). */
export function readHandoverForm(data: Record<string, unknown>): HandoverRead {
  const text = (id: string): string => (typeof data[id] === 'string' ? (data[id] as string).trim() : '');
  const values = { role: text('role'), person: text('person'), reason: text('reason') };
  const errors: Record<string, string> = {};
  if (!(HANDOVER_ROLES as readonly string[]).includes(values.role)) errors['role'] = 'Choose which part of the case to hand over.';
  if (values.person === '' || values.person.length > 100) errors['person'] = 'Choose who takes it over.';
  if (values.reason === '') errors['reason'] = 'Say in a few words why.';
  else if (values.reason.length > HANDOVER_REASON_MAX) errors['reason'] = `The reason is longer than ${HANDOVER_REASON_MAX.toLocaleString('en-GB')} characters.`;
  if (Object.keys(errors).length > 0) {
    const kinds: Record<keyof typeof values, string> = { role: 'choice', person: 'choice', reason: 'text' };
    for (const id of Object.keys(errors) as (keyof typeof values)[]) values[id] = echoOfRefused(values[id], kinds[id]);
    return { ok: false, values, errors };
  }
  return { ok: true, role: values.role as HandoverRole, personId: values.person, reason: values.reason, values };
}

/**
 * A submitted handover form: refused with the field or the reason named (nothing recorded), or
 * done, answered with the case card as it is now; undefined when the case is no longer there to see.
 */
export async function handOver(
  service: Pick<CaseService, 'handOver' | 'handoverChoices'>,
  caseCard: (state: CaseState, notice: CardNotice, done: string) => Promise<CardJson>,
  actor: Person,
  stored: StoredCase<CaseState>,
  data: Record<string, unknown>,
  key: string,
  unseen: ActCommand['unseen'],
): Promise<CardJson | undefined> {
  const state = stored.state;
  const read = readHandoverForm(data);
  if (!read.ok) return handoverForm(state, service.handoverChoices(state, actor), read.values, read.errors, { shown: true, message: 'Please correct the fields marked below. Nothing was recorded.', rule: '' });
  // The case as read for the form is the basis of the command: no second read, and the card shows the case as it now stands.
  const done = await service.handOver({ idempotencyKey: key, caseId: state.caseId, actor, role: read.role, personId: read.personId, reason: read.reason, unseen, basis: stored });
  if (!done.seen) return undefined;
  const { outcome, state: current } = done;
  if (!outcome.ok) return refusedAnswer(outcome, (notice) => handoverForm(current, service.handoverChoices(current, actor), read.values, {}, notice));
  return caseCard(current, NO_NOTICE, outcome.action);
}
