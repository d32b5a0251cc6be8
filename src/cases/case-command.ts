/**
 * What the case service is asked to do (its commands) and what it answers (their outcomes).
 * Every command carries an idempotency key: a repeat returns the first outcome.
 */
import type { CaseEvent, CaseStage, CaseState, HandoverRole, Person, RuleId, UnplannedTrigger } from '../protocol';
import type { StoredCase } from '../ports/case-store';
import type { OutcomeCode } from './outcome-codes';
import type { OutOfCover } from './out-of-cover';

/** What a command returns: the same shape the first time and on every repeat of its key. */
export type CommandOutcome =
  | { ok: true; caseId: string; ref: string; version: number; stage: CaseStage; action: string }
  | { ok: false; code: OutcomeCode; rule: RuleId | null; message: string; caseId?: string };

/** An event as someone asks for it: who sends it is the server's to say, never the input's. */
export type EventInput = CaseEvent extends infer E ? (E extends CaseEvent ? Omit<E, 'actor'> : never) : never;

export interface OpenCaseCommand {
  idempotencyKey: string;
  actor: Person;
  ref: string;
  /** The facts as entered (without asOf, which is today): validated here. */
  facts: unknown;
  trigger: UnplannedTrigger | null;
  /** The IRO chosen from the organisation's IROs, or null: "not known yet" (the IRO manager covers until one is named). */
  iro: Person | null;
  correlationId?: string;
}

export interface ApplyCommand {
  idempotencyKey: string;
  caseId: string;
  actor: Person;
  event: EventInput;
  correlationId?: string;
}

/** Hand a case's part to someone else (issue 11): the person is named by Entra object id and checked against the organisation file. */
export interface ReassignCommand {
  idempotencyKey: string;
  caseId: string;
  actor: Person;
  role: HandoverRole;
  personId: string;
  reason: string;
  correlationId?: string;
}

/** A card click's command: need-to-know is checked on the one read, and the case comes back with the outcome. */
export interface ActCommand extends ApplyCommand {
  /** How a refusal to show the case is kept (the card's verb, the activity id), as `view` keeps it. */
  unseen: { action: string; correlationId?: string };
  /** The case as this click already read it through `view` (already checked as visible to the person). */
  basis?: StoredCase<CaseState>;
}

/** A handover submitted from its form: a click, so need-to-know is checked on its one read and the case comes back. */
export interface HandOverCommand extends ReassignCommand {
  unseen: ActCommand['unseen'];
  basis?: ActCommand['basis'];
}

/** The outcome and the case as it now stands; `seen: false` when there is no such case the person may see. */
export type ActResult = { seen: true; outcome: CommandOutcome; state: CaseState } | Unseen;
/** `outOfCover`: the words for a deputy whose cover of the case ended or is still to start (src/cases/out-of-cover.ts), or a person it was handed over from (handed-over-from.ts); nobody else is told more. */
export type Unseen = { seen: false; outOfCover?: OutOfCover };

/** What applying a command came to: a person's plain `apply` (and the scheduler's) may skip reading the case on a repeat. */
export type Applied = { seen: true; outcome: CommandOutcome; state?: CaseState } | Unseen;

/** A due deadline's event, as the scheduler raises it. */
export interface DeadlineCommand {
  idempotencyKey: string;
  caseId: string;
  event: Extract<EventInput, { type: 'DeadlineReached' }>;
  /** The due time the deadline was read with: it is marked fired only while still due then. */
  dueAt: string;
}

/** What became of one deadline: its command's outcome (it is now fired), or an error (it is left to come round again). */
export type DeadlineResult = { ok: true; outcome: CommandOutcome } | { ok: false; error: unknown };

/** The answer for a case id that names no case the person may see: the same words whether or not it exists. */
export const UNKNOWN_CASE: CommandOutcome = { ok: false, code: 'UNKNOWN_CASE', rule: null, message: 'There is no case with that id. Type "my cases" to see your cases.' };

/** What an Applied comes to for a caller that needs only the outcome. */
export const outcomeOf = (done: Applied): CommandOutcome => (done.seen ? done.outcome : UNKNOWN_CASE);

/** What an Applied comes to for a click: a click's command always reads the case (a repeat too), so the state is there when seen. */
export const asClick = (done: Applied): ActResult => (done.seen ? { seen: true, outcome: done.outcome, state: done.state! } : done);
