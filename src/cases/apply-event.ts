/**
 * The one path every event on an existing case takes: the command key (a repeat returns its first
 * outcome), one read of the case (or the caller's `basis`), need-to-know when the command asks for
 * it, authority, the protocol, one commit. A version conflict reads the case again and decides again.
 */
import { hasVisibleText, SYSTEM_ACTOR, transition, type Actor, type CaseEvent, type CaseState, type Now, type Person } from '../protocol';
import type { CaseCommit, StoredCase } from '../ports/case-store';
import type { ServiceContext } from './case-service-context';
import type { ActCommand, Applied, ApplyCommand, CommandOutcome, EventInput } from './case-command';
import { repeatOutcome } from './command-repeat';
import { keepRefusal } from './refusal-log';
import { keepUnseen, mayView, unseenWhy } from './case-lookup';
import { buildCommit } from './case-commit';
import { auditRowTooLarge } from './audited-commit';
import { recorded } from './recorded-in-turn';
import { withDirectorNow } from './case-people';

const MAX_CONFLICT_RETRIES = 60;

/** Who is acting; with `event`, the event as the server completed it from the organisation (a handover). */
export type ResolveActor = (state: CaseState, now: Now) => Promise<{ ok: true; actor: Actor; event?: EventInput } | { ok: false; outcome: CommandOutcome }>;

/** What an event does to a case, decided before anything is written. */
export type Decision =
  | { kind: 'refused'; outcome: CommandOutcome; actor: Actor }
  /** A deadline that no longer applies: nothing to tell anyone, so nothing to commit or audit. */
  | { kind: 'unchanged'; outcome: CommandOutcome }
  | { kind: 'commit'; outcome: CommandOutcome; commit: CaseCommit<CaseState> };

/** Returns the outcome with the case as it now stands (the committed state, not read back). */
export async function applyWith(ctx: ServiceContext, cmd: ApplyCommand | ActCommand, resolveActor: ResolveActor, firedDeadlines: string[] = []): Promise<Applied> {
  const unseen = 'unseen' in cmd ? cmd.unseen : undefined;
  let basis = 'basis' in cmd ? cmd.basis : undefined;
  for (let attempt = 0; attempt < MAX_CONFLICT_RETRIES; attempt++) {
    const repeat = await ctx.store.findCommand(cmd.idempotencyKey);
    // A repeat needs no case, unless a click must show it.
    if (repeat && !unseen) return { seen: true, outcome: recorded(repeatOutcome(repeat.outcome, { actorId: cmd.actor.id, caseId: cmd.caseId })) };
    const fromBasis = basis !== undefined && !repeat;
    const stored = fromBasis ? basis : await ctx.store.get<CaseState>(cmd.caseId);
    basis = undefined;
    if (unseen && !(stored && (fromBasis || (await mayView(ctx, cmd.actor, stored.state))))) {
      await keepUnseen(ctx, cmd.actor, cmd.caseId, stored, unseen.action, unseen.correlationId);
      const why = unseenWhy(ctx, cmd.actor, stored);
      return why.outOfCover ? { seen: false, outOfCover: why.outOfCover } : { seen: false };
    }
    if (repeat) return { seen: true, outcome: recorded(repeatOutcome(repeat.outcome, { actorId: cmd.actor.id, caseId: cmd.caseId })), ...(stored ? { state: stored.state } : {}) };
    if (!stored) {
      if (cmd.actor.id !== SYSTEM_ACTOR.id) await keepRefusal(ctx, { caseId: null, named: cmd.caseId, person: cmd.actor, action: (cmd.event as { type: string }).type, code: 'UNKNOWN_CASE', rule: null, at: ctx.now().at, ...(cmd.correlationId ? { correlationId: cmd.correlationId } : {}) });
      return { seen: false };
    }
    const now = ctx.now();
    const who = await resolveActor(stored.state, now);
    if (!who.ok) {
      await auditRefusal(ctx, cmd, cmd.actor, who.outcome, now);
      return { seen: true, outcome: who.outcome, state: stored.state };
    }
    const decision = decide(ctx, stored, who.event ? { ...cmd, event: who.event } : cmd, who.actor, now, firedDeadlines);
    if (decision.kind === 'refused') {
      await auditRefusal(ctx, cmd, decision.actor, decision.outcome, now);
      return { seen: true, outcome: decision.outcome, state: stored.state };
    }
    if (decision.kind === 'unchanged') {
      for (const id of firedDeadlines) await ctx.store.markDeadlineFired(id, now.at);
      return { seen: true, outcome: decision.outcome, state: stored.state };
    }
    const saved = await ctx.store.commit(decision.commit);
    if (saved.ok) return { seen: true, outcome: recorded(decision.outcome), state: decision.commit.state };
    if (saved.code === 'DUPLICATE_COMMAND') {
      const outcome = recorded(repeatOutcome(saved.outcome, { actorId: cmd.actor.id, caseId: cmd.caseId }));
      const now = await ctx.store.get<CaseState>(cmd.caseId);
      return { seen: true, outcome, state: now?.state ?? stored.state };
    }
    // VERSION_CONFLICT: someone else changed the case; read it again and re-decide.
  }
  throw new Error(`case ${cmd.caseId} stayed contended after ${MAX_CONFLICT_RETRIES} attempts`);
}

