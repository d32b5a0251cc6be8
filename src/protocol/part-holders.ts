/** Who holds a part on a case, from its people: the case's own holders; the IRO, until one is named, is the IRO manager. */
import type { CasePeople, CaseRole, Holder } from './case-people';
import type { CaseState } from './case-state';

/** Every part but the Children's Placement Team's, which is the organisation's, not the case's. */
export type CasePart = Exclude<CaseRole, 'placement-team'>;

export function partHolders(state: Pick<CaseState, 'socialWorker' | 'iro'>, people: CasePeople, part: CasePart): Holder[] {
  switch (part) {
    case 'social-worker':
      return [state.socialWorker];
    case 'team-manager':
      return people.teamManagers;
    case 'head-of-service':
      return people.headsOfService;
    case 'director':
      return people.director;
    case 'iro':
      return state.iro ? [state.iro] : people.iroManager;
  }
}
