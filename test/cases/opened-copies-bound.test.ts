/**
 * The copies of a request opened by clicks are bounded per person. Every message a request was
 * opened from was kept as one more copy to edit, in one stored value rewritten whole at each click,
 * so one person opening it from a new message again and again ("case REF", then "Open the
 * request", a thousand times) grew it without end; on Azure Table Storage it then no longer fitted
 * its entity, and every later open of that request, by anyone, failed. Now each person's newest
 * OPENED_COPIES_KEPT_PER_PERSON are kept and edited once it is decided; copies sent to approvers
 * and other people's opened copies are never dropped.
 */
import { strict as assert } from 'node:assert';
import { copiesOf, keepCopy, OPENED_COPIES_KEPT_PER_PERSON, updateCopies } from '../../src/cases/card-copies';
import { deliveryKeys } from '../../src/ports/delivery-keys';
import type { SentCopy } from '../../src/ports/notifier';
import { onBothStores } from '../support/on-both-stores';

const APPROVAL = '6a1f0c2e-7b3d-4e5f-8a9b-0c1d2e3f4a5b';
const SERVICE_URL = 'https://smba.trafficmanager.net/emea/5d2f9c1a-8e4b-4f3c-9a1d-7b6e5c4d3a2f/';

/** A personal chat's conversation reference as Teams gives one (ids of their real length). */
function chatOf(aadObjectId: string) {
  const conversationId = `a:1${aadObjectId.replace(/-/g, '')}Xq9ZtY3mK7pL2wR8vN4bJ6hG1fD5sA0cE3uI7oP2yT9rW4qZ8xC6vB1nM5kJ3hL7gF2dS9aQ4wE8rT6yU1iO3pA5sD7fG9hJ2kL4zX6cV8bN0mQ`;
  return {
    conversationId,
    reference: {
      user: { id: `29:1${aadObjectId.replace(/-/g, '')}AbCdEfGhIjKlMnOpQrStUvWxYz0123456789AbCdEfGhIjKlMnOpQrStUvWx`, name: 'Taylor Manager', aadObjectId },
      bot: { id: '28:8f0c5f3e-2b7d-4c1e-9a55-0d3b2e4f6a71', name: 'Return home' },
      conversation: { id: conversationId, conversationType: 'personal', tenantId: '5d2f9c1a-8e4b-4f3c-9a1d-7b6e5c4d3a2f' },
      channelId: 'msteams',
      locale: 'en-GB',
      serviceUrl: SERVICE_URL,
    },
  };
}

onBothStores('openedcopies', (open) => {
  it(`one person opening a request from 1,000 messages keeps their newest ${OPENED_COPIES_KEPT_PER_PERSON}; every open succeeds, and the approvers' copies and another person's stay`, async function () {
    this.timeout(120_000);
    const { store, cleanup } = await open();
    try {
      const sent: SentCopy & { to: string } = { to: 'hos-1', conversation: chatOf('0b9e8d7c-6a5f-4e3d-9c2b-1a0f9e8d7c6b').reference, activityId: '1:sent-request' };
      await keepCopy(store, APPROVAL, sent);
      const opener = chatOf('3c4d5e6f-7a8b-4c9d-8e0f-1a2b3c4d5e6f');
      const other = chatOf('9f8e7d6c-5b4a-4392-8170-6f5e4d3c2b1a');
      const activityIds: string[] = [];
      for (let n = 0; n < 1000; n++) {
        // Each open comes from another message of theirs (a case card typed for, a reminder), as noteShownCard keeps it.
        const activityId = `1:17${String(n).padStart(11, '0')}`;
        activityIds.push(activityId);
        // (Only the newest messages are marked as still showing it: the count below holds for the rest.)
        if (n >= 1000 - 2 * OPENED_COPIES_KEPT_PER_PERSON) await store.saveConversation(deliveryKeys.showing(opener.conversationId, activityId), { approvalId: APPROVAL });
        await keepCopy(store, APPROVAL, { to: `opened:${opener.conversationId}`, conversation: opener.reference, activityId });
        if (n === 500) {
          await store.saveConversation(deliveryKeys.showing(other.conversationId, '1:other'), { approvalId: APPROVAL });
          await keepCopy(store, APPROVAL, { to: `opened:${other.conversationId}`, conversation: other.reference, activityId: '1:other' });
        }
      }

      const edited: string[] = [];
      const notifier = { send: async () => undefined, update: async (copy: SentCopy) => void edited.push(copy.activityId) };
      await updateCopies(store, notifier, APPROVAL, { key: `update:${APPROVAL}`, text: 'Case MOS-1042: decided.' }, () => new Date('2026-03-04T10:00:00Z'));
      assert.deepEqual(edited.sort(), ['1:other', '1:sent-request', ...activityIds.slice(-OPENED_COPIES_KEPT_PER_PERSON)].sort());
      assert.equal((await copiesOf(store, APPROVAL)).length, OPENED_COPIES_KEPT_PER_PERSON + 2);
    } finally {
      await cleanup();
    }
  });

  it('the note of which request a message shows is forgotten once its copy is dropped or edited, but not where the message now shows another request', async function () {
    // Before, a note was kept for ever for every message a request was ever opened from.
    this.timeout(60_000);
    const { store, cleanup } = await open();
    try {
      const opener = chatOf('3c4d5e6f-7a8b-4c9d-8e0f-1a2b3c4d5e6f');
      const note = (activityId: string) => store.getConversation(deliveryKeys.showing(opener.conversationId, activityId));
      const OTHER_REQUEST = '0d2c4b6a-8f1e-4a3c-9b5d-7e6f8a9b0c1d';
      const ids = Array.from({ length: OPENED_COPIES_KEPT_PER_PERSON + 5 }, (_, n) => `1:18${String(n).padStart(11, '0')}`);
      for (const activityId of ids) {
        await store.saveConversation(deliveryKeys.showing(opener.conversationId, activityId), { approvalId: APPROVAL });
        await keepCopy(store, APPROVAL, { to: `opened:${opener.conversationId}`, conversation: opener.reference, activityId });
      }
      // The first message was then moved on to another request's card: that note is the other request's.
      await store.saveConversation(deliveryKeys.showing(opener.conversationId, ids[0]!), { approvalId: OTHER_REQUEST });
      // One more open drops the oldest copies: their notes go with them, save the one the other request needs.
      await store.saveConversation(deliveryKeys.showing(opener.conversationId, '1:last'), { approvalId: APPROVAL });
      await keepCopy(store, APPROVAL, { to: `opened:${opener.conversationId}`, conversation: opener.reference, activityId: '1:last' });
      assert.deepEqual(await note(ids[0]!), { approvalId: OTHER_REQUEST });
      for (const activityId of ids.slice(1, 6)) assert.equal(await note(activityId), undefined, `${activityId}'s note, its copy dropped`);
      for (const activityId of [...ids.slice(6), '1:last']) assert.deepEqual(await note(activityId), { approvalId: APPROVAL }, `${activityId}'s copy is kept`);

      const notifier = { send: async () => undefined, update: async () => undefined };
      await updateCopies(store, notifier, APPROVAL, { key: `update:${APPROVAL}`, text: 'Case MOS-1042: decided.' }, () => new Date('2026-03-04T10:00:00Z'));
      for (const activityId of [...ids.slice(1), '1:last']) assert.equal(await note(activityId), undefined, `${activityId}'s note, its copy edited`);
      assert.deepEqual(await note(ids[0]!), { approvalId: OTHER_REQUEST }, "the other request's note stays");
    } finally {
      await cleanup();
    }
  });
});
