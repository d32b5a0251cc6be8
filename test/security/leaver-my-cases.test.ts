/**
 * A team manager taken out of the organisation file (a leaver, or moved out of the service) no
 * longer sees the cases they were named on: every button and "case REF" told them there was no
 * such case they could see, "Type "my cases" to see your cases", and "my cases" then listed those
 * cases under "Your cases" (reference, stage, what is due and when), each with 'type "case REF"',
 * which again said there was none. Over HTTP against the real bot, after a restart with the new
 * file: "my cases" and "my closed cases" list only the cases "case REF" opens, by the same
 * need-to-know rule; the social worker still finds theirs.
 */
import { strict as assert } from 'node:assert';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PEOPLE } from '../../support/world';
import { messageActivity, type Who } from '../../support/bot-over-http/activities';
import { openCase, toTeamManagerApproval } from '../../support/bot-over-http/case-prep';
import { postJson } from '../../support/bot-over-http/http-post';
import { ConnectorCapture } from '../../support/bot-over-http/connector-capture';
import { startBot, type BotUnderTest } from '../../support/bot-over-http/bot-under-test';
import { parseRoleConfig } from '../../src/cases/role-config';

/** The world's organisation without Taylor Manager, who has left; Morgan Manager manages the team now. */
const WITHOUT_TAYLOR = parseRoleConfig({
  roles: {
    'social-worker': { users: [PEOPLE.sw, PEOPLE.sw2] },
    'team-manager': { users: [PEOPLE.managerWithCases] },
    'head-of-service': { users: [PEOPLE.hos, PEOPLE.hos2] },
    director: { users: [PEOPLE.director, PEOPLE.hos2] },
    iro: { users: [PEOPLE.iro] },
    'placement-team': { users: [PEOPLE.cpt] },
  },
});

describe('A leaver’s "my cases" lists only what "case REF" opens (HTTP, real bot, restarted with the new organisation file)', function () {
  this.timeout(60_000);
  const connector = new ConnectorCapture();
  let bot: BotUnderTest | undefined;
  before(() => connector.start());
  after(async () => {
    await bot?.close();
    await connector.stop();
  });

  /** What the bot answers a typed message (the reply it posts to the chat). */
  async function typed(who: Who, text: string): Promise<string> {
    connector.reset();
    const answer = await postJson(`${bot!.url}/api/messages`, messageActivity(connector.url, who, text));
    assert.equal(answer.status, 200);
    return connector.recent.map((r) => String(r.body['text'] ?? '')).join('\n');
  }

  it('the team manager who left is not shown the open or closed cases they were named on; the social worker still is', async () => {
    const dir = mkdtempSync(join(tmpdir(), 's20-leaver-'));
    bot = await startBot({ dir });
    const service = bot.runtime.app.service;
    const waiting = await openCase(service, 'LEFT-OPEN');
    await toTeamManagerApproval(service, waiting);
    const closed = await openCase(service, 'LEFT-CLOSED');
    const withdrawn = await service.apply({ idempotencyKey: 'left-closed', caseId: closed, actor: PEOPLE.tm, event: { type: 'CaseWithdrawn', reason: 'opened-in-error', details: 'Typed twice.' } });
    assert.ok(withdrawn.ok, JSON.stringify(withdrawn));
    assert.match(await typed(PEOPLE.tm, 'my cases'), /LEFT-OPEN/, 'listed while they manage the team');
    await bot.close(true);

    bot = await startBot({ dir, roles: WITHOUT_TAYLOR });
    assert.match(await typed(PEOPLE.tm, 'case LEFT-OPEN'), /There is no case with reference LEFT-OPEN that you can see/);
    const mine = await typed(PEOPLE.tm, 'my cases');
    assert.doesNotMatch(mine, /LEFT-OPEN/, mine);
    assert.match(mine, /You are not named on any open case/, mine);
    assert.doesNotMatch(await typed(PEOPLE.tm, 'my closed cases'), /LEFT-CLOSED/);

    assert.match(await typed(PEOPLE.sw, 'my cases'), /LEFT-OPEN/, 'the social worker still has it');
    assert.match(await typed(PEOPLE.sw, 'my closed cases'), /LEFT-CLOSED/);
    assert.match(await typed(PEOPLE.managerWithCases, 'team cases'), /LEFT-OPEN/, 'the team’s manager now finds it');
  });
});
