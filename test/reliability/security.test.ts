/**
 * Security over real HTTP against the real bot (SQLite store, case service, cards), with a local
 * Bot Connector capturing every reply:
 *  - with an app id configured, a request without a token or with a bad one is refused with 401
 *    before any bot code runs: nothing is stored, nothing is sent;
 *  - someone without the role, a deputy outside their dates, a social worker approving their own
 *    case: refused on the card, the case unchanged, and the refusal kept in the case's refusal log
 *    (shown by `admin cases audit`), without moving the case's version;
 *  - a card action tampered to point at another case is refused without showing that case (and kept in its refusal log).
 */
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { parseRoleConfig } from '../../src/cases/role-config';
import type { CaseState } from '../../src/protocol';
import { PEOPLE, ROLES } from '../../support/world';
import { cardTexts, invokeActivity, isInvokeBody, messageActivity } from '../../support/bot-over-http/activities';
import { casesAwaitingTeamManager, openCase, pendingApprovalId, toTeamManagerApproval } from '../../support/bot-over-http/case-prep';
import { botEachTest } from '../security/support/bot-over-http';
import { postJson } from '../../support/bot-over-http/http-post';
import { snapshotCases } from './support/store-snapshot';
import { REPO_ROOT } from '../../support/bot-over-http/bot-process';
import { deliveryKeys } from '../../src/ports/delivery-keys';

const APP_ID = '8f0c5f3e-2b7d-4c1e-9a55-0d3b2e4f6a71';

/** A placement-team member (so they may see every case) who was the Director's deputy in March only. */
const LAPSED_DEPUTY = { id: 'dep-lapsed-1', name: 'Lee Lapsed' };
const roles = parseRoleConfig({
  ...ROLES,
  roles: { ...ROLES.roles, 'placement-team': { users: [PEOPLE.cpt, LAPSED_DEPUTY] } },
  deputies: [{ role: 'director', deputy: LAPSED_DEPUTY, for: PEOPLE.director, from: '2026-03-01', to: '2026-03-10' }],
});

