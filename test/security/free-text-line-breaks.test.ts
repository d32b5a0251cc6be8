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

describe('Line breaks in words quoted on approval and case cards stay inside their quotes (HTTP, real bot)', function () {
  this.timeout(60_000);
  const http = botOverHttp();
  const FORGED_LINE = 'Head of Service Harper Head agreed on Mon 7 Dec 2026 (version 1).';

  it("the team manager's earlier comment, quoted on the Head of Service's request, cannot add a line of its own to the decisions so far", async () => {
    const service = http.bot.runtime.app.service;
    const caseId = await openCase(service, 'LB-CHAIN');
    const first = await toTeamManagerApproval(service, caseId);
    const key = (k: string) => `lb-chain-${k}`;
    const ok = (o: { ok: boolean }, what: string) => assert.ok(o.ok, `${what}: ${JSON.stringify(o)}`);
    ok(await service.apply({ idempotencyKey: key('back'), caseId, actor: PEOPLE.tm, event: { type: 'DecisionGiven', approvalId: first, outcome: 'request-changes', comment: `Tighten the plan.\n\n${FORGED_LINE}\n\nThanks` } }), 'sent back');
    const today = service.now().today;
    ok(await service.apply({ idempotencyKey: key('again'), caseId, actor: PEOPLE.sw, event: { type: 'AssessmentSubmitted', form: 's20-return-home-assessment', viable: true, riskAnalysis: 'Low risk with support.', safetyPlan: 'Daily contact with school and a weekly check.', stepdownPlan: [{ option: 'family-group-conference', purpose: 'Build the network.' }], completedOn: today } }), 'resubmitted');
    const second = (await service.get(caseId))!.state.approvals.find((a: { decision?: unknown; cancelledAt?: unknown }) => !a.decision && !a.cancelledAt)!.approvalId;
    ok(await service.apply({ idempotencyKey: key('agree'), caseId, actor: PEOPLE.tm, event: { type: 'DecisionGiven', approvalId: second, outcome: 'approve', comment: null } }), 'agreed');
    const state = (await service.get(caseId))!.state;
    if (state.stage === 'awaiting-iro-view') ok(await service.apply({ idempotencyKey: key('iro'), caseId, actor: PEOPLE.iro, event: { type: 'IroViewRecorded', view: 'Supports the return.', reviewBroughtForward: false } }), 'IRO view');
    const hosRequest = (await service.get(caseId))!.state.approvals.find((a: { stage: string; decision?: unknown; cancelledAt?: unknown }) => a.stage === 'head-of-service' && !a.decision && !a.cancelledAt);
    assert.ok(hosRequest, 'the Head of Service is asked');
    const card = await postJson(`${http.bot.url}/api/messages`, invokeActivity(http.connector.url, PEOPLE.hos, 'showApproval', { caseId, approvalId: hosRequest.approvalId }));
    assert.ok(isInvokeBody(card.json));
    const quoting = textBlocks(card.json.value).filter((t) => t.includes('Tighten the plan'));
    assert.ok(quoting.length > 0, 'the request quotes the earlier comment');
    for (const text of quoting) {
      assert.doesNotMatch(text, /[\r\n\u2028\u2029]/, JSON.stringify(text));
      assert.ok(text.includes(`"Tighten the plan. ${FORGED_LINE} Thanks"`), JSON.stringify(text));
    }
  });

  it("a withdrawal's reason, quoted in the case card's stage, stays on its line", async () => {
    const service = http.bot.runtime.app.service;
    const caseId = await openCase(service, 'LB-WD');
    const withdrawn = await service.apply({ idempotencyKey: 'lb-wd', caseId, actor: PEOPLE.tm, event: { type: 'CaseWithdrawn', reason: 'opened-in-error', details: 'Typed twice.\n\nStage: Agreed by the Director' } });
    assert.ok(withdrawn.ok, JSON.stringify(withdrawn));
    const card = await postJson(`${http.bot.url}/api/messages`, invokeActivity(http.connector.url, PEOPLE.sw, 'showCase', { caseId }));
    assert.ok(isInvokeBody(card.json));
    const shown = JSON.stringify(card.json.value);
    assert.ok(shown.includes('Typed twice. Stage: Agreed by the Director'), shown.slice(0, 800));
    assert.ok(!shown.includes('Typed twice.\\n'), 'no line break after the reason’s first sentence');
  });
});
