/**
 * Every card action the bot answers (`Action.Execute`, routed on its `verb`), as one zod
 * discriminated union, parsed once per click. Each verb's `data` has exactly the fields its handler
 * may read: reading one its schema lacks, or adding a verb without a handler
 * (src/bot/invoke-router.ts), fails the build. Form inputs, whose names depend on the form, come as
 * `inputs`, read field by field by that form's checks.
 */
import { z } from 'zod';
import { DECISION_OUTCOMES } from '../protocol';
import { START_FORM_FIELDS, type StartFormField } from './card-builder';
import { APPROVAL_ANSWERS, type ApprovalAnswer } from './case-view';

const caseId = z.string().min(1).max(100);
const approvalId = z.string().min(1);
/** Which visit (or undone step) a button means: "" for none, else at most three digits (a case holds at most VISITS_LIMIT visits); "-1" or "1e3" is bad data, not visit 1. */
const index = z.string().regex(/^\d{0,3}$/).optional();
/** A step form's button: its own data, and the form's inputs beside it (the step decides which fields it reads). */
const recordStepData = z
  .looseObject({ caseId, step: z.string(), index })
  .transform((d): { caseId: string; step: string; index: string | undefined; inputs: Readonly<Record<string, unknown>> } => ({ caseId: d.caseId, step: d.step, index: d.index, inputs: d }));

/** The start form's inputs: only its own fields are kept (any other key is dropped). */
const startFormInputs = z.object(Object.fromEntries(START_FORM_FIELDS.map((f) => [f, z.unknown().optional()])) as Record<StartFormField, z.ZodOptional<z.ZodUnknown>>);

/** "Read in full" names one answer of the request; anything else is the card without one opened, as before. */
const fullAnswer = z
  .custom<ApprovalAnswer>((v) => typeof v === 'string' && Object.hasOwn(APPROVAL_ANSWERS, v))
  .optional()
  .catch(undefined);

/**
 * A decision's comment: its length is the protocol's rule (DECISION_COMMENT_MAX, decision-given.ts),
 * refused there in words on the request with the comment kept; the card's maxLength is only a hint
 * some clients (a phone) ignore, so a longer one is not unreadable data. The HTTP body bounds it.
 */
const decisionComment = z.string().optional();

/** A card's button with no data sends none: read as an empty object. */
const orEmpty = (v: unknown): unknown => v ?? {};

export const invokeActionSchema = z.discriminatedUnion('verb', [
  z.object({ verb: z.literal('startCase'), data: z.preprocess(orEmpty, startFormInputs) }),
  z.object({ verb: z.literal('showCase'), data: z.preprocess(orEmpty, z.object({ caseId })) }),
  z.object({ verb: z.literal('openStep'), data: z.preprocess(orEmpty, z.object({ caseId, step: z.string(), index })) }),
  z.object({ verb: z.literal('recordStep'), data: z.preprocess(orEmpty, recordStepData) }),
  z.object({ verb: z.literal('showApproval'), data: z.preprocess(orEmpty, z.object({ caseId, approvalId, full: fullAnswer })) }),
  z.object({ verb: z.literal('refreshApproval'), data: z.preprocess(orEmpty, z.object({ caseId, approvalId })) }),
  z.object({ verb: z.literal('decide'), data: z.preprocess(orEmpty, z.object({ caseId, approvalId, outcome: z.enum(DECISION_OUTCOMES), comment: decisionComment })) }),
]);

export type InvokeAction = z.output<typeof invokeActionSchema>;
export type InvokeVerb = InvokeAction['verb'];
/** The data of one verb, as its handler receives it. */
export type InvokeData<V extends InvokeVerb> = Extract<InvokeAction, { verb: V }>['data'];

export const INVOKE_VERBS = invokeActionSchema.options.map((o) => o.shape.verb.value) as readonly InvokeVerb[];

export function isInvokeVerb(verb: unknown): verb is InvokeVerb {
  return typeof verb === 'string' && (INVOKE_VERBS as readonly string[]).includes(verb);
}

/**
 * An invoke's value read: the action, or why not. An unknown verb (or no `Action.Execute`) and a
 * known verb whose data does not fit are told apart, so the person is told which.
 */
export type InvokeRead = { ok: true; action: InvokeAction; data: unknown } | { ok: false; problem: 'UNKNOWN_VERB' | 'BAD_DATA' };

const envelopeSchema = z.looseObject({ action: z.looseObject({ type: z.literal('Action.Execute'), verb: z.string(), data: z.unknown().optional() }) });

export function readInvoke(value: unknown): InvokeRead {
  const envelope = envelopeSchema.safeParse(value);
  if (!envelope.success || !isInvokeVerb(envelope.data.action.verb)) return { ok: false, problem: 'UNKNOWN_VERB' };
  const { verb, data } = envelope.data.action;
  const parsed = invokeActionSchema.safeParse({ verb, data });
  return parsed.success ? { ok: true, action: parsed.data, data } : { ok: false, problem: 'BAD_DATA' };
}

/** The build fails where a switch over the verbs misses one. */
export function unhandledVerb(action: never): never {
  throw new Error(`No handler for the card action ${(action as { verb?: unknown }).verb as string}`);
}
