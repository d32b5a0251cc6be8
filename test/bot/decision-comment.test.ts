/**
 * An approver's comment as a phone may send it, over HTTP to the real bot: Input.Text's maxLength is
 * only a hint some clients ignore, and a comment can hold nothing anyone could read. Either way the
 * decision is refused in words on the request, with what was typed back in the box, and nothing is
 * recorded; a final "Reject" never closes a case on a comment nobody can read.
 */
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DECISION_COMMENT_MAX } from '../../src/protocol';
import { PEOPLE } from '../../support/world';
import { LocalBotConnector } from '../../support/local-bot-connector';
import { invokeActivity, isInvokeBody } from '../../support/bot-over-http/activities';
import { BotUnderTest, startBot } from '../../support/bot-over-http/bot-under-test';
import { openCase, toTeamManagerApproval } from '../../support/bot-over-http/case-prep';
import { postJson } from '../../support/bot-over-http/http-post';

type Node = Record<string, unknown>;
const commentBox = (card: unknown): Node | undefined => {
  let found: Node | undefined;
  const walk = (n: unknown): void => {
    if (Array.isArray(n)) n.forEach(walk);
    else if (n && typeof n === 'object') {
      if ((n as Node)['type'] === 'Input.Text' && (n as Node)['id'] === 'comment') found = n as Node;
      Object.values(n).forEach(walk);
    }
  };
  walk(card);
  return found;
};

describe("an approver's comment as a phone may send it (real bot over HTTP)", function () {
  this.timeout(60_000);
  let connector: LocalBotConnector;
  let bot: BotUnderTest;
  beforeEach(async () => {
    connector = await new LocalBotConnector().start();
    bot = await startBot();
  });
  afterEach(async () => {
    await bot.close();
    await connector.stop();
  });

  async function decide(ref: string, outcome: string, comment: string) {
    const service = bot.runtime.app.service;
    const caseId = await openCase(service, ref);
    const approvalId = await toTeamManagerApproval(service, caseId);
    const before = (await service.get(caseId))!;
    const answer = await postJson(`${bot.url}/api/messages`, invokeActivity(connector.url, PEOPLE.tm, 'decide', { caseId, approvalId, outcome, comment }));
    assert.equal(answer.status, 200);
    assert.ok(isInvokeBody(answer.json));
    const after = (await service.get(caseId))!;
    return { card: answer.json.value, text: JSON.stringify(answer.json.value), recorded: after.version !== before.version, stage: after.state.stage };
  }

  it('a comment over 2,000 characters (the box\'s maxLength ignored) is refused in words on the request, the comment back in the box; not "the card sent incomplete data"', async () => {
    const comment = `Please revisit the safety plan. ${'The school needs to be part of it. '.repeat(66)}`.trim();
    assert.ok(comment.length > DECISION_COMMENT_MAX && comment.length <= 2 * DECISION_COMMENT_MAX);
    const { card, text, recorded } = await decide('MOS-7201', 'request-changes', comment);
    assert.equal(recorded, false, 'nothing recorded');
    assert.doesNotMatch(text, /could not be read|incomplete data/);
    assert.match(text, new RegExp(`Not recorded\\. Your comment is ${comment.length.toLocaleString('en-GB')} characters long, and a comment can be at most 2,000: shorten it, then send your decision again\\.`));
    assert.match(text, /"verb":"decide"/, 'the request with its buttons, to send again');
    assert.equal(commentBox(card)?.['value'], comment, 'what they typed is in the box again');
  });

  for (const [what, comment] of [
    ['zero-width spaces', '\u200b\u200b'],
    ['direction controls, which cards leave out', '\u202e\u2066'],
    ['a word joiner, a byte order mark and no-break spaces', '\u2060\ufeff\u00a0 \u3000'],
    ['a Hangul filler and the braille blank', '\u3164\u2800'],
  ] as const) {
    it(`a Reject whose comment is only ${what} is refused as having no comment: the case is not closed`, async () => {
      const { text, recorded, stage } = await decide('MOS-7202', 'reject', comment);
      assert.equal(recorded, false, 'nothing recorded');
      assert.notEqual(stage, 'closed');
      assert.match(text, /Not recorded\. Please add a comment saying what needs to change or why, then send your decision again\./);
    });
  }

  it('an Approve whose comment is only invisible characters is recorded with no comment, not an empty-looking one', async () => {
    const { text, recorded } = await decide('MOS-7203', 'approve', '\u200b\u202e');
    assert.equal(recorded, true);
    assert.match(text, /Approved by Taylor Manager/);
    assert.match(text, /"title":"Comment","value":"\(none\)"/);
  });

  it("the card's comment box stops at the protocol's most (DECISION_COMMENT_MAX)", () => {
    const template = readFileSync(join(__dirname, '..', '..', 'cards', 'approval-request.json'), 'utf8');
    const box = commentBox(JSON.parse(template));
    assert.equal(box?.['maxLength'], DECISION_COMMENT_MAX);
  });
});
