/**
 * Delivery state kept beside the cases: people's and channels' conversation references, send
 * receipts, the copies of each card, a case's undelivered messages and document links. Written by
 * the outbox's deliverers and the Teams edge. Each is kept under a typed key made by its
 * constructor (src/ports/delivery-keys.ts), so a free string cannot name one, and a value of
 * another kind cannot be saved under it.
 */
import type { DeliveryKey, DeliveryValue } from './delivery-keys';

export interface DeliveryState {
  /** Saves (replaces) the value kept under the key: of the type its kind names (src/ports/delivery-values.ts). */
  saveConversation<K extends DeliveryKey>(key: K, value: DeliveryValue<K>): Promise<void>;
  /** The value as it was saved (a store written by an older release may hold less: readers stay careful). */
  getConversation<K extends DeliveryKey>(key: K): Promise<DeliveryValue<K> | undefined>;
  /** Forgets the value kept under the key, so what is no longer needed does not stay for ever (none kept: nothing to do). */
  forgetConversation(key: DeliveryKey): Promise<void>;
}
