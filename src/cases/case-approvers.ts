/**
 * Who may decide a case's request at a stage, as Entra object ids: the case's own holder of the
 * role, their deputies active today, and the members of a group that holds it (routing.ts, the
 * same people the request is sent to), never every holder of the role in the organisation. For an
 * approval card's refresh.userIds. The directory not answering just now leaves the group's members
 * out (the named people and deputies stay): they see the card as sent and tap Refresh.
 */
import { APPROVER_ROLE, type ApprovalStage, type CalendarDate, type CaseState } from '../protocol';
import { DirectoryLookupError, type Directory } from '../ports/directory';
import type { Authority } from './authority';
import { route } from './routing';

export async function caseApproverIds(authority: Authority, directory: Directory | null, state: CaseState, stage: ApprovalStage, today: CalendarDate): Promise<string[]> {
  const to = { kind: 'role' as const, role: APPROVER_ROLE[stage] };
  try {
    return (await route(authority, directory, state, to, today)).people.filter((p) => !p.upTheLine).map((p) => p.id);
  } catch (error) {
    if (!(error instanceof DirectoryLookupError)) throw error;
    return (await route(authority, null, state, to, today)).people.filter((p) => !p.upTheLine).map((p) => p.id);
  }
}
