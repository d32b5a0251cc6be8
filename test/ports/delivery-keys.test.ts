import { strict as assert } from 'node:assert';
import { CHANNEL_PREFIX, deliveryKeys, recipientKey, type DeliveryKey } from '../../src/ports/delivery-keys';
import type { DeliveryState } from '../../src/ports/delivery-state';
import { createSqliteCaseStore } from '../../src/adapters/sqlite/sqlite-case-store';

describe('delivery-state keys: one typed kind per thing kept', () => {
  it('writes each kind as the stores have always kept it, so a store written before needs no change', () => {
    const texts: [DeliveryKey, string][] = [
      [deliveryKeys.person('00000000-0000-0000-0000-000000000020'), '00000000-0000-0000-0000-000000000020'],
      [deliveryKeys.channel('iro'), 'channel:iro'],
      [deliveryKeys.thread(deliveryKeys.channel('iro'), 'case-1'), 'thread:channel:iro:case-1'],
      [deliveryKeys.receipt('e1:tm-1'), 'receipt:e1:tm-1'],
      [deliveryKeys.undelivered('case-1'), 'undelivered:case-1'],
      [deliveryKeys.cardCopies('a-1'), 'copies:a-1'],
      [deliveryKeys.showing('a:chat', 'act-1'), 'showing:a:chat:act-1'],
      [deliveryKeys.documentLinks('case-1'), 'documents:case-1'],
      [deliveryKeys.documentUpload('rev-1'), 'document-upload:rev-1'],
    ];
    for (const [key, text] of texts) assert.equal(key, text);
  });

  it("names a notice's recipient: a channel by its prefix, anyone else by their Entra object id", () => {
    assert.equal(recipientKey(`${CHANNEL_PREFIX}iro`), deliveryKeys.channel('iro'));
    assert.equal(recipientKey('tm-1'), deliveryKeys.person('tm-1'));
  });

  it('takes no free string, nor a key of another kind where one kind is asked for (checked by the compiler)', async () => {
    const store = createSqliteCaseStore({ path: ':memory:' });
    const state: DeliveryState = store;
    try {
      // @ts-expect-error a free string is not a delivery-state key
      await state.saveConversation('channel:iro', { id: 'x' });
      // @ts-expect-error a free string is not a delivery-state key
      await state.getConversation('tm-1');
      // @ts-expect-error a thread belongs to a channel, not to a person
      deliveryKeys.thread(deliveryKeys.person('tm-1'), 'case-1');
      // The same text through its constructor is the same entry.
      assert.deepEqual(await state.getConversation(deliveryKeys.channel('iro')), { id: 'x' });
    } finally {
      await store.close();
    }
  });

  it('keeps under each kind of key the value its kind names, and no other (checked by the compiler)', async () => {
    const store = createSqliteCaseStore({ path: ':memory:' });
    const state: DeliveryState = store;
    try {
      const receipt = deliveryKeys.receipt('e1:tm-1');
      await state.saveConversation(receipt, { unreachableAt: '2026-03-02T10:00:00.000Z', reason: 'no-chat' });
      // Read back as a receipt: the compiler knows which kind of receipt only once it is asked.
      const kept = await state.getConversation(receipt);
      assert.equal(kept && 'unreachableAt' in kept ? kept.reason : undefined, 'no-chat');
      await state.saveConversation(deliveryKeys.showing('a:chat', 'act-1'), { approvalId: 'ap-1' });
      assert.equal((await state.getConversation(deliveryKeys.showing('a:chat', 'act-1')))?.approvalId, 'ap-1');
      await state.saveConversation(deliveryKeys.person('tm-1'), { channelId: 'msteams', conversation: { id: 'a:1' }, user: { id: '29:tm-1', aadObjectId: 'tm-1' } });
      assert.equal((await state.getConversation(deliveryKeys.person('tm-1')))?.user?.id, '29:tm-1');

      // @ts-expect-error a receipt is not a conversation reference
      await state.saveConversation(deliveryKeys.person('tm-1'), { sentAt: '2026-03-02T10:00:00.000Z' });
      // @ts-expect-error a case's undelivered messages are a list of messages, not of document links
      await state.saveConversation(deliveryKeys.undelivered('case-1'), { items: [{ docId: 'd', title: 't', caseRef: 'R', fileName: 'f', webUrl: null, versions: null, updatedAt: '' }] });
      // @ts-expect-error a receipt's reason is one of the reasons a recipient cannot be reached
      await state.saveConversation(receipt, { unreachableAt: '2026-03-02T10:00:00.000Z', reason: 'busy' });
      // @ts-expect-error a copy opened in a chat shows an approval by its id, a string
      await state.saveConversation(deliveryKeys.showing('a:chat', 'act-1'), { approvalId: 1 });
      // @ts-expect-error what an upload note holds is a change tag, not a case's document links
      const links: { items: unknown[] } | undefined = await state.getConversation(deliveryKeys.documentUpload('rev-1'));
      void links;
    } finally {
      await store.close();
    }
  });
});
