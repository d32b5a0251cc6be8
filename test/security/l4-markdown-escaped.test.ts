/**
 * L4: Markdown in free text is shown as typed, never as a live link. Over HTTP against the real
 * bot: a comment holding a Markdown link shows escaped on the social worker's case card, and a manager's comment
 * holding a link reaches the social worker's Teams message (through the local Bot Connector) escaped;
 * Unicode direction overrides are left out of what is shown, so a comment cannot show reordered.
 */
import { strict as assert } from 'node:assert';
import { PEOPLE } from '../../support/world';
import { invokeActivity, isInvokeBody, messageActivity } from '../../support/bot-over-http/activities';
import { openCase, toTeamManagerApproval } from '../../support/bot-over-http/case-prep';
import { postJson } from '../../support/bot-over-http/http-post';
import { botOverHttp } from './support/bot-over-http';

const LINK = '[Open the safety plan](https://phish.example/login)';

/** Every TextBlock text and fact value in a card. */
function shownTexts(node: unknown, out: string[] = []): string[] {
  if (Array.isArray(node)) node.forEach((n) => shownTexts(n, out));
  else if (node && typeof node === 'object') {
    const o = node as Record<string, unknown>;
    if (o['type'] === 'TextBlock' && typeof o['text'] === 'string') out.push(o['text']);
    if (o['type'] === 'FactSet') for (const f of o['facts'] as Array<{ value: string }>) out.push(f.value);
    Object.entries(o).forEach(([k, v]) => k !== 'data' && shownTexts(v, out));
  }
  return out;
}

describe('L4 Markdown in free text is escaped in cards and Teams messages (HTTP, real bot)', function () {
  this.timeout(60_000);
  const http = botOverHttp();

  it("L4 a link typed in a manager's comment shows escaped on the case card", async () => {
    const service = http.bot.runtime.app.service;
    const caseId = await openCase(service, 'L4-CARD');
    const approvalId = await toTeamManagerApproval(service, caseId);
    const sentBack = await postJson(`${http.bot.url}/api/messages`, invokeActivity(http.connector.url, PEOPLE.tm, 'decide', { caseId, approvalId, outcome: 'request-changes', comment: `Please redo it: ${LINK}` }));
    assert.equal(sentBack.status, 200);
    const answer = await postJson(`${http.bot.url}/api/messages`, invokeActivity(http.connector.url, PEOPLE.sw, 'showCase', { caseId }));
    assert.ok(isInvokeBody(answer.json));
    const texts = shownTexts(answer.json.value);
    const shown = texts.find((t) => t.includes('Open the safety plan'));
    assert.ok(shown, `the view is on the card: ${texts.join(' | ').slice(0, 500)}`);
    assert.ok(shown.includes('\\[Open the safety plan\\](https:\\/\\/phish.example/login)'), shown);
    for (const t of texts) assert.doesNotMatch(t, /(^|[^\\])\[[^\]]*(^|[^\\])\]\(/, `no live link: ${t}`);
  });

  it("L4 a link in a manager's comment reaches the social worker's Teams message escaped", async () => {
    const service = http.bot.runtime.app.service;
    const caseId = await openCase(service, 'L4-MSG');
    const approvalId = await toTeamManagerApproval(service, caseId);
    // The social worker has a chat with the bot, so the notice reaches them.
    await postJson(`${http.bot.url}/api/messages`, messageActivity(http.connector.url, PEOPLE.sw, 'help'));
    http.connector.reset();
    const decided = await postJson(`${http.bot.url}/api/messages`, invokeActivity(http.connector.url, PEOPLE.tm, 'decide', { caseId, approvalId, outcome: 'request-changes', comment: `Please redo it: ${LINK} and www.phish.example` }));
    assert.equal(decided.status, 200);
    await http.bot.runtime.app.worker.drain();
    const toSw = http.connector.recent.filter((r) => decodeURIComponent(r.path).includes(`a:personal-${PEOPLE.sw.id}`));
    const withLink = toSw.map((r) => JSON.stringify(r.body)).filter((b) => b.includes('Open the safety plan'));
    assert.ok(withLink.length > 0, `the comment reached the social worker: ${toSw.map((r) => String(r.body['text'])).join(' | ').slice(0, 400)}`);
    for (const r of toSw) {
      const text = String(r.body['text'] ?? '');
      assert.doesNotMatch(text, /(^|[^\\])\[[^\]]*\]\(https?:/, `message text: ${text}`);
      assert.doesNotMatch(text, /https:\/\/phish|(^|[^\\])www\.phish/, `no bare address: ${text}`);
      for (const t of shownTexts(r.body['attachments'])) assert.doesNotMatch(t, /(^|[^\\])\[[^\]]*\]\(https?:/, `card text: ${t}`);
    }
  });

  it('L4 a comment with Unicode direction overrides (U+202E, isolates) is shown without them, so its words cannot show in another order than typed', async () => {
    const service = http.bot.runtime.app.service;
    const caseId = await openCase(service, 'L4-BIDI');
    const approvalId = await toTeamManagerApproval(service, caseId);
    const comment = 'Safety plan \u202Edevorppa\u202C is fine; ask \u2067the school\u2069 too. مرحبا';
    const sentBack = await postJson(`${http.bot.url}/api/messages`, invokeActivity(http.connector.url, PEOPLE.tm, 'decide', { caseId, approvalId, outcome: 'request-changes', comment }));
    assert.equal(sentBack.status, 200);
    const answer = await postJson(`${http.bot.url}/api/messages`, invokeActivity(http.connector.url, PEOPLE.sw, 'showCase', { caseId }));
    assert.ok(isInvokeBody(answer.json));
    const texts = shownTexts(answer.json.value);
    const shown = texts.find((t) => t.includes('Safety plan'));
    assert.ok(shown, texts.join(' | ').slice(0, 500));
    assert.ok(shown.includes('Safety plan devorppa is fine; ask the school too. مرحبا'), shown);
    for (const t of texts) assert.doesNotMatch(t, /[\u202A-\u202E\u2066-\u2069]/);
    // What was typed is kept as typed: only what Teams shows leaves the controls out.
    assert.equal((await service.get(caseId))!.state.approvals[0]!.decision!.comment, comment);
  });
});
