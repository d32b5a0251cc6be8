/**
 * The case state machine: `transition(state, event, now, policy)` → the next state and the
 * effects to carry out, or a refusal naming the rule. Every event is declared once
 * (event-declarations.ts); the machine checks the sender's role, then the stage, from the
 * declaration, and then runs its handler on a copy. Pure and deterministic: no clock, no I/O.
 */
import type { CasePolicy, Now } from './case-policy';
import type { CaseEvent } from './case-events';
import type { CaseState } from './case-state';
import { allowedInStage, declarationOf, isDeclaredEvent, whoMayAct } from './event-declarations';
import { futureDateRefusal } from './past-dates';
import { refuse, type Refusal } from './refusal';
import { requireRole, type TransitionResult } from './transition';
import { plainCopy } from './plain-copy';
import { caseSizeRefusal } from './case-size';
import { escalationsWithdrawn } from './escalation-withdrawn';


/** The refusal for an actor who may not send this event here, or null. */
export function actorRefusal<E extends CaseEvent>(state: CaseState, event: E): Refusal | null {
  const declared = declarationOf(event);
  if (declared.systemOnly !== undefined) return event.actor.role === 'system' ? null : refuse('NOT_YOUR_ROLE', null, declared.systemOnly);
  if (declared.roleCheckedByHandler) return null;
  const who = whoMayAct(state, event);
  return requireRole(event.actor, who.roles, who.what, who.rule);
}

/** The refusal for this event in the case's stage, or null. */
export function stageRefusal<E extends CaseEvent>(state: CaseState, event: E): Refusal | null {
  const declared = declarationOf(event);
  if (allowedInStage(state, event.type)) return null;
  const notNow = declared.notNow(state);
  return typeof notNow === 'string' ? refuse(state.stage === 'closed' ? 'CASE_CLOSED' : 'OUT_OF_ORDER', declared.rule, notNow) : notNow;
}

/**
 * The handler's copy of the state: the whole of it, or, where its declaration names the only parts
 * it changes inside, the top level with those parts copied and every other part shared.
 */
function copyFor(current: CaseState, changesOnly: readonly (keyof CaseState)[] | undefined): CaseState {
  if (!changesOnly) return plainCopy(current);
  const copy: Record<string, unknown> = { ...current };
  for (const part of changesOnly) if (Object.prototype.hasOwnProperty.call(current, part)) copy[part] = plainCopy(current[part]);
  return copy as unknown as CaseState;
}

/** The state machine: the role, then the stage, from the event's declaration; then its handler on a copy. The input state is never modified; a refused event changes nothing. */
export function transition(current: CaseState, event: CaseEvent, now: Now, policy: CasePolicy): TransitionResult {
  // Events are validated at the edge; an unknown one at run time is refused, never undefined.
  if (!isDeclaredEvent(event)) return { ok: false, refusal: refuse('OUT_OF_ORDER', null, `That action (${String((event as { type?: unknown }).type)}) is not part of the protocol.`) };
  const refusal = actorRefusal(current, event) ?? stageRefusal(current, event) ?? futureDateRefusal(event, declarationOf(event).pastDates, now.today, whoMayAct(current, event).rule);
  if (refusal) return { ok: false, refusal };
  const declared = declarationOf(event);
  const result = declared.handle(copyFor(current, declared.changesOnly), event, now, policy);
  const tooLarge = result.ok ? caseSizeRefusal(current, result.state, event) : null;
  if (tooLarge) return { ok: false, refusal: tooLarge };
  // Whatever withdrew an escalated request, those told to chase it are told (escalation-withdrawn.ts).
  return result.ok ? { ...result, effects: [...result.effects, ...escalationsWithdrawn(current, result.state, event, now, result.effects)] } : result;
}
