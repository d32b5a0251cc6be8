/**
 * Finding a case for someone: by id or by reference, with need-to-know checked. Someone naming a
 * case they may not see, or one there is not, is told the same either way, and the attempt is
 * kept in that case's refusal log or the store's (M7).
 */
import type { CaseState, Person } from '../protocol';
import type { StoredCase } from '../ports/case-store';
import type { ServiceContext } from './case-service-context';
import { mayViewCase } from './need-to-know';
import { keepRefusal } from './refusal-log';

/** A case by its reference, typed in any case ("case mos-1042"): references are kept as written, usually in capitals. */
export async function findByRef(ctx: ServiceContext, ref: string): Promise<StoredCase<CaseState> | undefined> {
  for (const spelling of new Set([ref, ref.toUpperCase(), ref.toLowerCase()])) {
    const found = await ctx.store.getByRef<CaseState>(spelling);
    if (found) return found;
  }
  return undefined;
}

/**
 * Who may see a case: the people named on it (its social worker, named IRO, anyone who decided)
 * the managers who may be asked to decide (team managers, Heads of Service, the Director,
 * the Children's Placement Team, and their active deputies), and the IRO service, which must be
 * told of every ending (R-UNPL-3). Nobody else, whatever they know.
 */
export function mayView(ctx: ServiceContext, person: Person, state: CaseState): Promise<boolean> {
  return mayViewCase(ctx.authority, person, state, ctx.now().today);
}

/** The case for a click that only shows it: one read, need-to-know checked; undefined (and kept) when unseen. */
export async function viewCase(ctx: ServiceContext, person: Person, caseId: string, action: string, correlationId?: string): Promise<StoredCase<CaseState> | undefined> {
  const stored = await ctx.store.get<CaseState>(caseId);
  if (stored && (await mayView(ctx, person, stored.state))) return stored;
  await keepUnseen(ctx, person, caseId, stored, action, correlationId);
  return undefined;
}

/** Someone named a case they may not see (stored) or one there is not: kept as refuseUnseen keeps it. */
export async function keepUnseen(ctx: ServiceContext, person: Person, caseId: string, stored: StoredCase<CaseState> | undefined, action: string, correlationId?: string): Promise<void> {
  const base = { person, action, rule: null, at: ctx.now().at, ...(correlationId ? { correlationId } : {}) };
  if (stored) await keepRefusal(ctx, { ...base, caseId: stored.state.caseId, code: 'CASE_NOT_VISIBLE' });
  else await keepRefusal(ctx, { ...base, caseId: null, named: caseId.slice(0, 100), code: 'UNKNOWN_CASE' });
}

/** A case named by id from a card, or by reference, that the person may not see: kept, as keepUnseen keeps it. */
export async function refuseUnseen(ctx: ServiceContext, person: Person, named: { caseId?: string; ref?: string }, action: string, correlationId?: string): Promise<void> {
  const stored = named.caseId !== undefined ? await ctx.store.get<CaseState>(named.caseId) : named.ref !== undefined ? await ctx.store.getByRef<CaseState>(named.ref) : undefined;
  await keepUnseen(ctx, person, named.caseId ?? named.ref ?? '', stored, action, correlationId);
}
