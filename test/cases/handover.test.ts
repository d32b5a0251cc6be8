/**
 * Handing a case over (issue 11), at the case service with the realistic fictional council, on
 * both stores: the request waiting moves to the new person and not the old; the old person's copies
 * of the request say "Reassigned to … on …" with no buttons; the old person can no longer decide
 * and the new one can; reminders follow the new person; only the case's managers (or a deputy in
 * their dates) may hand over, only to someone the organisation file names for that part; a refusal
 * writes nothing; and the SharePoint Cases row (real Graph recorder, local Graph server) names the
 * people from the start and is kept current.
 */
import { strict as assert } from 'node:assert';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { App } from '../../src/app';
import { copiesOf } from '../../src/cases/card-copies';
import type { CaseService, CommandOutcome, EventInput } from '../../src/cases/case-service';
import { parseOrganisation } from '../../src/cases/organisation';
import type { OutboxWorker } from '../../src/cases/outbox-worker';
import type { Scheduler } from '../../src/cases/scheduler';
import type { CaseStore } from '../../src/ports/case-store';
import { Notice, Notifier, RecipientUnreachableError, SentCopy } from '../../src/ports/notifier';
import type { CaseState, HandoverRole, Person } from '../../src/protocol';
import { provisionSharePoint } from '../../deploy/provision-sharepoint';
import { startAzurite, type RunningAzurite } from '../support/azurite';
import { appOn, SITE_ID as SITE } from '../../support/app-on';
import { cardTexts } from '../../support/card-texts';
import { TEST_TOKEN, testGraphClient } from '../../support/graph-test-client';
import { LocalGraphServer } from '../../support/local-graph-server';
import { SettableClock, WORLD_IRO_CHANNEL } from '../../support/world';
import { CIN_CP_HOS_GROUP, HOS, HOS_IN_GROUP, IROS, LAPSED_DEPUTY, REALISTIC_ORGANISATION, TEAM_3_GROUP, TEAMS, TM_DEPUTY } from '../../support/realistic-organisation';
import { NOT_YET_HOME_FACTS, VIABLE_REASSESSMENT } from '../support/case-inputs';

/** Teams as the bot sees it: each message gets an activity id, and only those can be edited. */
class TeamsCopies implements Notifier {
  readonly sent: Notice[] = [];
  readonly updates: { to: string; activityId: string; card: unknown }[] = [];
  private readonly activities = new Map<string, string>();
  private n = 0;
  async send(notice: Notice): Promise<SentCopy | void> {
    this.sent.push(notice);
    const activityId = `act-${++this.n}`;
    this.activities.set(activityId, notice.to);
    return { conversation: { user: { id: `29:${notice.to}`, aadObjectId: notice.to } }, activityId };
  }
  async update(copy: SentCopy, notice: Omit<Notice, 'to'>): Promise<void> {
    const to = this.activities.get(copy.activityId);
    if (!to) throw new RecipientUnreachableError('no such activity', 'refused');
    this.updates.push({ to, activityId: copy.activityId, card: notice.card });
  }
}

const ORG = parseOrganisation(REALISTIC_ORGANISATION);
const ADA = TEAMS[0]!.manager;
const BEN = TEAMS[1]!.manager;
const WORKER = TEAMS[0]!.workers[0]!;

let azurite: RunningAzurite | undefined;
let counter = 0;

/** Each store, as configuration names it. */
const STORES: { name: string; env: () => Record<string, string> }[] = [
  { name: 'SQLite', env: () => ({}) },
  { name: 'Azure Table Storage (Azurite)', env: () => ({ STORE: 'azure-tables', AZURE_STORAGE_CONNECTION_STRING: azurite!.connectionString, AZURE_TABLES_PREFIX: `ho${process.pid}x${++counter}` }) },
];

function ok(outcome: CommandOutcome): Extract<CommandOutcome, { ok: true }> {
  if (!outcome.ok) assert.fail(`expected success, got ${outcome.code}: ${outcome.message}`);
  return outcome;
}

