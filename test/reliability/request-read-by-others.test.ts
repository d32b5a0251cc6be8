/**
 * A request opened by someone who cannot decide it, over HTTP with only the buttons their cards
 * show: the social worker who made it, the team manager it was handed over from (from the case card
 * they still had open), and the Head of Service it was escalated to (from the escalation notice).
 * Each reads whose decision it is by name, and only the social worker, who is told of the decision,
 * is promised to be told.
 */
import { strict as assert } from 'node:assert';
import type { RoleConfig } from '../../src/cases/role-config';
import { HOS, IROS, REALISTIC_ORGANISATION, TEAMS } from '../../support/realistic-organisation';
import { LocalBotConnector } from '../../support/local-bot-connector';
import { BotUnderTest, startBot } from '../../support/bot-over-http/bot-under-test';
import { HttpConversation, texts } from '../support/http-conversation';
import { CardsOnly, walkByDay } from './support/cards-only';
import { overHttp, PEOPLE, START as OVER_HTTP_START } from '../conversations/support/over-http';

const [ADA, BEN] = [TEAMS[0]!.manager, TEAMS[1]!.manager];
const W0 = TEAMS[0]!.workers[0]!;
const START = { legalStatus: 'S20', pathway: 'unplanned', trigger: 'consent-withdrawn', dateOfBirth: '2009-05-14', accommodatedOn: '2026-01-05', returnedHomeOn: '2026-02-27' };

describe('a request read by someone who cannot decide it (over HTTP, cards only)', function () {
  this.timeout(120_000);
  const connector = new LocalBotConnector({ rateLimits: false });
  let now = new Date('2026-03-09T10:00:00Z');
  let bot: BotUnderTest;
  let talk: HttpConversation;
  let walk: CardsOnly;
  before(async () => {
    await connector.start();
    // Monday 9 March 2026: outside the dates of Ada's deputy.
    bot = await startBot({ roles: REALISTIC_ORGANISATION as unknown as RoleConfig, clock: { now: () => now } });
    talk = new HttpConversation({ url: bot.url, drain: async () => void (await bot.runtime.app.worker.drain()) }, connector);
    walk = new CardsOnly({ talk, bot } as never, () => '2026-03-09');
    for (const who of [ADA, BEN, W0, HOS.earlyHelp, IROS[0]!]) await talk.say(who, 'help');
  });
  after(async () => {
    await bot.close();
    await connector.stop();
    assert.deepEqual(connector.refusals, []);
  });

  it("names who decides; the social worker is told they will hear, the manager it was handed from and the Head of Service it was escalated to are not promised what does not happen", async () => {
    const ref = 'READ-1';
    let card = await walk.press(W0, await talk.sayForCard(W0, 'new case'), /Start the case/, { ...START, ref, iro: IROS[0]!.id });
    for (const button of [/Record the child's views/, /Record the immediate risk check/, /Record the parents' views/, /^Inform the IRO$/]) card = await walk.step(W0, ref, button, {}, card);
    await walk.step(W0, ref, /Submit the assessment/, { viable: 'true', stepdown: 'family-group-conference', purpose: 'Network.' }, card);

    const theirs = await walk.press(W0, await walk.caseCard(W0, ref), /Open the request: Team manager's agreement/);
    assert.match(texts(theirs), new RegExp(`This decision is for ${ADA.name}, this case's team manager, or their deputy: you can read the request here, and you will be told when it is decided\\.`));

    const adaCard = await walk.caseCard(ADA, ref);
    await walk.step(HOS.earlyHelp, ref, /Hand the case over/, { role: 'team-manager', person: BEN.id, reason: 'Ada is on leave.' });
    const adaReads = await walk.press(ADA, adaCard, /Open the request: Team manager's agreement/);
    assert.match(texts(adaReads), new RegExp(`This decision is for ${BEN.name}, this case's team manager, or their deputy: you can read the request here, but not decide it\\. The case card shows when it has been decided\\.`));
    assert.doesNotMatch(texts(adaReads), /you will be told/);

    // Overdue: escalated to the Head of Service, who opens the request from the escalation to chase it.
    now = new Date('2026-03-20T10:00:00Z');
    await bot.runtime.app.scheduler.sweep();
    const escalation = await talk.notice(HOS.earlyHelp, /Escalation/);
    const hosReads = await walk.press(HOS.earlyHelp, escalation, /Open the request/);
    assert.match(texts(hosReads), new RegExp(`This decision is for ${BEN.name}, this case's team manager, or their deputy: you can read the request here, but not decide it\\.`));
    assert.doesNotMatch(texts(hosReads), /you will be told/);
  });
});

describe('a request read by its social worker who is also one of the team managers (over HTTP, cards only)', function () {
  this.timeout(120_000);
  const h = overHttp();
  const { walk } = walkByDay(h);

  it('names only the managers who may decide it: never the social worker themself (R-SIGN-4)', async () => {
    const morgan = PEOPLE.managerWithCases;
    const ref = 'READ-2';
    let card = await walk.press(morgan, await h.talk.sayForCard(morgan, 'new case'), /Start the case/, { ...OVER_HTTP_START, ref });
    for (const button of [/Record the child's views/, /Record the immediate risk check/, /Record the parents' views/, /^Inform the IRO$/]) card = await walk.step(morgan, ref, button, {}, card);
    await walk.step(morgan, ref, /Submit the assessment/, { viable: 'true', stepdown: 'family-group-conference', purpose: 'Network.' }, card);
    const theirs = await walk.press(morgan, await walk.caseCard(morgan, ref), /Open the request: Team manager's agreement/);
    assert.match(texts(theirs), new RegExp(`This decision is for ${PEOPLE.tm.name}, this case's team manager, or their deputy: you can read the request here, and you will be told when it is decided\\.`));
    assert.doesNotMatch(texts(theirs), new RegExp(`This decision is for [^:]*${morgan.name}`));
  });
});
