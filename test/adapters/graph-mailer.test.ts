/**
 * Outlook actionable messages through Graph sendMail, against the local Graph server (real
 * graph-client): the mail's HTML carries the 1.4 approval card with its originator; failures are
 * typed for the outbox; through the bot runtime, each approver is mailed once per request, and
 * nothing is mailed when MAIL_SENDER_ID is not set.
 */
import { strict as assert } from 'node:assert';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Client } from '@microsoft/microsoft-graph-client';
import { actionableMailHtml, createGraphMailer } from '../../src/adapters/graph/graph-mailer';
import { SqliteRecorder } from '../../src/adapters/sqlite/sqlite-recorder';
import { SqliteDocumentLibrary } from '../../src/adapters/sqlite/sqlite-document-library';
import { createBotRuntime } from '../../src/composition-root';
import type { EventInput } from '../../src/cases/case-service';
import { loadConfig } from '../../src/config';
import { createLogger } from '../../src/logging/logger';
import { RecipientUnreachableError } from '../../src/ports/notifier';
import { PermanentRecordError, TransientRecordError } from '../../src/ports/recorder';
import { cardProblems } from '../bot/support/card-check';
import { OUTLOOK_DECIDE_IN_TEAMS } from '../../src/bot/outlook-words';
import { PEOPLE, SettableClock } from '../../support/world';
import { LocalGraphServer, SentMail } from '../../support/local-graph-server';
import { TEST_TOKEN, testGraphClient } from '../../support/graph-test-client';

const SENDER = randomUUID();
const ORIGINATOR = '6f3e2d1c-0b9a-4876-9543-210fedcba987';
const isSendMail = (t: { method: string; path: string }) => t.method === 'POST' && /\/sendMail$/i.test(t.path);

type MailCard = { type: string; version: string; originator?: string; body: { text?: string }[]; actions?: { type: string; verb: string; title: string; data: Record<string, string> }[] };

/** The card inside a mail's HTML <script type="application/adaptivecard+json"> block. */
function cardIn(mail: SentMail): MailCard {
  const match = /<head>[\s\S]*<script type="application\/adaptivecard\+json">([\s\S]*?)<\/script>[\s\S]*<\/head>/.exec(mail.body);
  assert.ok(match, 'the card is in a script block in the head');
  return JSON.parse(match[1]!) as MailCard;
}

