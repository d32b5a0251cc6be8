/**
 * Delivery state kept beside the cases under string keys: people's and channels' conversation
 * references, send receipts, the copies of each card, a case's undelivered messages and document
 * links. Written by the outbox's deliverers and the Teams edge.
 */
export interface DeliveryState {
  /** Conversation references for proactive messages, keyed by Entra object id or channel key. */
  saveConversation(key: string, reference: unknown): Promise<void>;
  getConversation(key: string): Promise<unknown | undefined>;
}
