/**
 * The words of every notice: plain UK English, the case reference and role names only
 * (never a child's name or date of birth), what to do next, and the rules behind it.
 */
import type { Effect, NoticeData, NoticeKind } from '../protocol';
import { dateText, TRIGGER_NAMES } from '../protocol';
import { LIFECYCLE_NOTICES } from './lifecycle-notice-text';
import { LETTER_NOTICES } from './letter-notice-text';
import { HANDOVER_NOTICES } from './handover-notice-text';

type NotifyEffect = Extract<Effect, { type: 'notify' }>;
type ApprovalEffect = Extract<Effect, { type: 'request-approval' }>;

const STAGE_WORDS: Record<string, string> = {
  'team-manager': "team manager's agreement",
  'head-of-service': "Head of Service's written agreement",
  director: "Director's authorisation",
  'placement-end': "Head of Service's consent to end the placement",
};

function str(data: NoticeData, key: string, fallback = ''): string {
  const value = data[key];
  return value === null || value === undefined ? fallback : String(value);
}

/** A date in the notice's data (kept as YYYY-MM-DD) as people read it: "Wed 2 Dec 2026". */
function day(data: NoticeData, key: string): string {
  return dateText(str(data, key));
}

const TEXT: Record<NoticeKind, (d: NoticeData) => string> = {
  'case-opened': (d) => `Case ${str(d, 'ref')} has been opened on the ${str(d, 'pathway')} pathway. No action is needed from you yet; you will be asked for your agreement when the assessment is ready.`,
  'iro-informed': (d) =>
    d['viewRequested']
      ? d['earlierViewOn']
        ? `Case ${str(d, 'ref')}: the team manager has agreed the revised return-home assessment. Your view of ${day(d, 'earlierViewOn')} was on the version sent back for changes, so please give your view as IRO on this one before it goes to the Head of Service. Open the case to record it.`
        : `Case ${str(d, 'ref')}: the team manager has agreed the return-home assessment. Please give your view as IRO so it can go to the Head of Service. Open the case to record it.`
      : `Case ${str(d, 'ref')}: the social worker is telling you, as IRO, that the child's care may end (${str(d, 'pathway')} return home). Please decide whether to bring the review forward and consult the child.`,
  'decision-made': (d) => `Case ${str(d, 'ref')}: ${STAGE_WORDS[str(d, 'stage')] ?? str(d, 'stage')} — approved by ${str(d, 'decidedBy')}. Open the case to see the next step.`,
  'changes-requested': (d) =>
    `Case ${str(d, 'ref')}: ${str(d, 'decidedBy')} ${str(d, 'outcome') === 'reject' ? 'rejected' : 'asked for changes to'} the ${STAGE_WORDS[str(d, 'stage')] ?? str(d, 'stage')} request. Their comment: "${str(d, 'comment')}". Revise and send it again from the case card.`,
  'not-viable': (d) =>
    d['you']
      ? `Case ${str(d, 'ref')}: you recorded the return home as not viable because risks were identified. Next, you will tell the child and the parents or carers, and book an ICPC or Legal Planning Meeting where needed${d['lpmOrIcpcFlagged'] ? ' (the immediate risk check said one is needed)' : ''}; then record these actions on the case card.`
      : `Case ${str(d, 'ref')}: the return home has been assessed as not viable because risks were identified. The social worker will tell the child and the parents or carers, and book an ICPC or Legal Planning Meeting where needed.`,
  'visit-reminder': (d) => `Case ${str(d, 'ref')}: a ${str(d, 'kind') === 'first-visit' ? 'first home visit' : 'weekly check-in'} is due by ${day(d, 'due')}. Record it on the case card once it has happened.`,
  'visit-overdue': (d) => `Case ${str(d, 'ref')}: the ${str(d, 'kind') === 'first-visit' ? 'first home visit' : 'weekly check-in'} due on ${day(d, 'due')} has not been recorded. Please visit or record the visit today.`,
  'approval-reminder': (d) => `Reminder — case ${str(d, 'ref')}: the ${STAGE_WORDS[str(d, 'stage')] ?? str(d, 'stage')} has been waiting since ${day(d, 'requestedOn')}. Open the request to decide.`,
  'approval-request-copy': (d) =>
    d['why'] === 'asked'
      ? `Case ${str(d, 'ref')}: here is the new copy you asked for of the request for the ${STAGE_WORDS[str(d, 'stage')] ?? str(d, 'stage')}, waiting since ${day(d, 'requestedOn')}. Open the request to decide.`
      : `Case ${str(d, 'ref')}: the ${STAGE_WORDS[str(d, 'stage')] ?? str(d, 'stage')} has been waiting since ${day(d, 'requestedOn')}. This is a fresh copy of the request, because Outlook stops the buttons in a request mail after a month. Open the request to decide.`,
  'approval-escalation': (d) => `Escalation — case ${str(d, 'ref')}: the ${STAGE_WORDS[str(d, 'stage')] ?? str(d, 'stage')} has been waiting since ${day(d, 'requestedOn')}. Please make sure the case's decision-maker, or their deputy, decides.`,
  'planned-horizon-nearing': (d) => `Case ${str(d, 'ref')}: the planned return's 16-week horizon is ${day(d, 'horizon')}. Check that the plan and referrals will be ready in time.`,
  'planned-horizon-reached': (d) => `Case ${str(d, 'ref')}: the planned return has reached its 16-week horizon (${day(d, 'horizon')}) without the child going home. Review the plan with the team manager.`,
  'placement-end-confirmed': (d) => `Case ${str(d, 'ref')}: the Head of Service (${str(d, 'decidedBy')}) has consented in writing to end the placement${d['proposedEndDate'] ? ` on ${day(d, 'proposedEndDate')}` : ''}. Please record this on the child's record and tell the carers or provider the end date.`,
  // Only what was recorded: the agencies line when the social worker recorded telling them.
  'care-episode-ended': (d) =>
    `Case ${str(d, 'ref')}: the care episode has ended and the IRO's role for it ends.${d['agenciesInformed'] === true ? ' The agencies involved have been told what support and safety plan is in place.' : d['agenciesInformed'] === false ? ' The agencies involved have not yet been recorded as told of the support and safety plan.' : ''}`,
  'pathway-changed': (d) =>
    str(d, 'to') === 'planned'
      ? `Case ${str(d, 'ref')} has moved from an unplanned to a planned return home: the parents agreed a planned return${d['reason'] ? ` ("${str(d, 'reason')}")` : ''}. Pending requests were withdrawn; the planned steps now apply.`
      : `Case ${str(d, 'ref')} has moved from a planned to an unplanned return home (${TRIGGER_NAMES[str(d, 'trigger') as keyof typeof TRIGGER_NAMES] ?? str(d, 'trigger')}). Pending requests were withdrawn; the unplanned steps now apply.`,
  'case-closed': (d) => `Case ${str(d, 'ref')} is closed after the reunification review (continuing with: ${str(d, 'continueWith', 'no further plan')}).`,
  ...(Object.fromEntries(Object.entries(LIFECYCLE_NOTICES).map(([kind, n]) => [kind, n.text])) as Record<keyof typeof LIFECYCLE_NOTICES, (d: NoticeData) => string>),
  ...(Object.fromEntries(Object.entries(LETTER_NOTICES).map(([kind, n]) => [kind, n.text])) as Record<keyof typeof LETTER_NOTICES, (d: NoticeData) => string>),
  ...(Object.fromEntries(Object.entries(HANDOVER_NOTICES).map(([kind, n]) => [kind, n.text])) as Record<keyof typeof HANDOVER_NOTICES, (d: NoticeData) => string>),
};

