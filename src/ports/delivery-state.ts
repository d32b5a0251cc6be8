/**
 * Delivery state kept beside the cases: people's and channels' conversation references, send
 * receipts, the copies of each card, a case's undelivered messages and document links. Written by
 * the outbox's deliverers and the Teams edge. Each is kept under a typed key made by its
 * constructor (src/ports/delivery-keys.ts), so a free string cannot name one.
 */
import type { DeliveryKey } from './delivery-keys';

export interface DeliveryState {
  /** Saves (replaces) the value kept under the key: a conversation reference, a receipt, a list … */
  saveConversation(key: DeliveryKey, value: unknown): Promise<void>;
  getConversation(key: DeliveryKey): Promise<unknown | undefined>;
}
