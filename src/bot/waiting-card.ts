/** The decisions waiting for someone, each with a button that opens the request (or the case, for the IRO's view). */
import type { WaitingDecision } from '../cases/case-service';
import { type ApprovalStage, dateText } from '../protocol';
import { type CardJson, waitingDecisionsCard } from './card-builder';
import { SHOWN } from './list-page';
import { APPROVAL_TITLES } from './case-view';
import { decisionDueWords, type ListContext } from './working-list-text';

const WAITING_TEXT: Record<ApprovalStage | 'iro-view', string> = { ...APPROVAL_TITLES, 'iro-view': "IRO's view on the assessment" };

/** Buttons a card shows at most (Teams shows six actions); the rest are listed and reached by "my cases". */
const WAITING_BUTTONS = 5;

/** Each with by when it is due, or how late it is, as "my cases" says: on a phone the card is what is read. */
export function waitingCard(waiting: readonly WaitingDecision[], ctx: ListContext): CardJson {
  const shown = waiting.slice(0, WAITING_BUTTONS);
  const rest = waiting.length - shown.length;
  return waitingDecisionsCard({
    items: waiting.slice(0, 20).map((w) => ({ ref: w.ref, what: WAITING_TEXT[w.what], since: dateText(w.since), due: decisionDueWords(w, ctx) })),
    more: rest > 0 ? `Buttons for the oldest ${shown.length}. For the others, type "case" and the reference${waiting.length > 20 ? `; "my cases" lists ${waiting.length > SHOWN ? `the oldest ${SHOWN} of all ${waiting.length}, "waiting 2" the next` : `all ${waiting.length}`}` : ''}.` : '',
    // Named for the decision too: one person may have two waiting on a case (a Head of Service who is also a Director),
    // and a screen reader lists the buttons on their own.
    actions: shown.map((w) => ({ title: `Open ${w.ref}: ${WAITING_TEXT[w.what]}`, verb: w.approvalId ? 'showApproval' : 'showCase', caseId: w.caseId, approvalId: w.approvalId ?? '' })),
  });
}