/** Messages that ask nothing of the reader: told once, never chased, and without rule-id jargon. */
const INFORMATION_ONLY: ReadonlySet<NoticeKind> = new Set<NoticeKind>([
  'case-opened',
  'decision-made',
  'case-closed',
  ...(Object.entries(LIFECYCLE_NOTICES).filter(([, n]) => n.informationOnly).map(([kind]) => kind as NoticeKind)),
  ...(Object.entries(HANDOVER_NOTICES).filter(([, n]) => n.informationOnly).map(([kind]) => kind as NoticeKind)),
]);

export function isInformationOnly(kind: NoticeKind): boolean {
  return INFORMATION_ONLY.has(kind);
}

export function noticeText(effect: NotifyEffect): string {
  const rules = effect.rules.length > 0 && !INFORMATION_ONLY.has(effect.notice) ? ` (${effect.rules.join(', ')})` : '';
  return `${TEXT[effect.notice](effect.data)}${rules}`;
}

export function approvalRequestText(effect: ApprovalEffect, ref: string): string {
  return `Case ${ref}: your ${STAGE_WORDS[effect.stage] ?? effect.stage} is needed. Open the request to approve, ask for changes or reject (${effect.rules.join(', ')}).`;
}

const NOTICE_WHAT: Record<NoticeKind, string> = {
  'case-opened': 'the message that the case was opened',
  'iro-informed': 'the notice to the IRO',
  'decision-made': 'the message about a decision',
  'changes-requested': 'the message asking for changes',
  'not-viable': 'the notice that the return home is not viable',
  'visit-reminder': 'a visit reminder',
  'visit-overdue': 'the warning that a visit is overdue',
  'approval-reminder': 'an approval reminder',
  'approval-escalation': 'an approval escalation',
  'approval-request-copy': 'a fresh copy of a request',
  'planned-horizon-nearing': "the warning that the 16-week horizon is near",
  'planned-horizon-reached': 'the notice that the 16-week horizon has been reached',
  'placement-end-confirmed': "the Head of Service's consent to end the placement",
  'care-episode-ended': 'the notice that the care episode ended',
  'pathway-changed': 'the notice that the case moved to the unplanned pathway',
  'case-closed': 'the notice that the case closed',
  ...(Object.fromEntries(Object.entries(LIFECYCLE_NOTICES).map(([kind, n]) => [kind, n.what])) as Record<keyof typeof LIFECYCLE_NOTICES, string>),
  ...(Object.fromEntries(Object.entries(LETTER_NOTICES).map(([kind, n]) => [kind, n.what])) as Record<keyof typeof LETTER_NOTICES, string>),
  ...(Object.fromEntries(Object.entries(HANDOVER_NOTICES).map(([kind, n]) => [kind, n.what])) as Record<keyof typeof HANDOVER_NOTICES, string>),
};

/** What a notice was, in a few words, for saying it did not reach someone: "the notice to the IRO (R-UNPL-3)". */
export function noticeWhat(effect: NotifyEffect): string {
  return `${NOTICE_WHAT[effect.notice]}${effect.rules.length > 0 ? ` (${effect.rules.join(', ')})` : ''}`;
}

/** "the request for the Head of Service's written agreement (R-SIGN-4, R-UNPL-7)". */
export function approvalWhat(effect: ApprovalEffect): string {
  return `the request for the ${STAGE_WORDS[effect.stage] ?? effect.stage} (${effect.rules.join(', ')})`;
}
