/**
 * The notices of the sign-off chain, the visits and the planned pathway: one declaration each (its
 * headline, its words, what it is in a few words, whether it only informs), in the shape of
 * lifecycle-notice-text.ts. Plain UK English, the case reference and role names only (never a
 * child's name or date of birth), what to do next.
 */
import type { NoticeData, NoticeKind } from '../protocol';
import { continuingPlansText, dateText, DECIDED_WORDS, ROLE_NAMES, STAGE_NAMES, TRIGGER_NAMES, type CaseRole, type DecisionOutcome } from '../protocol';
import type { NoticeDeclaration } from './notice-declaration';

type CoreKind = Extract<
  NoticeKind,
  | 'case-opened'
  | 'iro-informed'
  | 'child-went-home'
  | 'decision-made'
  | 'changes-requested'
  | 'not-viable'
  | 'visit-reminder'
  | 'visit-overdue'
  | 'approval-reminder'
  | 'approval-escalation'
  | 'escalation-decided'
  | 'escalation-withdrawn'
  | 'escalation-handed-over'
  | 'decider-gone'
  | 'approval-request-copy'
  | 'planned-horizon-nearing'
  | 'planned-horizon-reached'
  | 'placement-end-confirmed'
  | 'placement-end-recorded'
  | 'care-episode-ended'
  | 'end-of-care-told'
  | 'child-back-in-care'
  | 'authorisation-found-retrospective'
  | 'pathway-changed'
  | 'case-closed'
>;

const STAGE_WORDS: Record<string, string> = STAGE_NAMES;

/** What follows an approval, for the social worker (decision-given.ts `next`); a notice queued before it was said reads as before. */
const NEXT_AFTER_DECISION: Record<string, string> = {
  'iro-view': "It now waits for the IRO's view, then goes to the Head of Service: nothing is needed from you now.",
  'head-of-service': 'It now goes to the Head of Service for their written agreement: nothing is needed from you now.',
  director: "It now goes to the Director for authorisation: nothing is needed from you now.",
  episode: 'The sign-off chain is complete: your next step is to record the end of the care episode on the case card.',
  'placement-team': "The Children's Placement Team tells the carers or provider the end date and records the end of the placement: nothing is needed from you for it now.",
};

/** The stage a notice is about, in words; a stage the catalogue does not know is shown as recorded. */
function stageWords(data: NoticeData): string {
  const stage = str(data, 'stage');
  return STAGE_WORDS[stage] ?? stage;
}

function str(data: NoticeData, key: string, fallback = ''): string {
  const value = data[key];
  return value === null || value === undefined ? fallback : String(value);
}

/**
 * The visit a notice is about, as the case card names it ('Weekly check-in 2'); a notice queued
 * before the index was read from its data says only 'weekly check-in'.
 */
function visitWords(data: NoticeData, article: 'a' | 'the'): string {
  if (str(data, 'kind') === 'first-visit') return `${article} first home visit`;
  const index = Number(data['index']);
  return Number.isInteger(index) && index > 0 ? `weekly check-in ${index}` : `${article} weekly check-in`;
}

/** To someone whose request a move between pathways withdrew: what that means for them. */
function withdrawnFromYou(data: NoticeData): string {
  return data['requestWithdrawn'] ? ' The request waiting for your decision was withdrawn with them, so nothing is needed from you now; it will come to you again once the case is ready.' : '';
}

/** A comment in quotes ending the sentence: no full stop after one that already ends with . ! ? or …. */
export function quotedComment(comment: string): string {
  const words = comment.trim();
  return /[.!?…]$/.test(words) ? `"${words}"` : `"${words}".`;
}

/** A date in the notice's data (kept as YYYY-MM-DD) as people read it: "Wed 2 Dec 2026". */
function day(data: NoticeData, key: string): string {
  return dateText(str(data, key));
}

/**
 * What the opening of a case asks of the team managers: nothing yet, unless the child is home, when
 * the visits (R-VISIT-1) are theirs to see to, and any already overdue today.
 */
