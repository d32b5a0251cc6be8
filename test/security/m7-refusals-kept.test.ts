/**
 * M7: every authority refusal leaves a trace. Over HTTP against the real bot: a stranger, a lapsed
 * deputy with no other role, a guessed approval id, another case's approval id, a social worker on
 * a colleague's case (NOT_YOUR_CASE), a guessed case id and an unknown reference. Each is kept in
 * the refusal log of the case it names, or in the store's when no case matches (shown by
 * `admin refusals`), and logged at warning with codes and ids only, no child data.
 */
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { parseRoleConfig } from '../../src/cases/role-config';
import { NO_MATCHING_CASE } from '../../src/ports/case-store';
import { PEOPLE, ROLES } from '../../support/world';
import { cardTexts, invokeActivity, isInvokeBody, messageActivity } from '../../support/bot-over-http/activities';
import { openCase, pendingApprovalId, toTeamManagerApproval } from '../../support/bot-over-http/case-prep';
import { botEachTest } from './support/bot-over-http';
import { postJson } from '../../support/bot-over-http/http-post';
import { REPO_ROOT } from '../../support/bot-over-http/bot-process';

/** The Director's deputy in March only, with no other role (the bot runs on today's date, later). */
const LAPSED = { id: 'dep-lapsed-only', name: 'Lou Lapsed' };
/** A social worker who is also in the placement team: before a placement end is asked, a colleague's case is still not theirs to see (issue 11). */
const SW_CPT = { id: 'sw-cpt-1', name: 'Pat Placements' };
const roles = parseRoleConfig({
  ...ROLES,
  roles: { ...ROLES.roles, 'social-worker': { users: [PEOPLE.sw, PEOPLE.sw2, SW_CPT] }, 'placement-team': { users: [PEOPLE.cpt, SW_CPT] } },
  deputies: [{ role: 'director', deputy: LAPSED, for: PEOPLE.director, from: '2026-03-01', to: '2026-03-10' }],
});

describe('M7 every authority refusal is kept and logged (HTTP, real bot)', function () {
  this.timeout(120_000);
  const each = botEachTest();
  const { connector } = each;
  const lines: string[] = [];

  async function invoke(who: { id: string; name: string }, verb: string, data: Record<string, unknown>): Promise<string> {
    const answer = await postJson(`${each.bot.url}/api/messages`, invokeActivity(connector.url, who, verb, data));
    assert.equal(answer.status, 200);
    assert.ok(isInvokeBody(answer.json), answer.text.slice(0, 200));
    return cardTexts(answer.json.value);
  }

  it('M7 strangers, lapsed deputies, guessed or other-case approval ids, NOT_YOUR_CASE and unknown cases are kept and logged without child data', async () => {
    const bot = await each.start({ roles, log: (line) => lines.push(line) });
    const { service, store } = bot.runtime.app;
    const caseA = await openCase(service, 'M7-A');
    const approvalA = await toTeamManagerApproval(service, caseA);
    const caseB = await openCase(service, 'M7-B', PEOPLE.sw2);
    const approvalB = await toTeamManagerApproval(service, caseB, PEOPLE.sw2);
    assert.equal(await pendingApprovalId(service, caseA), approvalA);
    lines.length = 0;

    // A stranger and a lapsed deputy with no other role: the case is not theirs to see.
    for (const who of [PEOPLE.stranger, LAPSED]) {
      assert.match(await invoke(who, 'decide', { caseId: caseA, approvalId: approvalA, outcome: 'approve' }), /no case with that id that you can see/i);
    }
    await postJson(`${bot.url}/api/messages`, messageActivity(connector.url, PEOPLE.stranger, 'case M7-A'));
    // A guessed approval id and another case's, from the team manager on case A.
    await invoke(PEOPLE.tm, 'decide', { caseId: caseA, approvalId: randomUUID(), outcome: 'approve' });
    await invoke(PEOPLE.tm, 'decide', { caseId: caseA, approvalId: approvalB, outcome: 'approve' });
    // A social worker in the placement team recording a step on a colleague's case they may not see.
    await invoke(SW_CPT, 'recordStep', { caseId: caseA, step: 'childViews', views: 'Overwritten.' });
    // A guessed case id, and a reference that names no case.
    const guessed = randomUUID();
    await invoke(PEOPLE.stranger, 'showCase', { caseId: guessed });
    await postJson(`${bot.url}/api/messages`, messageActivity(connector.url, PEOPLE.stranger, 'case NO-SUCH-9'));

    const kept = (await store.refusals(caseA)).map((r) => [r.actorId, r.action, r.code]);
    assert.deepEqual(kept, [
      [PEOPLE.stranger.id, 'decide', 'CASE_NOT_VISIBLE'],
      [LAPSED.id, 'decide', 'CASE_NOT_VISIBLE'],
      [PEOPLE.stranger.id, 'ShowCase', 'CASE_NOT_VISIBLE'],
      [PEOPLE.tm.id, 'DecisionGiven', 'UNKNOWN_APPROVAL'],
      [PEOPLE.tm.id, 'DecisionGiven', 'UNKNOWN_APPROVAL'],
      [SW_CPT.id, 'recordStep', 'CASE_NOT_VISIBLE'],
    ]);
    assert.deepEqual((await store.refusals(caseB)).map((r) => r.code), [], 'nothing on the case whose approval id was borrowed');
    const storeLog = (await store.refusals(NO_MATCHING_CASE)).map((r) => [r.actorId, r.action, r.code, r.named]);
    assert.deepEqual(storeLog, [
      [PEOPLE.stranger.id, 'showCase', 'UNKNOWN_CASE', guessed],
      [PEOPLE.stranger.id, 'ShowCase', 'UNKNOWN_CASE', 'NO-SUCH-9'],
    ]);

    // Each logged at warning: codes and ids, no child data (no date of birth, no reference, no free text).
    const refusalLines = lines.map((l) => JSON.parse(l) as Record<string, unknown>).filter((l) => l['msg'] === 'authority refusal');
    assert.deepEqual(refusalLines.map((l) => [l['level'], l['code'], l['caseId']]), [
      ...kept.map(([, , code]) => ['warn', code, caseA]),
      ['warn', 'UNKNOWN_CASE', NO_MATCHING_CASE],
      ['warn', 'UNKNOWN_CASE', NO_MATCHING_CASE],
    ]);
    const logged = refusalLines.map((l) => JSON.stringify(l)).join('\n');
    assert.doesNotMatch(logged, /2011-05-14|M7-A|M7-B|NO-SUCH-9|Overwritten|Wants to go home/);

    // Support staff see the store's log with the admin command.
    await bot.close(true);
    const dir = bot.dir;
    const shown = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/admin.ts', 'refusals'], { cwd: REPO_ROOT, encoding: 'utf8', env: { ...process.env, DATA_DIR: dir } });
    assert.equal(shown.status, 0, shown.stderr);
    assert.match(shown.stdout, /Refused attempts naming no case \(2\)/);
    assert.match(shown.stdout, new RegExp(`${PEOPLE.stranger.id}\\s+showCase\\s+UNKNOWN_CASE\\s+${guessed}`));
    (await import('node:fs')).rmSync(dir, { recursive: true, force: true });
  });
});
