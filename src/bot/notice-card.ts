/**
 * The card on a proactive notice: what is due and by when, and one button to act on it — record
 * the visit, open the approval request, or open the case. A notice to the IRO channel carries the
 * case reference and the notice's words only, and no buttons: a card answered in a channel is seen
 * by everyone in it, so nothing there may lead past the case reference.
 */
import type { CaseState, Effect, RuleId } from '../protocol';
import { allowedInStage, dateText, pendingWithdrawalRequest, personText, riskViewWaiting, RULES } from '../protocol';
import type { NoticeCardData } from './card-builder';
import { APPROVAL_TITLES } from './case-view';
import { NOTICE_CATALOGUE } from '../cases/notice-catalogue';
import { shownRef } from './shown-ref';

type NotifyEffect = Extract<Effect, { type: 'notify' }>;
type NoticeAction = NoticeCardData['actions'][number];

const none = { step: '', index: '', approvalId: '' };
const openCase: NoticeAction = { title: 'Open the case', verb: 'showCase', ...none };

function rulesText(rules: readonly RuleId[], withText: boolean): string {
  if (rules.length === 0) return '';
  return withText ? rules.map((id) => `${id}: ${RULES[id].text}`).join(' ') : `Rules: ${rules.join(', ')}`;
}

function str(value: unknown): string {
  return value === null || value === undefined ? '' : String(value);
}

/** The card's data for a notice, from the case as it is now (`text` is the notice's plain words). */
export function noticeCardData(effect: NotifyEffect, state: CaseState, text: string): NoticeCardData {
  const d = effect.data;
  const entry = NOTICE_CATALOGUE[effect.notice];
  const headline = effect.notice === 'pathway-changed' && d['to'] === 'planned' ? 'Now a planned return' : effect.notice === 'changes-requested' && d['outcome'] === 'reject' ? 'Not agreed' : entry.headline;
  const base = { caseId: state.caseId, headline: `${headline} — case ${shownRef(state)}`, color: entry.color, text };
  if (effect.to.kind === 'iro-channel') {
    return { ...base, facts: [{ title: 'Case', value: shownRef(state) }], rulesText: rulesText(effect.rules, false), actions: [] };
  }
  const facts: NoticeCardData['facts'] = [{ title: 'Case', value: shownRef(state) }];
  const actions: NoticeAction[] = [];
  switch (effect.notice) {
    case 'visit-reminder':
    case 'visit-overdue': {
      const index = Number(d['index']);
      const visit = state.visits.find((v) => v.index === index);
      facts.push({ title: 'Due', value: dateText(str(d['due'] ?? visit?.due)) });
      if (visit?.doneOn) facts.push({ title: 'Recorded', value: `Visit recorded on ${dateText(visit.doneOn)}` });
      else if (visit) actions.push({ title: 'Record the visit', verb: 'openStep', step: 'visit', index: String(visit.index), approvalId: '' });
      break;
    }
    case 'approval-reminder':
    case 'approval-escalation':
    case 'approval-request-copy': {
      const approval = state.approvals.find((a) => a.approvalId === d['approvalId']);
      if (approval) facts.push({ title: 'Asked for', value: APPROVAL_TITLES[approval.stage] });
      facts.push({ title: 'Waiting since', value: dateText(str(d['requestedOn'] ?? approval?.requestedOn)) });
      const pending = approval && !approval.decision && !approval.cancelledAt;
      if (pending) actions.push({ title: 'Open the request', verb: 'showApproval', step: '', index: '', approvalId: approval.approvalId });
      else facts.push({ title: 'Now', value: approval?.decision ? 'Already decided' : 'No longer waiting' });
      break;
    }
    case 'planned-horizon-nearing':
    case 'planned-horizon-reached':
      if (d['horizon']) facts.push({ title: '16-week horizon', value: dateText(str(d['horizon'])) });
      break;
    case 'letter-contribution-asked':
      if (!state.letter && !state.letterContributions?.iro) actions.push({ title: "Write for the child's letter", verb: 'openStep', step: 'letterContribution', index: '', approvalId: '' });
      break;
    case 'risk-view-needed':
      if (riskViewWaiting(state) && allowedInStage(state, 'RiskViewGiven')) actions.push({ title: 'Give my view', verb: 'openStep', step: 'riskView', index: '', approvalId: '' });
      else if (state.steps.immediateRisk?.viewBy) facts.push({ title: 'Now', value: `View given by ${personText(state.steps.immediateRisk.viewBy.by, state.steps.immediateRisk.viewBy.onBehalfOf)}` });
      else if (state.pathway === 'planned') facts.push({ title: 'Now', value: 'No longer needed: the case moved to the planned pathway (R-UNPL-2)' });
      break;
    case 'withdrawal-requested':
      if (state.stage !== 'closed' && pendingWithdrawalRequest(state)) {
        actions.push({ title: 'Withdraw the case', verb: 'openStep', step: 'withdraw', index: '', approvalId: '' });
        actions.push({ title: 'Decline: keep it open', verb: 'openStep', step: 'withdrawalDecline', index: '', approvalId: '' });
      } else facts.push({ title: 'Now', value: state.stage === 'closed' ? 'The case is closed' : 'Already answered' });
      break;
    case 'letter-contribution-given':
      if (!state.letter) actions.push({ title: 'Record the letter', verb: 'openStep', step: 'letter', index: '', approvalId: '' });
      break;
    case 'placement-end-confirmed':
      // The end date recorded is often a day still to come: no tense ("ended") this card cannot know.
      if (d['proposedEndDate']) facts.push({ title: 'Placement ends', value: dateText(str(d['proposedEndDate'])) });
      if (state.placement.status === 'consent-given' && state.stage !== 'closed') actions.push({ title: 'Record the end of the placement', verb: 'openStep', step: 'placementEnded', index: '', approvalId: '' });
      else if (state.placement.status === 'ended') facts.push({ title: 'Now', value: `Placement end recorded${state.placement.endDate ? ` for ${dateText(state.placement.endDate)}` : ''}` });
      break;
    // The person who held the part may no longer see the case (a social worker or IRO handed off):
    // "Open the case" would only answer that there is no such case. Nothing more is theirs to do.
    case 'case-handed-over':
      return { ...base, facts, rulesText: rulesText(effect.rules, true), actions };
    default:
      break;
  }
  actions.push(openCase);
  return { ...base, facts, rulesText: rulesText(effect.rules, true), actions };
}