describe('security over HTTP (real bot, SQLite, local Bot Connector)', function () {
  this.timeout(120_000);
  const each = botEachTest();
  const { connector } = each;

  const api = (): string => `${each.bot.url}/api/messages`;

  describe('with an app id configured', () => {
    // botbuilder console.error()s every refused request with a stack trace: keep the output readable.
    const consoleError = console.error;
    beforeEach(() => {
      console.error = () => undefined;
    });
    afterEach(() => {
      console.error = consoleError;
    });

    for (const [label, headers] of [
      ['no token', {}],
      ['a bad token', { authorization: 'Bearer not-a-jwt' }],
      // (Well-formed tokens, signed by a local issuer, are tested in test/security/.)
    ] as const) {
      it(`refuses ${label} with 401: nothing processed, nothing stored, nothing sent`, async () => {
        const bot = await each.start({ env: { MICROSOFT_APP_ID: APP_ID, MICROSOFT_APP_PASSWORD: 'not-a-real-secret', MICROSOFT_APP_TENANT_ID: '5d2f9c1a-8e4b-4f3c-9a1d-7b6e5c4d3a2f', ORG_NAME: 'Mossbank Council' } });
        const [target] = await casesAwaitingTeamManager(bot.runtime.app.service, 1, 'SEC-AUTH');
        const before = await snapshotCases(bot.runtime.app.store);
        const asks = [
          invokeActivity(connector.url, PEOPLE.tm, 'decide', { caseId: target!.caseId, approvalId: target!.approvalId, outcome: 'approve' }),
          invokeActivity(connector.url, PEOPLE.sw, 'startCase', { ref: 'SEC-NEW-1', legalStatus: 'S20', pathway: 'unplanned', trigger: 'consent-withdrawn', dateOfBirth: '2011-05-14', accommodatedOn: '2026-10-01' }),
          messageActivity(connector.url, PEOPLE.sw, 'my cases'),
        ];
        for (const activity of asks) {
          const answer = await postJson(api(), activity, { headers });
          assert.equal(answer.status, 401, `${String(activity.type)}: ${answer.text.slice(0, 200)}`);
        }
        assert.deepEqual(await snapshotCases(bot.runtime.app.store), before, 'the store is unchanged');
        assert.equal(await bot.runtime.app.store.getConversation(deliveryKeys.person(PEOPLE.sw.id)), undefined, 'no conversation reference saved');
        assert.equal(connector.replies + connector.strays, 0, 'nothing sent to the Bot Connector');
      });
    }
  });

  describe('authority (no app id: the local mode, so the activity reaches the bot)', () => {
    async function decide(who: { id: string; name: string }, caseId: string, approvalId: string, outcome = 'approve'): Promise<string> {
      const answer = await postJson(api(), invokeActivity(connector.url, who, 'decide', { caseId, approvalId, outcome, comment: 'Looks fine.' }));
      assert.equal(answer.status, 200);
      assert.ok(isInvokeBody(answer.json), answer.text.slice(0, 200));
      assert.equal(answer.json.statusCode, 200);
      return cardTexts(answer.json.value);
    }

    async function state(caseId: string): Promise<{ version: number; state: CaseState }> {
      const stored = await each.bot.runtime.app.service.get(caseId);
      assert.ok(stored);
      return stored;
    }

    it('a decision by someone without the role is refused on the card, changes nothing, and is kept as a refusal', async () => {
      const bot = await each.start({ roles });
      const [target] = await casesAwaitingTeamManager(bot.runtime.app.service, 1, 'SEC-ROLE');
      const before = await snapshotCases(bot.runtime.app.store);

      // The Head of Service may see the case, but the team manager's approval is not theirs to give.
      const text = await decide(PEOPLE.hos, target!.caseId, target!.approvalId);
      assert.match(text, /Only this case's team manager, or their deputy, can give this agreement/);

      const after = await snapshotCases(bot.runtime.app.store);
      const was = before.get(target!.caseId)!;
      const now = after.get(target!.caseId)!;
      assert.deepEqual({ ...now, refusals: [] }, { ...was, refusals: [] }, 'state, version and audit trail unchanged');
      assert.deepEqual(now.refusals.map((r) => { const e = r as { actorId: string; action: string; code: string }; return [e.actorId, e.action, e.code]; }), [[PEOPLE.hos.id, 'DecisionGiven', 'NOT_YOUR_ROLE']]);
      assert.equal((await state(target!.caseId)).state.stage, 'awaiting-team-manager');

      // Support staff see it in the audit command, after the trail.
      await bot.close(true);
      const dir = bot.dir;
      const audit = spawnSync('npm', ['run', '--silent', 'admin', '--', 'cases', 'audit', target!.ref], { cwd: REPO_ROOT, encoding: 'utf8', env: { ...process.env, DATA_DIR: dir }, input: '' });
      assert.equal(audit.status, 0, audit.stderr);
      assert.match(audit.stdout, /Refused attempts \(1\)/);
      assert.match(audit.stdout, new RegExp(`${PEOPLE.hos.name}\\s+${PEOPLE.hos.id}\\s+DecisionGiven\\s+NOT_YOUR_ROLE`));
      const json = spawnSync('npm', ['run', '--silent', 'admin', '--', 'cases', 'audit', target!.ref, '--json'], { cwd: REPO_ROOT, encoding: 'utf8', env: { ...process.env, DATA_DIR: dir }, input: '' });
      const parsed = JSON.parse(json.stdout) as { audit: unknown[]; refusals: Array<{ code: string }> };
      assert.deepEqual(parsed.refusals.map((r) => r.code), ['NOT_YOUR_ROLE']);
      assert.equal(parsed.audit.length, was.audit.length);
      (await import('node:fs')).rmSync(dir, { recursive: true, force: true });
    });

    it('a deputy outside their dates is refused and the refusal kept; the case waits for the Director', async () => {
      const bot = await each.start({ roles });
      const service = bot.runtime.app.service;
      const [target] = await casesAwaitingTeamManager(service, 1, 'SEC-DEP');
      let key = 0;
      for (const who of [PEOPLE.tm, PEOPLE.hos]) {
        const outcome = await service.apply({ idempotencyKey: `sec-dep-${++key}`, caseId: target!.caseId, actor: who, event: { type: 'DecisionGiven', approvalId: await pendingApprovalId(service, target!.caseId), outcome: 'approve', comment: null } });
        assert.ok(outcome.ok, JSON.stringify(outcome));
      }
      const { state: atDirector, version } = await state(target!.caseId);
      assert.equal(atDirector.stage, 'awaiting-director');
      const directorApproval = await pendingApprovalId(service, target!.caseId);

      // Out of their dates they have no part in the case (issue 11: need-to-know): they learn nothing of it.
      const text = await decide(LAPSED_DEPUTY, target!.caseId, directorApproval);
      assert.match(text, /no case with that id that you can see/i);
      const after = await state(target!.caseId);
      assert.equal(after.version, version, 'the version did not move');
      assert.equal(after.state.stage, 'awaiting-director');
      const refusals = await bot.runtime.app.store.refusals(target!.caseId);
      assert.deepEqual(refusals.map((r) => [r.actorId, r.actorName, r.code]), [[LAPSED_DEPUTY.id, LAPSED_DEPUTY.name, 'CASE_NOT_VISIBLE']]);
    });

    it('self-approval is refused (R-SIGN-4) and kept; another team manager can then approve', async () => {
      const bot = await each.start({ roles });
      const service = bot.runtime.app.service;
      // A team manager who also holds cases opens one as its social worker.
      const caseId = await openCase(service, 'SEC-SELF-1', PEOPLE.managerWithCases);
      const approvalId = await toTeamManagerApproval(service, caseId, PEOPLE.managerWithCases);
      const { version } = await state(caseId);

      const refused = await decide(PEOPLE.managerWithCases, caseId, approvalId);
      assert.match(refused, /R-SIGN-4/);
      assert.equal((await state(caseId)).version, version);
      assert.deepEqual((await bot.runtime.app.store.refusals(caseId)).map((r) => [r.actorId, r.code, r.rule]), [[PEOPLE.managerWithCases.id, 'SELF_APPROVAL', 'R-SIGN-4']]);

      await decide(PEOPLE.tm, caseId, approvalId);
      const approved = await state(caseId);
      assert.equal(approved.version, version + 1);
      assert.equal(approved.state.approvals.find((a) => a.approvalId === approvalId)?.decision?.by.id, PEOPLE.tm.id);
    });

    it('a card action tampered to point at another case is refused without showing that case', async () => {
      const bot = await each.start({ roles });
      const service = bot.runtime.app.service;
      // Case A belongs to one social worker; the other social worker has a case of their own (B).
      const caseA = await openCase(service, 'SEC-OWN-A', PEOPLE.sw);
      const caseB = await openCase(service, 'SEC-OWN-B', PEOPLE.sw2);
      await toTeamManagerApproval(service, caseA, PEOPLE.sw);
      const approvalA = await pendingApprovalId(service, caseA);
      const before = await snapshotCases(bot.runtime.app.store);

      const tampered = [
        { verb: 'showCase', data: { caseId: caseA } },
        { verb: 'openStep', data: { caseId: caseA, step: 'childViews' } },
        { verb: 'recordStep', data: { caseId: caseA, step: 'childViews', views: 'Overwritten.' } },
        { verb: 'showApproval', data: { caseId: caseA, approvalId: approvalA } },
        { verb: 'decide', data: { caseId: caseA, approvalId: approvalA, outcome: 'approve' } },
        // Their own case id with the other case's approval: the approval is not found on B.
        { verb: 'decide', data: { caseId: caseB, approvalId: approvalA, outcome: 'approve' } },
      ];
      for (const { verb, data } of tampered) {
        const answer = await postJson(api(), invokeActivity(connector.url, PEOPLE.sw2, verb, data));
        assert.equal(answer.status, 200);
        assert.ok(isInvokeBody(answer.json));
        const text = cardTexts(answer.json.value);
        assert.ok(!text.includes('SEC-OWN-A'), `${verb}: case A's reference is not shown: ${text.slice(0, 300)}`);
        assert.ok(!/SEC-OWN-A|Wants to go home|Low risk|Mother wants/.test(JSON.stringify(answer.json)), `${verb}: nothing of case A is shown`);
        if (data.caseId === caseA) assert.match(text, /no case with that id that you can see/i);
      }
      // The text route too: "case REF" for a case they are not on answers as for an unknown case.
      await postJson(api(), messageActivity(connector.url, PEOPLE.sw2, 'case SEC-OWN-A'));
      const reply = connector.recent.at(-1);
      assert.match(String(reply?.body.text), /no case with reference SEC-OWN-A that you can see/);
      const after = await snapshotCases(bot.runtime.app.store);
      const a = after.get(caseA)!;
      assert.deepEqual({ ...a, refusals: [] }, { ...before.get(caseA)!, refusals: [] }, 'case A unchanged');
      // Each attempt is kept in case A's refusal log (M7), though they were told nothing of it.
      assert.deepEqual(a.refusals.map((r) => { const e = r as { actorId: string; code: string }; return [e.actorId, e.code]; }), [...tampered.filter((t) => t.data.caseId === caseA), { verb: 'case' }].map(() => [PEOPLE.sw2.id, 'CASE_NOT_VISIBLE']));
      // On their own case B, deciding is simply not a social worker's role: refused and kept.
      const b = after.get(caseB)!;
      assert.deepEqual({ ...b, refusals: [] }, { ...before.get(caseB)!, refusals: [] });
      assert.deepEqual(b.refusals.map((r) => (r as { code: string }).code), ['NOT_YOUR_ROLE']);
    });
  });
});
