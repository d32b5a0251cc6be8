/**
 * Every document of a case's file as the case stands, and the ones a commit makes new or changes:
 * each goes to the document library through the outbox (kind `document`), one new version each.
 */
import type { CaseState } from '../protocol';
import type { OutboxItemInput } from '../ports/case-store';
import type { CaseDocument } from './document-model';
import { decisionRecord } from './compose/decision-record';
import { directorAuthorisation } from './compose/director-authorisation';
import { headOfServiceAgreement } from './compose/head-of-service-agreement';
import { notViableRecord } from './compose/not-viable-record';
import { placementEndConfirmation } from './compose/placement-end-confirmation';
import { timeInCareLetter, type LetterDrafter } from './compose/time-in-care-letter';
import type { DocumentContext } from './compose/words';
import { sameJson } from '../cases/same-json';

export interface CaseDocumentSettings extends DocumentContext {
  /** The letter's draft from the case, used when the social worker kept no edited text. */
  draftLetter: LetterDrafter;
}

export function caseDocuments(state: CaseState, settings: CaseDocumentSettings): CaseDocument[] {
  const documents = [
    decisionRecord(state, settings),
    headOfServiceAgreement(state, settings),
    directorAuthorisation(state, settings),
    placementEndConfirmation(state, settings),
    timeInCareLetter(state, settings, settings.draftLetter),
    notViableRecord(state, settings),
  ].filter((d): d is CaseDocument => d !== null);
  // A case with a folder of its own files every document there (case-file-ref.ts).
  return state.documentsFolder ? documents.map((d) => ({ ...d, folder: state.documentsFolder })) : documents;
}

/** An outbox item's payload for one version of a document: rendered and uploaded when delivered. */
export interface DocumentPayload {
  type: 'document';
  /** Names this version everywhere (the library keeps it, so a retry makes no second version). */
  revisionKey: string;
  document: CaseDocument;
}

/**
 * The documents this commit makes new or changes, as outbox items. A document whose content is
 * the same as before the commit is not sent again.
 */
export function documentOutboxItems(before: CaseState | null, after: CaseState, version: number, settings: CaseDocumentSettings): OutboxItemInput[] {
  const earlier = new Map((before ? caseDocuments(before, settings) : []).map((d) => [d.docId, d]));
  return caseDocuments(after, settings)
    .filter((d) => {
      // Compared as JSON would write them, without writing them: the store writes each new one once.
      const was = earlier.get(d.docId);
      return was === undefined || !sameJson(was, d);
    })
    .map((document) => {
      const revisionKey = `${after.caseId}:v${version}:${document.docId}`;
      const payload: DocumentPayload = { type: 'document', revisionKey, document };
      return { effectId: `${after.caseId}:v${version}:doc:${document.docId}`, kind: 'document', payload };
    });
}
