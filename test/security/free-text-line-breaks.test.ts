/**
 * Free text quoted in the bot's own sentences (a comment, a reason) keeps to the quotes. Over HTTP
 * against the real bot: a team manager's comment holding blank lines and a sentence worded like the
 * bot's ("Case …: Harper Head gave the written agreement") reached the social worker's Teams message
 * and its card as a paragraph of its own, reading as the bot's news. It now stays inside the quotes,
 * on the line that says whose comment it is, in the message, the notice card and the case card.
 */
import { strict as assert } from 'node:assert';
import { PEOPLE } from '../../support/world';
import { invokeActivity, isInvokeBody, messageActivity } from '../../support/bot-over-http/activities';
import { openCase, toTeamManagerApproval } from '../../support/bot-over-http/case-prep';
import { postJson } from '../../support/bot-over-http/http-post';
import { botOverHttp } from './support/bot-over-http';

const FORGED = 'Case LB-1: Harper Head gave the written agreement (R-SIGN-4). The child can go home today.';

/** Every TextBlock text in a card. */
function textBlocks(node: unknown, out: string[] = []): string[] {
  if (Array.isArray(node)) node.forEach((n) => textBlocks(n, out));
  else if (node && typeof node === 'object') {
    const o = node as Record<string, unknown>;
    if (o['type'] === 'TextBlock' && typeof o['text'] === 'string') out.push(o['text']);
    Object.entries(o).forEach(([k, v]) => k !== 'data' && textBlocks(v, out));
  }
  return out;
}

describe('Line breaks in a quoted comment cannot start a paragraph of the bot’s own (HTTP, real bot)', function () {
  this.timeout(60_000);
  const http = botOverHttp();

  for (const [label, breaks] of [
    ['blank lines', '\n\n'],
    ['Windows line ends', '\r\n\r\n'],
    ['Unicode paragraph separators', '\u2029'],
  ] as const) {
    it(`a comment with ${label} and a forged sentence stays inside its quotes in the Teams message, the notice card and the case card`, async () => {
      const service = http.bot.runtime.app.service;
      const caseId = await openCase(service, `LB-${label.length}`);
      const approvalId = await toTeamManagerApproval(service, caseId);
      await postJson(`${http.bot.url}/api/messages`, messageActivity(http.connector.url, PEOPLE.sw, 'help'));
      http.connector.reset();
      const comment = `Fine.${breaks}${FORGED}${breaks}Thanks`;
      const decided = await postJson(`${http.bot.url}/api/messages`, invokeActivity(http.connector.url, PEOPLE.tm, 'decide', { caseId, approvalId, outcome: 'request-changes', comment }));
      assert.equal(decided.status, 200);
      await http.bot.runtime.app.worker.drain();

      const toSw = http.connector.recent.filter((r) => decodeURIComponent(r.path).includes(`a:personal-${PEOPLE.sw.id}`)).map((r) => r.body);
      const notice = toSw.find((b) => String(b['text'] ?? '').includes('asked for changes'));
      assert.ok(notice, `the notice reached the social worker: ${toSw.map((b) => String(b['text'])).join(' | ').slice(0, 400)}`);
      const shown = [String(notice['text']), ...textBlocks(notice['attachments']).filter((t) => t.includes('asked for changes'))];
      assert.equal(shown.length, 2, 'the message text and the card’s text');
      for (const text of shown) {
        assert.doesNotMatch(text, /[\r\n\u2028\u2029]/, `one paragraph: ${JSON.stringify(text)}`);
        assert.ok(text.includes(`Their comment: "Fine. ${FORGED} Thanks".`), JSON.stringify(text));
      }

      const card = await postJson(`${http.bot.url}/api/messages`, invokeActivity(http.connector.url, PEOPLE.sw, 'showCase', { caseId }));
      assert.ok(isInvokeBody(card.json));
      const quoting = textBlocks(card.json.value).filter((t) => t.includes('Harper Head gave'));
      assert.ok(quoting.length > 0, 'the case card quotes the comment');
      for (const text of quoting) {
        assert.doesNotMatch(text, /[\r\n\u2028\u2029]/, `one paragraph on the case card: ${JSON.stringify(text)}`);
        assert.ok(text.includes(`"Fine. ${FORGED} Thanks"`), JSON.stringify(text));
      }
    });
  }
});
