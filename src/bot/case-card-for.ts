/** The case card as one person sees it: its buttons are only the ones they may take (src/bot/viewer-actions.ts). */
import { undeliveredMessages } from '../cases/undelivered-messages';
import { documentLinks } from '../documents/document-links';
import type { CaseState, Person } from '../protocol';
import { organisationOf, type S20BotDeps, viewOf } from './bot-deps';
import { type CardJson, type CardNotice, caseCard, type CaseCardData, NO_NOTICE } from './card-builder';
import { caseDocumentsData } from './case-documents-view';
import { caseCardData } from './case-view';
import { HANDOVER_STEP } from './handover-form';
import { viewerMayUse } from './viewer-actions';

export type CaseCardFor = (viewer: Person, state: CaseState, notice?: CardNotice, done?: string) => Promise<CardJson>;

/** Which of the case card's buttons this person may have, and whether it lists the messages that did not reach someone. */
async function cardRights(deps: S20BotDeps, viewer: Person, state: CaseState): Promise<{ keep: (action: CaseCardData['actions'][number]) => boolean; seesUndelivered: boolean }> {
  const { mayTake, seesUndelivered } = await deps.service.onCaseCard(viewer, state);
  const mayHandOver = await deps.service.mayHandOverCase(viewer, state);
  const asker = viewer.id === state.socialWorker.id;
  return { keep: (action) => viewerMayUse(action, state, mayTake, asker) && (action.step !== HANDOVER_STEP || mayHandOver), seesUndelivered };
}

/** Which of the case card's buttons this person may have. */
export async function buttonsFor(deps: S20BotDeps, viewer: Person, state: CaseState): Promise<(action: CaseCardData['actions'][number]) => boolean> {
  return (await cardRights(deps, viewer, state)).keep;
}

/**
 * The case card, with its documents and, for those who can act on them (the social worker and the
 * case's managers), the case's messages that did not reach someone.
 */
export async function caseCardFor(deps: S20BotDeps, viewer: Person, kept: CaseState, notice: CardNotice = NO_NOTICE, done = ''): Promise<CardJson> {
  // The Director the file names now, not the one kept since the case opened (until the catch-up reaches it).
  const state = deps.service.asActedOn(kept);
  const { keep, seesUndelivered } = await cardRights(deps, viewer, state);
  // Two reads of the delivery state, at once.
  const [undelivered, links] = await Promise.all([seesUndelivered ? undeliveredMessages(deps.conversations, state.caseId) : [], documentLinks(deps.conversations, state.caseId)]);
  const documents = caseDocumentsData(state, { links, organisation: organisationOf(deps), timeZone: deps.timeZone });
  const data = caseCardData(state, { ...viewOf(deps), undelivered, documents, keep }, notice, done);
  return caseCard({ ...data, people: deps.service.peopleFacts(state) });
}
