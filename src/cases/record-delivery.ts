/**
 * Delivers the organisation's records: a row of its SharePoint lists (one at a time, or many in
 * one $batch), and a case file document to its library with the link kept on the case.
 */
import type { OutboxItem } from '../ports/case-store';
import type { RecordList, Recorder } from '../ports/recorder';
import { PermanentRecordError, TransientRecordError } from '../ports/recorder';
import type { DocumentPayload } from '../documents/case-documents';
import { recordDocumentLink } from '../documents/document-links';
import type { EffectDelivererDeps } from './effect-delivery';

export type RecordPayload = { type: 'record'; list: RecordList; key: string; fields: Record<string, string | number | boolean | null> };

export async function deliverRecord(recorder: Recorder, effect: RecordPayload): Promise<void> {
  const caseRef = String(effect.fields['CaseRef'] ?? '');
  await recorder.record({ list: effect.list, key: effect.key, caseRef, fields: effect.fields });
}

export async function deliverDocument(deps: EffectDelivererDeps, item: OutboxItem, effect: DocumentPayload): Promise<void> {
  // Erased under the retention policy before it went: there is nothing left to keep.
  if (typeof effect.document !== 'object' || effect.document === null) return;
  if (!deps.documents) throw new TransientRecordError('no document library in this process');
  const doc = effect.document;
  const link = await deps.documents.library.put({
    caseRef: doc.caseRef,
    ...(doc.folder ? { folder: doc.folder } : {}),
    fileName: doc.fileName,
    revisionKey: effect.revisionKey,
    content: await deps.documents.render(doc),
    fields: { ...doc.fields, CaseRef: doc.caseRef, Title: doc.title },
  });
  await recordDocumentLink(deps.store, item.caseId, { ...link, docId: doc.docId, title: doc.title });
}

/** Records of several outbox items in one call: the recorder's recordMany (a Graph $batch) where it has one. */
export function createRecordBatchDeliverer(recorder: Recorder): (items: OutboxItem[]) => Promise<void> {
  return async (items) => {
    const requests = items.map((item) => {
      const effect = item.payload as RecordPayload;
      if (effect.type !== 'record') throw new PermanentRecordError(`outbox item ${item.effectId} is not a record`);
      return { list: effect.list, key: effect.key, caseRef: String(effect.fields['CaseRef'] ?? ''), fields: effect.fields };
    });
    if (recorder.recordMany) await recorder.recordMany(requests);
    else for (const request of requests) await recorder.record(request);
  };
}
