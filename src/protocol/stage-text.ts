/**
 * Each stage in the words people read: on the case card, in the working lists, in the admin
 * command's output and in the organisation's SharePoint audit list (which a records manager reads).
 */
import type { CaseStage } from './case-state';

export const STAGE_TEXT: Record<CaseStage, string> = {
  preparing: 'Preparing the assessment',
  revising: 'Revising the assessment',
  'awaiting-team-manager': "Waiting for the team manager's agreement",
  'awaiting-iro-view': "Waiting for the IRO's view",
  'awaiting-head-of-service': "Waiting for the Head of Service's written agreement",
  'head-of-service-agreed': 'Agreed by the Head of Service (Director sign-off not required)',
  'awaiting-director': "Waiting for the Director's authorisation",
  'director-authorised': 'Authorised by the Director',
  'episode-ended': 'Care episode ended: visits and closure',
  'not-viable': 'Return home not viable',
  closed: 'Closed after the reunification review',
};