describe('Outlook actionable mail through Graph sendMail (local Graph server)', function () {
  this.timeout(30_000);
  let server: LocalGraphServer;
  let client: Client;

  before(async () => {
    server = await LocalGraphServer.start({ requireAuth: true, acceptedTokens: [TEST_TOKEN] });
    client = testGraphClient(server.url);
  });
  after(async () => server.stop());
  beforeEach(() => {
    server.reset();
    server.directory.addUser(SENDER);
  });

  describe('the mailer', () => {
    const card = { type: 'AdaptiveCard', version: '1.4', originator: ORIGINATOR, body: [{ type: 'TextBlock', text: 'Risk: </script><img src=x onerror=alert(1)> & more' }], actions: [{ type: 'Action.Execute', title: 'Approve', verb: 'decide', data: { outcome: 'approve' } }] };

    it('posts an HTML mail from the sender mailbox whose head carries the card, unchanged, in an adaptivecard+json script', async () => {
      await createGraphMailer({ client, senderId: SENDER }).send({ to: ['tm@example.gov.uk'], subject: 'Case MOS-1042: agreement needed.', card, text: 'Case MOS-1042 <needs> you & yours', notes: ['Decide it in <Teams> & nowhere else.'], link: { title: 'Open "the app"', url: 'https://teams.microsoft.com/l/entity/a&b/conversations?tenantId=t' } });
      assert.equal(server.sentMail.length, 1);
      const mail = server.sentMail[0]!;
      assert.equal(mail.from, SENDER);
      assert.deepEqual(mail.to, ['tm@example.gov.uk']);
      assert.equal(mail.subject, 'Case MOS-1042: agreement needed.');
      assert.equal(mail.bodyContentType, 'HTML');
      assert.equal(mail.saveToSentItems, false);
      assert.deepEqual(cardIn(mail), card, 'text typed into a case cannot close the script early');
      assert.ok(!mail.body.includes('</script><img'), 'no raw markup from the card');
      // The notes first (where it is decided), then the text, then the link.
      assert.match(mail.body, /<body>\n<p>Decide it in &lt;Teams&gt; &amp; nowhere else\.<\/p>\n<p>Case MOS-1042 &lt;needs&gt; you &amp; yours<\/p>\n<p><a href="https:\/\/teams\.microsoft\.com\/l\/entity\/a&amp;b\/conversations\?tenantId=t">Open &quot;the app&quot;<\/a><\/p>\n<\/body>/);
      assert.equal(actionableMailHtml({ card, text: 'x', notes: [] }).match(/<\/script>/g)?.length, 1);
      // Only the caller's words: nothing of its own about buttons or what can be decided here.
      assert.equal(actionableMailHtml({ card, text: 'x', notes: [] }).split('<body>')[1], '\n<p>x</p>\n</body>\n</html>');
      assert.doesNotMatch(actionableMailHtml({ card, text: 'x', notes: [], link: { title: 'bad', url: 'javascript:alert(1)' } }), /javascript:/, 'only an https link');
    });

    it('types failures for the outbox: throttling is retryable with Retry-After, a refused recipient is unreachable, an unknown mailbox is permanent', async () => {
      const mailer = createGraphMailer({ client, senderId: SENDER });
      server.throttle({ times: 1, retryAfterSeconds: 7, match: isSendMail });
      await assert.rejects(mailer.send({ to: ['tm@example.gov.uk'], subject: 's', card, text: 't', notes: [] }), (e: unknown) => e instanceof TransientRecordError && e.retryAfterMs === 7000 && /sendMail: HTTP 429/.test(e.message));
      await assert.rejects(mailer.send({ to: ['not-an-address'], subject: 's', card, text: 't', notes: [] }), RecipientUnreachableError);
      await assert.rejects(createGraphMailer({ client, senderId: randomUUID() }).send({ to: ['tm@example.gov.uk'], subject: 's', card, text: 't', notes: [] }), (e: unknown) => e instanceof PermanentRecordError && /HTTP 404/.test(e.message));
      server.fail({ times: 1, status: 503, match: isSendMail });
      await assert.rejects(mailer.send({ to: ['tm@example.gov.uk'], subject: 's', card, text: 't', notes: [] }), TransientRecordError);
      assert.equal(server.sentMail.length, 0);
    });
  });

  describe('through the bot runtime', () => {
    let dir: string;
    let logLines: string[];
    beforeEach(() => {
      dir = mkdtempSync(join(tmpdir(), 's20-outlook-'));
      logLines = [];
    });
    afterEach(() => rmSync(dir, { recursive: true, force: true }));

    /** The runtime as the server builds it, with Graph on the local server and a SQLite recorder. */
    const TEAM_MANAGERS = [{ ...PEOPLE.tm, email: 'taylor.manager@example.gov.uk' }, { ...PEOPLE.managerWithCases, email: 'morgan.manager@example.gov.uk' }];

    function runtime(env: Record<string, string>, teamManagers: object[] = TEAM_MANAGERS) {
      const rolesFile = join(dir, 'roles.json');
      writeFileSync(rolesFile, JSON.stringify({ roles: { 'social-worker': { users: [PEOPLE.sw] }, 'team-manager': { users: teamManagers } } }));
      const config = loadConfig({ DATA_DIR: dir, ROLES_FILE: rolesFile, GRAPH_BASE_URL: `${server.url}/v1.0`, SHAREPOINT_SITE_ID: 'site-1', GRAPH_AUTH: 'none', ...env });
      const clock = new SettableClock(new Date('2026-03-02T10:00:00Z'));
      const logger = createLogger({ level: 'debug', write: (line) => logLines.push(line) });
      // Records and the case file stay on this machine: the site has no lists or library here.
      const rt = createBotRuntime(config, logger, { clock, recorder: new SqliteRecorder(join(dir, 'records.sqlite')), documents: new SqliteDocumentLibrary(join(dir, 'documents.sqlite')), graphClient: client });
      return { rt, clock };
    }

    async function askTeamManager(rt: ReturnType<typeof createBotRuntime>): Promise<{ caseId: string; approvalId: string }> {
      const service = rt.app.service;
      const opened = await service.openCase({
        idempotencyKey: 'open', actor: PEOPLE.sw, ref: 'MOS-1042', trigger: 'consent-withdrawn', iro: null,
        facts: { legalStatus: 'S20', dateOfBirth: '2009-05-14', accommodatedOn: '2026-01-05', previousEpisodeEndedOn: null, lastAssessmentCompletedOn: null, pathway: 'unplanned', returnedHomeOn: null },
      });
      assert.ok(opened.ok, JSON.stringify(opened));
      const events: EventInput[] = [
        { type: 'ChildViewsRecorded', views: 'v' },
        { type: 'ImmediateRiskConsidered', summary: 's', consulted: 'team-manager', legalPlanningMeetingNeeded: false, childProtectionConferenceNeeded: false },
        { type: 'IroInformed' },
        { type: 'ParentsConsulted', views: 'p', plannedReturnAgreed: false },
        { type: 'AssessmentSubmitted', form: 'child-and-family-reassessment', viable: true, riskAnalysis: 'Low risk.', safetyPlan: 'Plan.', stepdownPlan: [{ option: 'trusted-adult', purpose: 'call' }], completedOn: '2026-03-02' },
      ];
      for (const [i, event] of events.entries()) assert.ok((await service.apply({ idempotencyKey: `e${i}`, caseId: opened.caseId, actor: PEOPLE.sw, event })).ok);
      return { caseId: opened.caseId, approvalId: (await service.get(opened.caseId))!.state.approvals[0]!.approvalId };
    }

    it('mails the approval request to each approver with a mail address: a 1.4 card with the originator, to read only (no buttons, no comment box, no refresh), once each even across a retry', async () => {
      const { rt, clock } = runtime({ MAIL_SENDER_ID: SENDER, OUTLOOK_ORIGINATOR_ID: ORIGINATOR });
      try {
        await askTeamManager(rt);
        // The second approver's mail fails once (503): the retry must not mail the first again.
        server.beforeNext(isSendMail, () => server.fail({ times: 1, status: 503, match: isSendMail }));
        await rt.app.worker.drain();
        assert.equal(server.sentMail.length, 1);
        clock.set('2026-03-02T10:10:00Z');
        await rt.app.worker.drain();
        assert.deepEqual(server.sentMail.map((m) => m.to[0]).sort(), ['morgan.manager@example.gov.uk', 'taylor.manager@example.gov.uk']);
        clock.set('2026-03-02T11:00:00Z');
        await rt.app.worker.drain();
        assert.equal(server.sentMail.length, 2, 'each approver once');

        for (const mail of server.sentMail) {
          assert.equal(mail.from, SENDER);
          assert.equal(mail.subject, "Case MOS-1042: the team manager's agreement is needed from you.");
          const card = cardIn(mail);
          assert.equal(card.version, '1.4');
          assert.equal(card.originator, ORIGINATOR);
          // For reading only (nothing can be recorded from Outlook yet): no buttons, no comment box, no refresh.
          const json = JSON.stringify(card);
          assert.deepEqual(card.actions, [], 'no buttons: no TEAMS_APP_CATALOG_ID, so no link to the app either');
          assert.doesNotMatch(json, /Action\.Execute|Input\.|"refresh"|29:/);
          assert.equal(card.body[0]!.text, OUTLOOK_DECIDE_IN_TEAMS);
          assert.match(json, /Low risk\./, 'the request to read');
          assert.ok(mail.body.includes(`<p>${OUTLOOK_DECIDE_IN_TEAMS.replace(/"/g, '&quot;')}</p>`), 'the body says it too, in the same words');
          assert.doesNotMatch(mail.body.split('</head>')[1]!, /button/i, 'no buttons to speak of');
          const { originator: _originator, ...teamsShape } = card;
          assert.deepEqual(cardProblems(teamsShape), [], 'apart from the Outlook-only originator, a card the adaptivecards parser accepts');
          assert.ok(!mail.body.includes('2009-05-14'), 'never the date of birth');
        }
        assert.ok(!logLines.join('\n').includes('2009-05-14'));
      } finally {
        await rt.stop();
      }
    });

    it('an approver with no mail address is reported unreachable by mail and does not hold the case up; no originator, none on the card', async () => {
      const { rt } = runtime({ MAIL_SENDER_ID: SENDER }, [PEOPLE.tm, TEAM_MANAGERS[1]!]);
      try {
        await askTeamManager(rt);
        const report = await rt.app.worker.drain();
        assert.equal(report.dead, 0);
        assert.deepEqual(server.sentMail.map((m) => m.to), [['morgan.manager@example.gov.uk']]);
        assert.equal(cardIn(server.sentMail[0]!).originator, undefined, 'no originator configured yet: the card carries none');
        assert.ok(logLines.some((l) => l.includes(`outlook:${PEOPLE.tm.id}`)), 'the miss is logged with the recipient key');
      } finally {
        await rt.stop();
      }
    });

    it('mails nothing when MAIL_SENDER_ID is not set (Teams only)', async () => {
      const { rt } = runtime({});
      try {
        await askTeamManager(rt);
        const report = await rt.app.worker.drain();
        assert.ok(report.delivered > 0);
        assert.equal(server.sentMail.length, 0);
        assert.equal(server.stats().log.filter(isSendMail).length, 0, 'not even attempted');
      } finally {
        await rt.stop();
      }
    });
  });
});
