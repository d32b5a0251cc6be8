/**
 * Where each of a case's documents was kept (its SharePoint link, or that the bot keeps it), for
 * the case card. Saved beside the case in the store's delivery state, like the case's
 * undelivered messages; written by the outbox worker, which delivers one case's documents in order.
 */
import { deliveryKeys } from '../ports/delivery-keys';
import type { DeliveryState } from '../ports/delivery-state';
import type { CaseDocumentLink } from '../ports/delivery-values';

export type { CaseDocumentLink } from '../ports/delivery-values';

const documentLinksKey = deliveryKeys.documentLinks;

type KeyValues = DeliveryState;

export async function documentLinks(store: KeyValues, caseId: string): Promise<CaseDocumentLink[]> {
  const saved = await store.getConversation(documentLinksKey(caseId));
  return Array.isArray(saved?.items) ? saved.items : [];
}

/** Keeps the newest link of each document, in the order the documents were first made. */
export async function recordDocumentLink(store: KeyValues, caseId: string, link: CaseDocumentLink): Promise<void> {
  const items = await documentLinks(store, caseId);
  const at = items.findIndex((l) => l.docId === link.docId);
  if (at >= 0) items[at] = link;
  else items.push(link);
  await store.saveConversation(documentLinksKey(caseId), { items });
}