function openingVisitsText(d: NoticeData): string {
  const agreement = 'you will be asked for your agreement when the assessment is ready.';
  if (!d['returnedHomeOn']) return `No action is needed from you yet; ${agreement}`;
  const next = d['nextVisitDue'] ? `${capital(visitWords({ kind: d['nextVisitKind'] ?? null, index: d['nextVisitIndex'] ?? null }, 'the'))} is due by ${day(d, 'nextVisitDue')}` : '';
  const overdue = Number(d['overdueVisits'] ?? 0);
  if (overdue === 0) return `The child went home on ${day(d, 'returnedHomeOn')}. ${next}: you will be told if it is not recorded by then. No decision is needed from you yet; ${agreement}`;
  const which = overdue === 1 ? `the first home visit, due on ${day(d, 'firstOverdueDue')}, is already overdue` : `${overdue} visits are already overdue, the first due on ${day(d, 'firstOverdueDue')}`;
  return `The child went home on ${day(d, 'returnedHomeOn')}, so ${which}: please check with the social worker today that the child is seen, and that any visit that has happened is recorded.${next ? ` ${next}.` : ''} No decision is needed from you yet; ${agreement}`;
}

function capital(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

export const CORE_NOTICES: Record<CoreKind, NoticeDeclaration> = {
  'case-opened': {
    headline: 'Case opened',
    what: 'the message that the case was opened',
    informationOnly: true,
    color: 'Default',
    text: (d) => `Case ${str(d, 'ref')} has been opened on the ${str(d, 'pathway')} pathway. ${openingVisitsText(d)}`,
  },
  'iro-informed': {
    headline: 'For the IRO',
    what: 'the notice to the IRO',
    informationOnly: false,
    color: 'Default',
    text: (d) =>
      d['why'] === 'cover'
        ? `Case ${str(d, 'ref')}: your cover of ${str(d, 'coveredName')} as IRO runs from ${day(d, 'coverFrom')} to ${day(d, 'coverTo')}, and the IRO's view has been waiting for them ${d['requestedOn'] ? `since ${day(d, 'requestedOn')}, when the team manager agreed the return-home assessment, ` : ''}before your cover began. Please give the view on their behalf so it can go to the Head of Service: open the case to record it.`
        : d['viewRequested']
        ? d['earlierViewOn']
          ? `Case ${str(d, 'ref')}: the team manager has agreed the revised return-home assessment. Your view of ${day(d, 'earlierViewOn')} was on the version sent back for changes, so please give your view as IRO on this one before it goes to the Head of Service. Open the case to record it.`
          : `Case ${str(d, 'ref')}: the team manager has agreed the return-home assessment. Please give your view as IRO so it can go to the Head of Service. Open the case to record it.`
        : d['homeOn']
          ? `Case ${str(d, 'ref')}: the social worker is telling you, as IRO, that the child went home on ${day(d, 'homeOn')} (${str(d, 'pathway')} return home), so their care may end. Please decide whether to bring the review forward and consult the child.`
          : `Case ${str(d, 'ref')}: the social worker is telling you, as IRO, that the child's care may end (${str(d, 'pathway')} return home). Please decide whether to bring the review forward and consult the child.`,
  },
  // To the IRO already told the child's care may end: the child has now gone home (R-UNPL-3, R-PLAN-6).
  'child-went-home': {
    headline: 'The child has gone home',
    what: 'the notice to the IRO that the child went home',
    informationOnly: true,
    color: 'Default',
    text: (d) => `Case ${str(d, 'ref')}: the social worker has recorded that the child went home on ${day(d, 'homeOn')} (${str(d, 'pathway')} return home), so their care may now end. Please decide whether to bring the review forward and consult the child.`,
  },
  'decision-made': {
    headline: 'Decision made',
    what: 'the message about a decision',
    informationOnly: true,
    color: 'Default',
    text: (d) => `Case ${str(d, 'ref')}: ${stageWords(d)} — approved by ${str(d, 'decidedBy')}. ${NEXT_AFTER_DECISION[str(d, 'next')] ?? 'Open the case to see the next step.'}`,
  },
  'changes-requested': {
    headline: 'Changes asked for',
    what: 'the message asking for changes',
    informationOnly: false,
    color: 'Warning',
    text: (d) => {
      const comment = `Their comment: ${quotedComment(str(d, 'comment'))}`;
      // The placement's end is asked again, with another date or more notice, not revised.
      if (str(d, 'stage') === 'placement-end') {
        return str(d, 'outcome') === 'reject'
          ? `Case ${str(d, 'ref')}: ${str(d, 'decidedBy')} did not agree to end the placement. ${comment} The placement stays open: if it should still end, ask again from the case card ("Ask to end the placement").`
          : `Case ${str(d, 'ref')}: ${str(d, 'decidedBy')} asked for changes to the request to end the placement. ${comment} The placement stays open: ask again from the case card ("Ask to end the placement") with the changes.`;
      }
      return `Case ${str(d, 'ref')}: ${str(d, 'decidedBy')} ${str(d, 'outcome') === 'reject' ? 'rejected' : 'asked for changes to'} the ${stageWords(d)} request. ${comment} Revise and send it again from the case card.`;
    },
  },
  'not-viable': {
    headline: 'Return home not viable',
    what: 'the notice that the return home is not viable',
    informationOnly: false,
    color: 'Attention',
    text: (d) =>
      d['staysInCare']
        ? d['you']
          ? `Case ${str(d, 'ref')}: you recorded the planned return home as not viable because risks were identified: it is not going ahead, and the child stays accommodated. Next, tell the child and the parents (and others with parental responsibility) of the decision, and book an ICPC or Legal Planning Meeting only if the risks call for one; then record these actions on the case card.`
          : `Case ${str(d, 'ref')}: the planned return home has been assessed as not viable because risks were identified: it is not going ahead, and the child stays accommodated. The social worker will tell the child and the parents of the decision.`
        : d['you']
        ? `Case ${str(d, 'ref')}: you recorded the return home as not viable because risks were identified. Next, you will tell the child and the parents or carers, and book an ICPC or Legal Planning Meeting where needed${d['lpmOrIcpcFlagged'] ? ' (the immediate risk check said one is needed)' : ''}; then record these actions on the case card.`
        : `Case ${str(d, 'ref')}: the return home has been assessed as not viable because risks were identified. The social worker will tell the child and the parents or carers, and book an ICPC or Legal Planning Meeting where needed.`,
  },
  'visit-reminder': {
    headline: 'Reminder: visit due',
    what: 'a visit reminder',
    informationOnly: false,
    color: 'Accent',
    text: (d) => `Case ${str(d, 'ref')}: ${visitWords(d, 'a')} is due by ${day(d, 'due')}. Record it on the case card once it has happened.`,
  },
  'visit-overdue': {
    headline: 'Overdue: visit not recorded',
    what: 'the warning that a visit is overdue',
    informationOnly: false,
    color: 'Attention',
    // The social worker's own copy (`you`) asks them to visit; the team manager's, to see that it happens.
    text: (d) =>
      d['triedOn']
        ? `Case ${str(d, 'ref')}: ${visitWords(d, 'the')} due on ${day(d, 'due')} has not been done: at the visit recorded on ${day(d, 'triedOn')} ${str(d, 'triedOutcome') === 'no-access' ? 'there was no access to the home' : 'the child was not seen'}, so it did not count. ${
          d['you'] ? 'Please visit again today, or record the visit if it has happened.' : 'Please agree the next step with the social worker today, so that the child is seen.'
        }`
        : `Case ${str(d, 'ref')}: ${visitWords(d, 'the')} due on ${day(d, 'due')} has not been recorded. ${
          d['you'] ? 'Please visit or record the visit today.' : 'Please check with the social worker today that the visit happens, or is recorded if it has happened.'
        }`,
  },
  'approval-reminder': {
    headline: 'Reminder: decision waiting',
    what: 'an approval reminder',
    informationOnly: false,
    color: 'Warning',
    // Reminders queued before the escalation's day was said have no dueBy: they read as before.
    text: (d) => `Reminder — case ${str(d, 'ref')}: the ${stageWords(d)} has been waiting since ${day(d, 'requestedOn')}. Open the request to decide.${d['dueBy'] ? ` If it is not decided by ${day(d, 'dueBy')}, it is escalated to the ${str(d, 'escalatedTo')} on ${day(d, 'escalatedOn')}.` : ''}`,
  },
  'approval-request-copy': {
    headline: 'A fresh copy: decision waiting',
    what: 'a fresh copy of a request',
    informationOnly: false,
    color: 'Default',
    text: (d) =>
      d['why'] === 'cover'
        ? `Case ${str(d, 'ref')}: your cover of ${str(d, 'coveredName')} as ${str(d, 'coveredRole')} runs from ${day(d, 'coverFrom')} to ${day(d, 'coverTo')}, and the ${stageWords(d)} has been waiting for their decision since ${day(d, 'requestedOn')}, before your cover began. Open the request to decide it on their behalf.`
        : d['why'] === 'asked'
        ? `Case ${str(d, 'ref')}: here is the new copy you asked for of the request for the ${stageWords(d)}, waiting since ${day(d, 'requestedOn')}. Open the request to decide.`
        // A renewal (every 28 days): the request mail is for reading only, so no reason of Outlook's buttons is given.
        : `Case ${str(d, 'ref')}: the ${stageWords(d)} has been waiting since ${day(d, 'requestedOn')}. Here is a fresh copy of the request. Open the request to decide.`,
  },
  'approval-escalation': {
    headline: 'Escalation: decision still waiting',
    what: 'an approval escalation',
    informationOnly: false,
    color: 'Attention',
    // Escalations queued before they were repeated have no nextOn: they read as before.
    text: (d) => {
      const again = d['firstEscalatedOn'] ? ` and is still not decided, though it was first escalated on ${day(d, 'firstEscalatedOn')} (this is escalation ${str(d, 'times')})` : '';
      const next = d['nextOn'] ? ` If it is still not decided, ${d['you'] === true ? `you and the ${str(d, 'escalatedTo')}` : 'you'} will be told again on ${day(d, 'nextOn')}.` : '';
      return d['you'] === true
        ? `Escalation — case ${str(d, 'ref')}: the ${stageWords(d)} has been waiting for your decision since ${day(d, 'requestedOn')}${again || ' and is now overdue, so it has been escalated'}. Open the request to decide.${next}`
        : `Escalation — case ${str(d, 'ref')}: the ${stageWords(d)} has been waiting since ${day(d, 'requestedOn')}${again}. ${d['decidersGone'] ? `Please make sure it is decided: nobody still in the organisation file holds the ${str(d, 'decidersGone')}'s part of the case, so hand it over ("Hand the case over" on the case card).` : d['deciders'] ? `Please make sure it is decided: it waits for ${str(d, 'deciders')}, or their deputy.` : "Please make sure the case's decision-maker, or their deputy, decides."}${next}`;
    },
  },
  // To those up the line an escalation asked to chase a request: it is over, and nothing is left for them.
  'escalation-decided': {
    headline: 'Escalation over: decided',
    what: 'the message that an escalated request was decided',
    informationOnly: true,
    color: 'Good',
    text: (d) =>
      `Case ${str(d, 'ref')}: the ${stageWords(d)} escalated to you on ${day(d, 'escalatedOn')} was decided on ${day(d, 'decidedOn')} by ${str(d, 'decidedBy')}: ${DECIDED_WORDS[str(d, 'outcome') as DecisionOutcome] ?? str(d, 'outcome')}. Nothing more is needed from you on it.`,
  },
  // To those up the line an escalation asked to chase a request that was then withdrawn undecided.
  'escalation-withdrawn': {
    headline: 'Escalation over: withdrawn',
    what: 'the message that an escalated request was withdrawn',
    color: 'Default',
    informationOnly: true,
    text: (d) => {
      const by = d['withdrawnBy'] ? ` by ${str(d, 'withdrawnBy')}` : '';
      const next = d['askedAgainOf']
        ? `It is asked again of the ${str(d, 'askedAgainOf')} as a new request; you are told if that one is escalated to you. Nothing more is needed from you on the old one.`
        : 'Nothing more is needed from you on it.';
      return `Case ${str(d, 'ref')}: the ${stageWords(d)} escalated to you on ${day(d, 'escalatedOn')} was withdrawn on ${day(d, 'withdrawnOn')}${by}, undecided: ${str(d, 'why')}. ${next}`;
    },
  },
  // To those up the line chasing an escalated request whose part was handed over: whom to chase now.
  'escalation-handed-over': {
    headline: 'Escalation: handed over',
    what: 'the message that an escalated request now waits for someone else',
    informationOnly: true,
    color: 'Default',
    text: (d) =>
      `Case ${str(d, 'ref')}: the ${stageWords(d)} escalated to you on ${day(d, 'escalatedOn')} now waits for ${str(d, 'to')}: the ${str(d, 'role')}'s part of the case was handed over to them on ${day(d, 'on')} by ${str(d, 'by')}. Please make sure ${str(d, 'to')}, or their deputy, decides it: the escalation stands, and you are told again if it is still not decided.`,
  },
  // To the next person up the line from someone who has gone, instead of a request they cannot decide (src/cases/decider-gone.ts).
  'decider-gone': {
    headline: 'Decision waiting on someone who has gone',
    what: 'the message that a request waits for someone who has gone',
    informationOnly: false,
    color: 'Warning',
    text: (d) => {
      const role = ROLE_NAMES[str(d, 'role') as CaseRole] ?? str(d, 'role');
      const still = d['others'] ? ` ${str(d, 'others')} can still decide it; if it should not wait for them, hand` : ' Please hand';
      return `Case ${str(d, 'ref')}: the ${stageWords(d)}, asked on ${day(d, 'requestedOn')}, waits for ${str(d, 'gone')}, who ${Number(d['goneCount']) > 1 ? 'are' : 'is'} no longer in the organisation file, so you are told as the next person up the line. You cannot decide it yourself.${still} the ${role}'s part of the case to someone else ("Hand the case over" on the case card): the request then goes to them.`;
    },
  },
  'planned-horizon-nearing': {
    headline: '16-week horizon nearing',
    what: "the warning that the 16-week horizon is near",
    informationOnly: false,
    color: 'Warning',
    text: (d) => `Case ${str(d, 'ref')}: the planned return's 16-week horizon is ${day(d, 'horizon')}. Check that the plan and referrals will be ready in time.`,
  },
  'planned-horizon-reached': {
    headline: '16-week horizon reached',
    what: 'the notice that the 16-week horizon has been reached',
    informationOnly: false,
    color: 'Attention',
    // The social worker reviews it with the team manager; the team managers, with the social worker.
    text: (d) => `Case ${str(d, 'ref')}: the planned return has reached its 16-week horizon (${day(d, 'horizon')}) without the child going home. ${d['you'] === true ? 'Review the plan with the team manager.' : 'Review the plan with the social worker.'}`,
  },
  'placement-end-confirmed': {
    headline: 'Placement end agreed',
    what: "the Head of Service's consent to end the placement",
    informationOnly: false,
    color: 'Default',
    text: (d) => d['consentedOn']
      // The day asked for had gone by when the consent came: the placement does not end before it (R-PLACE-1).
      ? `Case ${str(d, 'ref')}: the Head of Service (${str(d, 'decidedBy')}) has consented in writing to end the placement. The end date asked for, ${day(d, 'proposedEndDate')}, had passed when they consented on ${day(d, 'consentedOn')}, and the placement does not end before that consent: agree its end date with the social worker, on or after ${day(d, 'consentedOn')}. Please record the consent on the child's record, tell the carers or provider the end date, and record the end here.`
      : `Case ${str(d, 'ref')}: the Head of Service (${str(d, 'decidedBy')}) has consented in writing to end the placement${d['proposedEndDate'] ? ` on ${day(d, 'proposedEndDate')}` : ''}. Please record this on the child's record and tell the carers or provider the end date.`,
  },
  // To the social worker when someone else (the placement team, the team manager) recorded the end: closing waits for it (R-UNPL-10).
  'placement-end-recorded': {
    headline: 'Placement end recorded',
    what: 'the notice that the end of the placement was recorded',
    informationOnly: true,
    color: 'Default',
    text: (d) => `Case ${str(d, 'ref')}: ${str(d, 'by')} recorded the end of the placement: its end date is ${day(d, 'endDate')}, and the carers or provider were told on ${day(d, 'carersToldOn')}. Nothing more is needed from you for the placement; carry on with the case's next step on the case card.`,
  },
  // Only what was recorded: the agencies line when the social worker recorded telling them.
  'care-episode-ended': {
    headline: 'Care episode ended',
    what: 'the notice that the care episode ended',
    informationOnly: false,
    color: 'Default',
    text: (d) =>
      `Case ${str(d, 'ref')}: the care episode has ended and the IRO's role for it ends.${d['agenciesInformed'] === true ? ' The agencies involved have been told what support and safety plan is in place.' : d['agenciesInformed'] === false ? ' The agencies involved have not yet been recorded as told of the support and safety plan.' : ''}${d['familyInformed'] === true ? ' The child and the parents have been told of the decision.' : d['familyInformed'] === false ? ' The child and the parents have not yet been recorded as told of the decision (R-VOICE-1): the social worker tells them.' : ''}${d['agenciesInformed'] === false || d['familyInformed'] === false ? ' The case cannot close until the social worker records that they have been told (R-UNPL-10).' : ''}`,
  },
  // To the team manager and the IRO, who read at the end of the care episode that they had not been told yet.
  'end-of-care-told': {
    headline: 'Told since the care episode ended',
    what: 'the notice that the family or the agencies were told after the care episode ended',
    informationOnly: true,
    color: 'Default',
    text: (d) =>
      str(d, 'told') === 'agencies'
        ? `Case ${str(d, 'ref')}: ${str(d, 'by')} recorded that the agencies involved were told on ${day(d, 'on')} that the care episode has ended, and what support and safety plan is in place. Nothing is needed from you.`
        : `Case ${str(d, 'ref')}: ${str(d, 'by')} recorded that the child and the parents were told of the decision on ${day(d, 'on')}. Nothing is needed from you.`,
  },
  // To the team manager and the IRO: the visits they were watching stop, and the case is to close.
  'child-back-in-care': {
    headline: 'The return home broke down',
    what: 'the notice that the child came back into care after the care episode ended',
    informationOnly: true,
    color: 'Warning',
    text: (d) =>
      `Case ${str(d, 'ref')}: ${str(d, 'by')} recorded that the child came back into care on ${day(d, 'on')}: the return home broke down. ${Number(d['visits']) > 0 ? 'The visits after the return home still due are no longer due (R-VISIT-1). ' : ''}The social worker holds the reunification review to close this case (R-UNPL-10); a new case is started if a return home is planned again. Nothing is needed from you on this case.`,
  },
  // To the Director: their authorisation, given before the return home was recorded, came after it (retrospective-found.ts).
  'authorisation-found-retrospective': {
    headline: 'Your authorisation is retrospective',
    what: "the notice that the Director's authorisation was found to be retrospective",
    informationOnly: true,
    color: 'Warning',
    text: (d) =>
      `Case ${str(d, 'ref')}: ${str(d, 'by')} recorded that the child went home on ${day(d, 'homeOn')}, before your authorisation of ${day(d, 'authorisedOn')}, so it is retrospective (R-SIGN-5). Your decision stands as you gave it; the case card, the decision record and the Director's authorisation now say it is retrospective. Nothing is needed from you.`,
  },
  'pathway-changed': {
    headline: 'Now an unplanned return',
    what: 'the notice that the case moved to the unplanned pathway',
    informationOnly: false,
    color: 'Default',
    text: (d) =>
      str(d, 'to') === 'planned'
        ? `Case ${str(d, 'ref')} has moved from an unplanned to a planned return home: the parents agreed a planned return${d['reason'] ? ` ("${str(d, 'reason')}")` : ''}. Pending requests were withdrawn; the planned steps now apply.${withdrawnFromYou(d)}`
        : `Case ${str(d, 'ref')} has moved from a planned to an unplanned return home (${TRIGGER_NAMES[str(d, 'trigger') as keyof typeof TRIGGER_NAMES] ?? str(d, 'trigger')}). Pending requests were withdrawn; the unplanned steps now apply.${withdrawnFromYou(d)}`,
  },
  'case-closed': {
    headline: 'Case closed',
    what: 'the notice that the case closed',
    informationOnly: true,
    color: 'Default',
    text: (d) => `Case ${str(d, 'ref')} is closed after the reunification review (continuing with: ${continuingPlansText(str(d, 'continueWith', 'no further plan').split(', '))}).`,
  },
};