function refused(outcome: CommandOutcome, code: string): Extract<CommandOutcome, { ok: false }> {
  assert.equal(outcome.ok, false, 'refused');
  if (outcome.ok) throw new Error('unreachable');
  assert.equal(outcome.code, code, outcome.message);
  return outcome;
}

describe('handing a case over (issue 11)', function () {
  this.timeout(120_000);
  let server: LocalGraphServer;

  before(async () => {
    server = await LocalGraphServer.start({ requireAuth: true, acceptedTokens: [TEST_TOKEN] });
    azurite = await startAzurite();
  });
  after(async () => {
    await server.stop();
    await azurite?.stop();
  });

  for (const kind of STORES) {
    describe(kind.name, () => {
      let dir: string;
      let app: App;
      let store: CaseStore;
      let clock: SettableClock;
      let service: CaseService;
      let notifier: TeamsCopies;
      let worker: OutboxWorker;
      let scheduler: Scheduler;
      let n = 0;

      beforeEach(async () => {
        server.reset();
        server.directory.setGroupMembers(TEAM_3_GROUP.id, TEAMS[3]!.workers.map((w) => w.id));
        server.directory.setGroupMembers(CIN_CP_HOS_GROUP.id, HOS_IN_GROUP.map((h) => h.id));
        const client = testGraphClient(server.url);
        await provisionSharePoint(client, SITE);
        dir = mkdtempSync(join(tmpdir(), 's20-handover-'));
        clock = new SettableClock(new Date('2026-03-02T10:00:00Z'));
        notifier = new TeamsCopies();
        // The app as the composition root builds it from configuration (the store named, Graph on the
        // local server, the IRO channel set), with the cards the bot renders; Teams is the test's.
        app = appOn(dir, { graphUrl: server.url, env: { IRO_CHANNEL_ID: WORLD_IRO_CHANNEL, ...kind.env() }, parts: { clock, notifier, graphClient: client, organisation: ORG }, cards: 'as-the-bot' });
        ({ store, service, worker, scheduler } = app);
      });
      afterEach(async () => {
        await app.close();
        rmSync(dir, { recursive: true, force: true });
      });

      const act = (caseId: string, actor: Person, event: EventInput): Promise<CommandOutcome> => service.apply({ idempotencyKey: `k${++n}`, caseId, actor, event });
      const hand = (caseId: string, actor: Person, role: HandoverRole, to: Person, reason = 'Ada is on long-term leave from today.'): Promise<CommandOutcome> =>
        service.reassign({ idempotencyKey: `h${++n}`, caseId, actor, role, personId: to.id, reason });
      const stateOf = async (caseId: string): Promise<CaseState> => (await service.get(caseId))!.state;
      const pendingId = async (caseId: string): Promise<string> => (await stateOf(caseId)).approvals.find((a) => !a.decision && !a.cancelledAt)!.approvalId;
      let seen = 0;
      async function sentSince(): Promise<Notice[]> {
        await worker.drain();
        const fresh = notifier.sent.slice(seen);
        seen = notifier.sent.length;
        return fresh.filter((s) => s.to !== 'channel:iro');
      }
      beforeEach(() => {
        seen = 0;
      });
      const casesRow = (ref: string): Record<string, unknown> | undefined => server.rows(SITE, 'Cases').find((r) => r['CaseRef'] === ref);

      /** A case of team 0 (Early Help and Assessment) waiting for its team manager's agreement. */
      async function awaitingTeamManager(ref: string): Promise<string> {
        const caseId = ok(await service.openCase({ idempotencyKey: `open-${ref}`, actor: WORKER, ref, facts: NOT_YET_HOME_FACTS, trigger: 'consent-withdrawn', iro: IROS[0]! })).caseId;
        ok(await act(caseId, WORKER, { type: 'ChildViewsRecorded', views: 'Wants to go home.' }));
        ok(await act(caseId, WORKER, { type: 'ImmediateRiskConsidered', summary: 'None.', consulted: 'team-manager', legalPlanningMeetingNeeded: false, childProtectionConferenceNeeded: false }));
        ok(await act(caseId, WORKER, { type: 'IroInformed' }));
        ok(await act(caseId, WORKER, { type: 'ParentsConsulted', views: 'Mother agrees.', plannedReturnAgreed: false }));
        ok(await act(caseId, WORKER, VIABLE_REASSESSMENT));
        return caseId;
      }

      it("moves the waiting request to the new team manager and not the old; the old copies say 'Reassigned to … on …' with no buttons; the old cannot decide, the new can", async () => {
        const caseId = await awaitingTeamManager('HO-1');
        const approvalId = await pendingId(caseId);
        const first = await sentSince();
        assert.deepEqual([...new Set(first.filter((s) => s.card && cardTexts(s.card).includes('Approve')).map((s) => s.to))].sort(), [ADA.id, TM_DEPUTY.id].sort(), 'asked of Ada and her deputy that week');
        assert.equal(casesRow('HO-1')?.['TeamManager'], ADA.name, 'the Cases row names the team manager from the start');
        assert.equal(casesRow('HO-1')?.['HeadOfService'], HOS.earlyHelp.name);
        assert.equal(casesRow('HO-1')?.['SocialWorker'], WORKER.name);
        assert.equal(casesRow('HO-1')?.['Iro'], IROS[0]!.name);

        // The Head of Service of the case's service hands the team manager's part to Ben.
        ok(await hand(caseId, HOS.earlyHelp, 'team-manager', BEN));
        const after = await sentSince();
        const to = (id: string): Notice[] => after.filter((s) => s.to === id);
        assert.equal(to(BEN.id).filter((s) => s.text.includes("the team manager's agreement is needed from you")).length, 1, 'Ben receives the request card');
        assert.ok(to(BEN.id).some((s) => s.text.includes('has been handed to you') && s.text.includes('A request is waiting for your decision')), 'Ben is told, with what happens next');
        assert.ok(to(ADA.id).some((s) => s.text.includes(`its team manager is ${BEN.name} instead of you`) && s.text.includes('you can no longer decide it')), 'Ada is told');
        assert.equal(to(ADA.id).filter((s) => s.text.includes('agreement is needed')).length, 0, 'Ada is not asked again');
        assert.equal(to(TM_DEPUTY.id).length, 0, "Ada's deputy is not asked again");
        for (const s of after) assert.ok(!s.text.includes('2012-05-14') && !s.text.includes('14 May 2012'), 'no date of birth in any message');

        // Every earlier copy of the request (Ada's, her deputy's) now says so, with no buttons; Ben's is left alone.
        const reassigned = notifier.updates.filter((u) => cardTexts(u.card).includes(`Reassigned to ${BEN.name} on Mon 2 Mar 2026`));
        assert.deepEqual(reassigned.map((u) => u.to).sort(), [ADA.id, TM_DEPUTY.id].sort());
        for (const u of reassigned) assert.deepEqual((u.card as { actions?: unknown[] }).actions, [], 'no buttons');
        assert.ok(!notifier.updates.some((u) => u.to === BEN.id), "Ben's copy is not touched");
        const copies = await copiesOf(store, approvalId);
        assert.ok(copies.some((c) => c.to === BEN.id && !c.updatedAt), "Ben's copy is kept, to be edited once he decides");

        // The old team manager is told it was handed over, to whom and by whom; her deputy, refused with the rule; the new one decides.
        const adaTries = refused(await act(caseId, ADA, { type: 'DecisionGiven', approvalId, outcome: 'approve', comment: null }), 'NOT_YOUR_ROLE');
        assert.equal(adaTries.message, `You are no longer this case's team manager: it was handed over to ${BEN.name} on Mon 2 Mar 2026 (decided by ${HOS.earlyHelp.name}).`);
        const deputyTries = refused(await act(caseId, TM_DEPUTY, { type: 'DecisionGiven', approvalId, outcome: 'approve', comment: null }), 'NOT_YOUR_ROLE');
        assert.equal(deputyTries.rule, 'R-SIGN-4');
        assert.match(deputyTries.message, /Only this case's team manager, or their deputy, can give this agreement/);
        ok(await act(caseId, BEN, { type: 'DecisionGiven', approvalId, outcome: 'approve', comment: null }));

        // Audited: who, when, why, and the before and after.
        const trail = await store.audit(caseId);
        const entry = trail.find((e) => e.action.startsWith('Case handed over'))!;
        assert.equal(entry.actorId, HOS.earlyHelp.id);
        assert.equal(entry.role, 'head-of-service');
        assert.equal(entry.at, '2026-03-02T10:00:00.000Z');
        assert.match(entry.action, /team manager Ada Manager → Ben Manager.*"Ada is on long-term leave from today\."/);
        // Only what changed: the first team manager of the list (index 0), Ada before and Ben after.
        assert.deepEqual(((entry.before as Record<string, unknown>)['people'] as { teamManagers: Record<string, Person> }).teamManagers, { 0: ADA });
        assert.deepEqual(((entry.after as Record<string, unknown>)['people'] as { teamManagers: Record<string, Person> }).teamManagers, { 0: BEN });
        assert.equal(((entry.after as Record<string, unknown>)['reassignments'] as { reason: string }[])[0]!.reason, 'Ada is on long-term leave from today.');

        await worker.drain();
        assert.equal(casesRow('HO-1')?.['TeamManager'], BEN.name, 'the Cases row is kept current');
        assert.ok(server.rows(SITE, 'Audit').some((r) => r['CaseRef'] === 'HO-1' && String(r['Action']).startsWith('Case handed over')), 'the SharePoint Audit list has the handover');
      });

      it('a long reason is kept whole with the case; the SharePoint Audit row (a single line of text, 255 characters at most) takes it shortened, and nothing is left undelivered', async () => {
        const caseId = await awaitingTeamManager('HO-6');
        const reason = `${'Ada is on long-term leave and her cases are being shared out across the service. '.repeat(5)}Ben has capacity.`;
        ok(await hand(caseId, HOS.earlyHelp, 'team-manager', BEN, reason));
        await worker.drain();
        assert.equal((await stateOf(caseId)).reassignments?.[0]?.reason, reason, 'kept whole with the case');
        const row = server.rows(SITE, 'Audit').find((r) => r['CaseRef'] === 'HO-6' && String(r['Action']).startsWith('Case handed over'));
        assert.ok(row, 'the handover reached the Audit list');
        assert.ok(String(row['Action']).length <= 255);
        assert.deepEqual((await store.outboxCounts()).dead, 0, 'nothing given up');
      });

      it("a Head of Service part held through an Entra group: both members' copies say 'Reassigned to …', the new Head of Service is asked, and the Cases row names the group, then the person", async () => {
        const member = TEAMS[3]!.workers[0]!; // in team 3 through its members' group
        const caseId = ok(await service.openCase({ idempotencyKey: 'open-HO-7', actor: member, ref: 'HO-7', facts: NOT_YET_HOME_FACTS, trigger: 'consent-withdrawn', iro: IROS[1]! })).caseId;
        for (const event of [
          { type: 'ChildViewsRecorded', views: 'Wants to go home.' },
          { type: 'ImmediateRiskConsidered', summary: 'None.', consulted: 'team-manager', legalPlanningMeetingNeeded: false, childProtectionConferenceNeeded: false },
          { type: 'IroInformed' },
          { type: 'ParentsConsulted', views: 'Mother agrees.', plannedReturnAgreed: false },
          VIABLE_REASSESSMENT,
        ] as EventInput[]) ok(await act(caseId, member, event));
        ok(await act(caseId, TEAMS[3]!.manager, { type: 'DecisionGiven', approvalId: await pendingId(caseId), outcome: 'approve', comment: null }));
        ok(await act(caseId, IROS[1]!, { type: 'IroViewRecorded', view: 'Agrees.', reviewBroughtForward: false }));
        const asked = (await sentSince()).filter((s) => s.text.includes("Head of Service's written agreement is needed")).map((s) => s.to).sort();
        assert.deepEqual(asked, HOS_IN_GROUP.map((h) => h.id).sort(), 'both members of the group were asked');
        assert.equal(casesRow('HO-7')?.['HeadOfService'], `${CIN_CP_HOS_GROUP.name} (group)`);

        ok(await hand(caseId, TEAMS[3]!.manager, 'head-of-service', HOS.care, 'Cover while the service is short.'));
        const after = await sentSince();
        assert.ok(after.some((s) => s.to === HOS.care.id && s.text.includes("Head of Service's written agreement is needed")), 'Cara is asked');
        const reassigned = notifier.updates.filter((u) => cardTexts(u.card).includes(`Reassigned to ${HOS.care.name} on Mon 2 Mar 2026`)).map((u) => u.to).sort();
        assert.deepEqual(reassigned, HOS_IN_GROUP.map((h) => h.id).sort(), "each group member's copy says so");
        refused(await act(caseId, HOS_IN_GROUP[0]!, { type: 'DecisionGiven', approvalId: await pendingId(caseId), outcome: 'approve', comment: null }), 'NOT_YOUR_ROLE');
        await worker.drain();
        assert.equal(casesRow('HO-7')?.['HeadOfService'], HOS.care.name);
      });

      it("reminders about a moved request go to the new person; a deputy in their dates may hand over, on their principal's behalf", async () => {
        const caseId = await awaitingTeamManager('HO-2');
        await sentSince();
        // Tom covers Ada from 2 to 6 March: he hands the case to Ben for her.
        const done = ok(await hand(caseId, TM_DEPUTY, 'team-manager', BEN));
        assert.match(done.action, /by Tom Acting-Manager on behalf of Ada Manager/);
        const entry = (await store.audit(caseId)).at(-1)!;
        assert.equal(entry.onBehalfOfId, ADA.id);
        await sentSince();
        // Two working days later the reminder comes: to Ben, not to Ada or Tom.
        clock.set('2026-03-04T09:00:00Z');
        await scheduler.sweep();
        const reminders = (await sentSince()).filter((s) => s.text.startsWith('Reminder'));
        assert.deepEqual([...new Set(reminders.map((s) => s.to))], [BEN.id]);
      });

      it('a team manager from another team, a stranger and a deputy out of their dates are refused, and nothing is recorded', async () => {
        const caseId = await awaitingTeamManager('HO-3');
        await worker.drain();
        const before = await service.get(caseId);
        const outbox = await store.outboxCounts();
        const other = refused(await hand(caseId, TEAMS[2]!.manager, 'team-manager', BEN), 'NOT_YOUR_ROLE');
        assert.equal(other.message, "Only this case's team manager or Head of Service, or their deputy, can hand this case over.");
        refused(await hand(caseId, TEAMS[1]!.workers[0]!, 'social-worker', TEAMS[1]!.workers[0]!), 'NOT_YOUR_ROLE');
        const lapsed = refused(await hand(caseId, LAPSED_DEPUTY, 'team-manager', BEN), 'DEPUTY_OUT_OF_DATES');
        assert.match(lapsed.message, /only from Thu 1 Jan 2026 to Sat 31 Jan 2026/);
        assert.equal((await service.get(caseId))!.version, before!.version, 'the case is unchanged');
        assert.deepEqual(await store.outboxCounts(), outbox, 'nothing sent or recorded');
        const kept = (await store.refusals(caseId)).map((r) => r.code).sort();
        assert.deepEqual(kept, ['DEPUTY_OUT_OF_DATES', 'NOT_YOUR_ROLE', 'NOT_YOUR_ROLE'], 'each attempt is kept in the refusal log');
      });

      it('a person the organisation file does not name for that part is refused with one line naming the problem, and nothing is written', async () => {
        const caseId = await awaitingTeamManager('HO-4');
        await worker.drain();
        const before = await service.get(caseId);
        const outbox = await store.outboxCounts();
        const elsewhere = refused(await hand(caseId, ADA, 'social-worker', TEAMS[6]!.workers[0]!), 'NOT_A_HOLDER');
        assert.equal(elsewhere.message, `${TEAMS[6]!.workers[0]!.name} is not a social worker of Assessment North or another team of Early Help and Assessment in the organisation file, so the case cannot be handed to them as its social worker. Choose someone from the list.`);
        const notAnIro = refused(await hand(caseId, ADA, 'iro', TEAMS[0]!.workers[1]!), 'NOT_A_HOLDER');
        assert.match(notAnIro.message, /is not an IRO of the IRO service in the organisation file/);
        refused(await hand(caseId, ADA, 'team-manager', { id: '00000000-0000-4000-8000-00000000dead', name: 'Made Up' }), 'NOT_A_HOLDER');
        const noReason = refused(await hand(caseId, ADA, 'iro', IROS[3]!, '   '), 'COMMENT_REQUIRED');
        assert.match(noReason.message, /why the case is handed over/);
        refused(await hand(caseId, ADA, 'team-manager', ADA), 'ALREADY_DONE');
        refused(await hand(caseId, ADA, 'social-worker', WORKER), 'ALREADY_DONE');
        assert.equal((await service.get(caseId))!.version, before!.version, 'the case is unchanged');
        assert.deepEqual(await store.outboxCounts(), outbox, 'nothing sent or recorded');
      });

      it("a new social worker and a new IRO: the case follows them (their case list, the IRO's view asked of the new IRO), and the Cases row says so", async () => {
        const caseId = await awaitingTeamManager('HO-5');
        ok(await act(caseId, ADA, { type: 'DecisionGiven', approvalId: await pendingId(caseId), outcome: 'approve', comment: null }));
        await sentSince();
        const newWorker = TEAMS[1]!.workers[2]!; // another team of the same service
        ok(await hand(caseId, ADA, 'social-worker', newWorker, 'Moved to Assessment South.'));
        ok(await hand(caseId, HOS.earlyHelp, 'iro', IROS[4]!, 'Caseload balance.'));
        const sent = await sentSince();
        assert.ok(sent.some((s) => s.to === IROS[4]!.id && s.text.includes('has been handed to you') && s.text.includes('The case is waiting for your view as IRO, which goes to the Head of Service')), "the new IRO is asked for the IRO's view");
        assert.ok(sent.some((s) => s.to === IROS[0]!.id && s.text.includes("The IRO's view it was waiting for is now asked of")), 'the old IRO is told it moved');
        assert.ok((await service.listFor(newWorker.id)).some((c) => c.caseId === caseId), "in the new social worker's cases");
        assert.ok(!(await service.listFor(WORKER.id)).some((c) => c.caseId === caseId), "no longer in the old social worker's");
        refused(await act(caseId, IROS[0]!, { type: 'IroViewRecorded', view: 'Agrees.', reviewBroughtForward: false }), 'NOT_YOUR_ROLE');
        ok(await act(caseId, IROS[4]!, { type: 'IroViewRecorded', view: 'Agrees.', reviewBroughtForward: false }));
        await worker.drain();
        assert.equal(casesRow('HO-5')?.['SocialWorker'], newWorker.name);
        assert.equal(casesRow('HO-5')?.['Iro'], IROS[4]!.name);
      });
    });
  }
});