/** The protocol's answer to one event on the stored case, and the commit that would save it. */
export function decide(ctx: ServiceContext, stored: StoredCase<CaseState>, cmd: ApplyCommand, actor: Actor, now: Now, firedDeadlines: string[]): Decision {
  const event = { ...cmd.event, actor } as CaseEvent;
  const result = transition(withDirectorNow(ctx.authority.organisation, stored.state), event, now, ctx.policy);
  if (!result.ok) return { kind: 'refused', actor, outcome: { ok: false, ...result.refusal, caseId: stored.state.caseId } };
  if (event.type === 'DeadlineReached' && result.effects.length === 0) {
    // A deadline that no longer applies: nothing to tell anyone, so no audit noise.
    return { kind: 'unchanged', outcome: { ok: true, caseId: stored.state.caseId, ref: stored.state.ref, version: stored.version, stage: stored.state.stage, action: result.action } };
  }
  const outcome: CommandOutcome = { ok: true, caseId: stored.state.caseId, ref: stored.state.ref, version: stored.version + 1, stage: result.state.stage, action: result.action };
  const commit = buildCommit(ctx, { stored, state: result.state, effects: result.effects, action: result.action, actor, now, cmd, outcome, firedDeadlines });
  // Measured on the row itself (only what changed), so nothing is counted twice on a click.
  const tooLarge = auditRowTooLarge(commit, actor);
  if (tooLarge) return { kind: 'refused', actor, outcome: { ok: false, ...tooLarge, caseId: stored.state.caseId } };
  return { kind: 'commit', outcome, commit };
}

/** Keeps a refused authority check in the case's refusal log; the case itself is not touched. */
async function auditRefusal(ctx: ServiceContext, cmd: ApplyCommand, person: Person, outcome: CommandOutcome, now: Now): Promise<void> {
  if (outcome.ok || person.id === SYSTEM_ACTOR.id) return;
  const comment = refusedComment(cmd.event);
  await keepRefusal(ctx, { caseId: cmd.caseId, person, action: (cmd.event as { type: string }).type, code: outcome.code, rule: outcome.rule, at: now.at, ...(cmd.correlationId ? { correlationId: cmd.correlationId } : {}), ...(comment ? { comment } : {}) });
}

/** A decision's comment, kept with its refusal (one given after someone else's decided nothing, but was said). */
function refusedComment(event: unknown): string | null {
  const { type, comment } = event as { type?: unknown; comment?: unknown };
  return type === 'DecisionGiven' && typeof comment === 'string' && hasVisibleText(comment) ? comment.trim() : null;
}
