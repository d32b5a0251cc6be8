/**
 * The notices that real cases changing bring (issue 12): a final no, a withdrawal, a reopening, a
 * correction of the facts, an undone step, a visit at which the child was not seen. One declaration
 * each: its headline, its words, what it is in a few words, and whether it only informs.
 */
import type { ApprovalStage, NoticeData, NoticeKind, UnplannedTrigger } from '../protocol';
import { APPROVER_NAMES, CANNOT_STAY_IN_CARE, dateText } from '../protocol';
import { quotedComment } from './core-notice-text';

type LifecycleKind = Extract<NoticeKind, 'return-rejected' | 'case-withdrawn' | 'case-reopened' | 'facts-corrected' | 'step-undone' | 'visit-not-done' | 'risk-view-needed' | 'withdrawal-requested' | 'withdrawal-declined'>;

function str(data: NoticeData, key: string, fallback = ''): string {
  const value = data[key];
  return value === null || value === undefined ? fallback : String(value);
}


export type { NoticeDeclaration } from './notice-declaration';
import type { NoticeDeclaration } from './notice-declaration';

export const LIFECYCLE_NOTICES: Record<LifecycleKind, NoticeDeclaration> = {
  'return-rejected': {
    headline: 'Return home rejected',
    what: 'the notice that the return home was rejected',
    informationOnly: false,
    color: 'Attention',
    text: (d) => {
      const who = `${str(d, 'decidedBy')} (${APPROVER_NAMES[str(d, 'stage') as ApprovalStage] ?? str(d, 'stage')})`;
      const comment = d['comment'] ? ` (their reason: "${str(d, 'comment')}")` : '';
      const cannotStay = d['home'] ? 'The child is already home' : CANNOT_STAY_IN_CARE[str(d, 'trigger') as UnplannedTrigger];
      if (cannotStay) {
        return d['you']
          ? `Case ${str(d, 'ref')}: ${who} rejected the return home${comment}. ${cannotStay}, so the not-viable route follows: you will tell the child and the parents or carers, tell the IRO, and book an ICPC or Legal Planning Meeting where needed, then record these on the case card.`
          : `Case ${str(d, 'ref')}: the return home was rejected${d['decidedBy'] ? ` by ${who}` : ''}. ${cannotStay}, so the not-viable route follows: the social worker will tell the child and the parents or carers and book an ICPC or Legal Planning Meeting where needed.`;
      }
      return d['you']
        ? `Case ${str(d, 'ref')}: ${who} rejected the return home${comment}. The child stays accommodated and this request has ended: the case is closed. Please tell the child and the parents (and others with parental responsibility) of this decision (R-VOICE-1). If the return is to be considered again, your team manager can reopen the case.`
        : `Case ${str(d, 'ref')}: the return home was rejected${d['decidedBy'] ? ` by ${who}` : ''}. The child stays accommodated and the case is closed.`;
    },
  },
  'case-withdrawn': {
    headline: 'Case withdrawn',
    what: 'the notice that the case was withdrawn',
    informationOnly: true,
    color: 'Default',
    text: (d) => {
      const withdrawn = `Case ${str(d, 'ref')} was withdrawn by ${str(d, 'by')}: ${str(d, 'reason')}.`;
      if (d['placementEndDate']) return `${withdrawn} The Head of Service's consent to end the placement on ${dateText(str(d, 'placementEndDate'))} was given on this case and no longer stands: do not end the placement, or tell the carers or provider it ends, on the strength of it. Nothing more is needed from you on this case.`;
      return `${withdrawn}${d['requestsWithdrawn'] ? ' The requests still waiting for a decision were withdrawn with it; nothing more is needed from you.' : ' Nothing more is needed from you.'}`;
    },
  },
  'case-reopened': {
    headline: 'Case reopened',
    what: 'the notice that the case was reopened',
    informationOnly: false,
    color: 'Warning',
    text: (d) => `Case ${str(d, 'ref')} was reopened by ${str(d, 'by')}: ${quotedComment(str(d, 'reason'))} Open the case to see the next step.`,
  },
  'facts-corrected': {
    headline: 'Facts corrected',
    what: 'the notice that the facts of the case were corrected',
    informationOnly: false,
    color: 'Warning',
    text: (d) => {
      const base = `Case ${str(d, 'ref')}: ${str(d, 'by')} corrected the ${str(d, 'fields')} ("${str(d, 'reason')}").`;
      if (d['outOfScope']) {
        const placement = d['placementEndDate'] ? ` The Head of Service's consent to end the placement on ${dateText(str(d, 'placementEndDate'))}, given on this case, no longer stands: do not end the placement, or tell the carers or provider it ends, on the strength of it.` : '';
        return `${base} ${str(d, 'changed')} This case is now closed${d['waiting'] ? ', and the request waiting for your decision was withdrawn' : ''}.${placement} Nothing more is needed from you on this case.`;
      }
      if (d['reasked'] && d['undecided']) return `${base} This changed what the protocol requires (${str(d, 'changed')}), so the request waiting for your decision was withdrawn and is sent to you again. Open the new request to decide on the corrected facts.`;
      if (d['reasked']) return `${base} This changed what the protocol requires (${str(d, 'changed')}), so your earlier decision was withdrawn and you are asked again. Open the request to decide on the corrected facts.`;
      const changed = `${base} This changed what the protocol requires (${str(d, 'changed')}), so`;
      if (d['withdrawn'] && d['socialWorker'] && d['revise']) return `${changed} the decisions and requests on the earlier facts were withdrawn and the assessment comes back to you: revise it on the full form and submit it again.`;
      if (d['withdrawn'] && d['socialWorker']) return `${changed} the decisions and requests on the earlier facts were withdrawn and the team manager is asked to agree again. Nothing is needed from you now.`;
      if (d['withdrawn'] && d['waiting']) return `${changed} the request waiting for your decision was withdrawn. Nothing is needed from you now: if it is still needed on the corrected facts, it will come to you again in order.`;
      if (d['withdrawn']) return `${changed} the decision given on the earlier facts was withdrawn; if it is still needed on the corrected facts, the request will come to you again in order.`;
      return `${base} What the protocol requires is unchanged${d['changed'] ? ` (${str(d, 'changed')})` : ''}; decisions already given stand.`;
    },
  },
  'step-undone': {
    headline: 'Step undone',
    what: 'the notice that a recorded step was undone',
    informationOnly: true,
    color: 'Default',
    text: (d) => {
      const undid = `Case ${str(d, 'ref')}: ${str(d, 'by')} undid "${str(d, 'step')}" ("${str(d, 'reason')}")`;
      // The return home stands after all (undo-step.ts): the visits that had stopped are chased again.
      if (d['visitsDueAgain'] !== undefined) return `${undid}: the return home stands, so ${Number(d['visitsDueAgain']) > 0 ? 'the visits after the return home that had stopped are due again (R-VISIT-1), and ' : ''}the case closes with the reunification review once the visits and the placement's end are recorded (R-UNPL-10).`;
      if (d['yours'] && d['wentBack']) return `${undid}, so the assessment is back with you: record ${str(d, 'step')} again on the case card, then submit the assessment again.`;
      if (d['yours']) return `${undid}: record ${str(d, 'step')} again on the case card before the assessment goes for agreement.`;
      return `${undid}. It will be recorded again when it is done.`;
    },
  },
  'risk-view-needed': {
    headline: 'Your view on an LPM or ICPC',
    what: 'the request for a view on a Legal Planning Meeting or ICPC',
    informationOnly: false,
    color: 'Warning',
    text: (d) => `Case ${str(d, 'ref')}: the social worker's immediate risk check of the return home flags ${str(d, 'flagged', 'whether a Legal Planning Meeting or ICPC is needed')}. Your view, as ${str(d, 'consulted') === 'head-of-service' ? 'Head of Service' : 'team manager'}, is asked: is a Legal Planning Meeting or an Initial Child Protection Conference needed? Press "Give my view"; the assessment waits for it, and every approver will see it as yours.`,
  },
  'withdrawal-requested': {
    headline: 'Asked to withdraw the case',
    what: 'the request to withdraw the case',
    informationOnly: false,
    color: 'Warning',
    text: (d) => `Case ${str(d, 'ref')}: ${str(d, 'by')} asks you, as team manager, to withdraw the case: ${str(d, 'grounds')} ("${str(d, 'why')}"). Withdrawing closes it and withdraws any request waiting; declining keeps it open and tells the social worker why. Nothing changes until you choose.`,
  },
  'withdrawal-declined': {
    headline: 'Withdrawal declined',
    what: 'the answer to the request to withdraw the case',
    informationOnly: false,
    color: 'Warning',
    text: (d) => `Case ${str(d, 'ref')}: ${str(d, 'by')} (team manager) declined to withdraw the case ("${str(d, 'why')}"). The case stays open: carry on with its next step on the case card, or talk to them.`,
  },
  'visit-not-done': {
    headline: 'Child not seen at a visit',
    what: 'the warning that the child was not seen at a visit',
    informationOnly: false,
    color: 'Attention',
    // The social worker's own copy (`you`) may not ask them to agree the next step with themselves.
    text: (d) =>
      `Case ${str(d, 'ref')}: at the visit on ${dateText(str(d, 'on'))} ${str(d, 'outcome') === 'no-access' ? 'there was no access to the home' : 'the child was not seen'}. It does not count as the visit due on ${dateText(str(d, 'due'))}, which is still to be done. ${
        d['you'] ? 'Your team manager has been told: agree the next step with them today, and record the visit on the case card once the child has been seen.' : 'Please agree the next step with the social worker today.'
      }`,
  },
};

export function isLifecycleNotice(kind: NoticeKind): kind is LifecycleKind {
  return Object.prototype.hasOwnProperty.call(LIFECYCLE_NOTICES, kind);
}
