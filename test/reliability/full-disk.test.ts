/**
 * Issue 15, L8: a full disk. The store's writes fail with SQLite's own error (SqliteError
 * SQLITE_FULL, "database or disk is full"), simulated at the adapter boundary: this machine
 * cannot make a small file system without root. A click then gets a card saying plainly that
 * nothing was recorded (an invoke answered 200 with a card, not a 501 and an apology), the case
 * is unchanged, and /readyz answers 503 naming the store until writes succeed again.
 */
import { strict as assert } from 'node:assert';
import Database from 'better-sqlite3';
import type { CaseStore } from '../../src/ports/case-store';
import { PEOPLE } from '../../support/world';
import { cardTexts, invokeActivity, isInvokeBody, messageActivity } from '../../support/bot-over-http/activities';
import { casesAwaitingTeamManager } from '../../support/bot-over-http/case-prep';
import { botEachTest } from '../security/support/bot-over-http';
import { postJson } from '../../support/bot-over-http/http-post';

type Writes = Pick<CaseStore, 'commit' | 'commitBatch' | 'checkWritable' | 'saveConversation' | 'recordRefusal' | 'markDelivered' | 'markFailed' | 'claimOutbox' | 'markDeadlineFired'>;
const WRITES: (keyof Writes)[] = ['commit', 'commitBatch', 'checkWritable', 'saveConversation', 'recordRefusal', 'markDelivered', 'markFailed', 'claimOutbox', 'markDeadlineFired'];

/** Makes every write of `store` fail as SQLite does on a full disk; returns the undo. */
function fillDisk(store: CaseStore): () => void {
  const writes = store as unknown as Record<string, unknown>;
  const saved = new Map(WRITES.map((name) => [name, writes[name]]));
  for (const name of WRITES) {
    writes[name] = async () => {
      throw new Database.SqliteError('database or disk is full', 'SQLITE_FULL');
    };
  }
  return () => {
    for (const [name, original] of saved) writes[name] = original;
  };
}

describe('L8: a full disk', function () {
  this.timeout(60_000);
  const each = botEachTest();
  const { connector } = each;

  it('a click gets a card saying nothing was recorded, and /readyz reports the store unwritable until writes succeed again', async () => {
    const bot = await each.start();
    const [target] = await casesAwaitingTeamManager(bot.runtime.app.service, 1, 'L8-FULL');
    const ready = await fetch(`${bot.url}/readyz`);
    assert.equal(ready.status, 200, await ready.text());

    const before = await bot.runtime.app.store.get(target!.caseId);
    const emptyDisk = fillDisk(bot.runtime.app.store);
    try {
      const answer = await postJson(`${bot.url}/api/messages`, invokeActivity(connector.url, PEOPLE.tm, 'decide', { caseId: target!.caseId, approvalId: target!.approvalId, outcome: 'approve' }));
      assert.equal(answer.status, 200, answer.text.slice(0, 300));
      assert.ok(isInvokeBody(answer.json));
      assert.equal(answer.json.statusCode, 200);
      const text = cardTexts(answer.json.value);
      assert.match(text, /Nothing was recorded/);
      assert.match(text, /storage is full/);
      assert.doesNotMatch(text, /Sorry, something went wrong/);

      // A typed message (which saves the person's conversation reference first) is told the same.
      const repliesBefore = connector.replies;
      const message = await postJson(`${bot.url}/api/messages`, messageActivity(connector.url, PEOPLE.sw, 'my cases'));
      assert.equal(message.status, 200, message.text.slice(0, 300));
      assert.equal(connector.replies, repliesBefore + 1);
      assert.match(JSON.stringify(connector.recent.at(-1)?.body ?? {}), /Nothing was recorded/);

      const notReady = await fetch(`${bot.url}/readyz`);
      assert.equal(notReady.status, 503);
      const body = (await notReady.json()) as { status: string; reason: string };
      assert.equal(body.status, 'not ready');
      assert.match(body.reason, /case store writable: SQLITE_FULL/);
      // Alive all the same: the platform must not restart a process that only needs disk space.
      assert.equal((await fetch(`${bot.url}/healthz`)).status, 200);
    } finally {
      emptyDisk();
    }
    assert.deepEqual(await bot.runtime.app.store.get(target!.caseId), before, 'nothing of the click was written');

    const again = await fetch(`${bot.url}/readyz`);
    assert.equal(again.status, 200, await again.text());
    // And the same click now goes through.
    const retried = await postJson(`${bot.url}/api/messages`, invokeActivity(connector.url, PEOPLE.tm, 'decide', { caseId: target!.caseId, approvalId: target!.approvalId, outcome: 'approve' }));
    assert.ok(isInvokeBody(retried.json));
    assert.doesNotMatch(cardTexts(retried.json.value), /Nothing was recorded/);
    assert.equal((await bot.runtime.app.store.get(target!.caseId))!.version, before!.version + 1);
  });
});
