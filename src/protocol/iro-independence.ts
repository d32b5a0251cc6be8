/**
 * The IRO reviews the case independently of those who work on it and manage it: their view goes
 * beside the team manager's agreement to the Head of Service (R-SIGN-4), so it is never the view
 * of its social worker, one of its team managers or its Head of Service. Someone who is an IRO as
 * well (on other cases) is refused as this case's IRO at its opening and at a handover, either
 * way round; the view is refused from a social worker a case was already opened with as its IRO.
 */
import type { CasePeople, Person } from './case-people';
import type { CaseState } from './case-state';
import { refuse, type Refusal } from './refusal';

/** The part beside the IRO's this person holds on the case ("social worker", "team manager", "Head of Service"), or null. */
export function partBesideIro(personId: string, socialWorker: Person, people: CasePeople | undefined): string | null {
  if (personId === socialWorker.id) return 'social worker';
  if (people?.teamManagers.some((h) => !h.group && h.id === personId)) return 'team manager';
  if (people?.headsOfService.some((h) => !h.group && h.id === personId)) return 'Head of Service';
  return null;
}

const WHY = 'and the IRO reviews the case independently of those who work on it and manage it (R-SIGN-4)';

/** Naming `iro` as the IRO of a case whose social worker and managers these are: refused, or null. */
export function iroNotIndependent(iro: Person, socialWorker: Person, people: CasePeople | undefined, then: string): Refusal | null {
  const part = partBesideIro(iro.id, socialWorker, people);
  return part ? refuse('SELF_APPROVAL', 'R-SIGN-4', `${iro.name} is this case's ${part}, so cannot also be its IRO, ${WHY}. ${then}`) : null;
}

/** Handing another part to the case's own IRO: refused, or null. */
export function iroTakingAnotherPart(state: CaseState, to: Person, part: string): Refusal | null {
  if (!state.iro || state.iro.id !== to.id) return null;
  return refuse('SELF_APPROVAL', 'R-SIGN-4', `${to.name} is this case's IRO, so cannot also be its ${part}, ${WHY}. Choose someone else, or first hand the IRO's part to another IRO. Nothing was recorded.`);
}

/** The IRO's view from someone who is also the case's social worker (a case opened so before this was refused): refused, or null. */
export function iroViewBarred(state: CaseState, actorIds: readonly string[]): Refusal | null {
  if (!state.iro || state.iro.id !== state.socialWorker.id || !actorIds.includes(state.socialWorker.id)) return null;
  return refuse('SELF_APPROVAL', 'R-SIGN-4', `You are this case's social worker as well as its IRO, and the IRO's view must come from someone independent of the case. Ask the team manager to hand the IRO's part to another IRO ("Hand the case over"). Nothing was recorded.`);
}
