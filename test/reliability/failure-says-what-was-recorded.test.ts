/**
 * A click that fails on our side says first whether anything was recorded, on the card clicked (a
 * 200 with a card, not a 501 and an apology in chat), with the reference the server logged: nothing
 * when the store failed before the commit; the change and its case when it failed after (the
 * conversation store, a full disk while noting the card), so a busy manager does not decide twice.
 */
import { strict as assert } from 'node:assert';
import Database from 'better-sqlite3';
import { PEOPLE } from '../../support/world';
import { cardTexts, invokeActivity, isInvokeBody } from '../../support/bot-over-http/activities';
import { casesAwaitingTeamManager, openCase } from '../../support/bot-over-http/case-prep';
import { inTurn, type TurnRecord } from '../../src/cases/recorded-in-turn';
import { botEachTest } from '../security/support/bot-over-http';
import { postJson } from '../../support/bot-over-http/http-post';
import type { BotUnderTest } from '../../support/bot-over-http/bot-under-test';
import type { CaseState } from '../../src/protocol';

type Writable = Record<string, unknown>;

/** Makes `names` of the store throw `error` until the undo is called. */
function failing(bot: BotUnderTest, names: string[], error: () => Error): () => void {
  const store = bot.runtime.app.store as unknown as Writable;
  const saved = names.map((name) => [name, store[name]] as const);
  for (const name of names) {
    store[name] = async () => {
      throw error();
    };
  }
  return () => {
    for (const [name, original] of saved) store[name] = original;
  };
}

describe('a failure on our side says whether anything was recorded', function () {
  this.timeout(60_000);
  const each = botEachTest();
  const { connector } = each;
  const logLines: string[] = [];

  async function clickDecide(bot: BotUnderTest, target: { caseId: string; approvalId: string }) {
    // From a message (replyToId): the bot notes which request that message now shows, after the commit.
    const activity = { ...invokeActivity(connector.url, PEOPLE.tm, 'decide', { caseId: target.caseId, approvalId: target.approvalId, outcome: 'approve' }), replyToId: 'message-with-the-request' };
    const answer = await postJson(`${bot.url}/api/messages`, activity);
    assert.equal(answer.status, 200, answer.text.slice(0, 300));
    assert.ok(isInvokeBody(answer.json), answer.text.slice(0, 300));
    assert.equal(answer.json.statusCode, 200);
    const reference = String(answer.headers['x-correlation-id']);
    assert.match(reference, /^[0-9a-f-]{36}$/);
    const failure = logLines.map((line) => JSON.parse(line) as Record<string, unknown>).find((line) => line.msg === 'turn failed' && line.correlationId === reference);
    assert.ok(failure, 'the failure is logged under the reference the person is given');
    return { text: cardTexts(answer.json.value), reference };
  }

  beforeEach(() => {
    logLines.length = 0;
  });

  it('the store failing before the commit: "Nothing was recorded", try again, with the reference; the case is unchanged', async () => {
    const bot = await each.start({ log: (line) => logLines.push(line) });
    const [target] = await casesAwaitingTeamManager(bot.runtime.app.service, 1, 'FAIL-BEFORE');
    const before = await bot.runtime.app.store.get<CaseState>(target!.caseId);
    const repliesBefore = connector.replies;
    const undo = failing(bot, ['get', 'findCommand'], () => Object.assign(new Error('connect ECONNRESET'), { code: 'ECONNRESET' }));
    let said: { text: string; reference: string };
    try {
      said = await clickDecide(bot, target!);
    } finally {
      undo();
    }
    assert.match(said.text, /Nothing was recorded/);
    assert.match(said.text, /nothing was recorded and nobody was told\. Please try again in a few minutes\./);
    assert.ok(said.text.includes(`give them this reference: ${said.reference}`), said.text);
    assert.equal(connector.replies, repliesBefore, 'the answer is on the card, not a second message in chat');
    assert.deepEqual(await bot.runtime.app.store.get(target!.caseId), before);
  });

  it('a failure after the commit: the decision is recorded, and the card says so and not to send it again', async () => {
    const bot = await each.start({ log: (line) => logLines.push(line) });
    const [target] = await casesAwaitingTeamManager(bot.runtime.app.service, 1, 'FAIL-AFTER');
    const before = await bot.runtime.app.store.get<CaseState>(target!.caseId);
    const undo = failing(bot, ['getConversation', 'saveConversation'], () => new Error('socket hang up'));
    let said: { text: string; reference: string };
    try {
      said = await clickDecide(bot, target!);
    } finally {
      undo();
    }
    const after = await bot.runtime.app.store.get(target!.caseId);
    assert.equal(after!.version, before!.version + 1, 'the decision was recorded');
    assert.match(said.text, /It was recorded/);
    assert.ok(said.text.includes(`Your change to case ${before!.state.ref} was recorded, and anyone it concerns will be told as usual`), said.text);
    assert.ok(said.text.includes(`Please do not send it again: type "case ${before!.state.ref}"`), said.text);
    assert.ok(said.text.includes(`give them this reference: ${said.reference}`), said.text);
    assert.doesNotMatch(said.text, /Nothing was recorded|try again/i);
  });

  it('a full disk after the commit is not "Nothing was recorded": the decision stands, and the card says so', async () => {
    const bot = await each.start({ log: (line) => logLines.push(line) });
    const [target] = await casesAwaitingTeamManager(bot.runtime.app.service, 1, 'FULL-AFTER');
    const before = await bot.runtime.app.store.get<CaseState>(target!.caseId);
    const undo = failing(bot, ['getConversation', 'saveConversation'], () => new Database.SqliteError('database or disk is full', 'SQLITE_FULL'));
    let said: { text: string; reference: string };
    try {
      said = await clickDecide(bot, target!);
    } finally {
      undo();
    }
    assert.equal((await bot.runtime.app.store.get(target!.caseId))!.version, before!.version + 1);
    assert.ok(said.text.includes(`Your change to case ${before!.state.ref} was recorded`), said.text);
    assert.doesNotMatch(said.text, /Nothing was recorded/);
  });

  it('opening a case is noted in the turn as recorded, a refused opening is not, and nothing outside a turn', async () => {
    const bot = await each.start();
    const service = bot.runtime.app.service;
    const record: TurnRecord = { refs: [] };
    await inTurn(record, () => openCase(service, 'OPENED-1'));
    assert.deepEqual(record.refs, ['OPENED-1']);
    const refused: TurnRecord = { refs: [] };
    await assert.rejects(inTurn(refused, () => openCase(service, 'OPENED-1')), /DUPLICATE_REF/);
    assert.deepEqual(refused.refs, []);
    await openCase(service, 'OPENED-2');
    assert.deepEqual(record.refs, ['OPENED-1'], 'a command outside the turn is not noted in it');
  });
});
