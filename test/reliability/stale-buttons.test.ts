/**
 * Buttons on cards that are out of date, pressed over HTTP (only buttons the cards showed, when
 * they were sent): each form says plainly why it cannot be recorded now, in the words the refusal
 * would use, instead of "it may have been recorded already, the case may have moved on, or it may
 * be for someone else"; nothing is recorded.
 */
import { strict as assert } from 'node:assert';
import type { RoleConfig } from '../../src/cases/role-config';
import { HOS, IROS, REALISTIC_ORGANISATION, TEAMS } from '../../support/realistic-organisation';
import { LocalBotConnector } from '../../support/local-bot-connector';
import { BotUnderTest, startBot } from '../../support/bot-over-http/bot-under-test';
import { HttpConversation, texts } from '../support/http-conversation';
import { CardsOnly } from './support/cards-only';

const [ADA, BEN] = [TEAMS[0]!.manager, TEAMS[1]!.manager];
const W0 = TEAMS[0]!.workers[0]!;
const START = { legalStatus: 'S20', pathway: 'unplanned', trigger: 'consent-withdrawn', dateOfBirth: '2009-05-14', accommodatedOn: '2026-01-05', returnedHomeOn: '2026-03-06' };

describe('buttons on out-of-date cards say why they cannot be recorded now (over HTTP, cards only)', function () {
  this.timeout(120_000);
  const connector = new LocalBotConnector({ rateLimits: false });
  let today = '2026-03-09';
  let bot: BotUnderTest;
  let talk: HttpConversation;
  let walk: CardsOnly;
  before(async () => {
    await connector.start();
    // Monday 9 March 2026: outside the dates of Ada's deputy.
    bot = await startBot({ roles: REALISTIC_ORGANISATION as unknown as RoleConfig, clock: { now: () => new Date(`${today}T10:00:00Z`) } });
    talk = new HttpConversation({ url: bot.url, drain: async () => void (await bot.runtime.app.worker.drain()) }, connector);
    walk = new CardsOnly({ talk, bot } as never, () => today);
    for (const who of [ADA, BEN, W0, HOS.earlyHelp, IROS[0]!]) await talk.say(who, 'help');
  });
  after(async () => {
    await bot.close();
    await connector.stop();
    assert.deepEqual(connector.refusals, []);
  });
  const version = async (ref: string): Promise<number> => (await bot.runtime.app.service.getByRef(ref))!.version;

  it("the team manager a case was handed over from, the social worker after the assessment went up, and a visit's reminder once the visit is recorded", async () => {
    const ref = 'STALE-1';
    let card = await walk.press(W0, await talk.sayForCard(W0, 'new case'), /Start the case/, { ...START, ref, iro: IROS[0]!.id });
    const early = card;
    for (const button of [/Record the child's views/, /Record the immediate risk check/, /Record the parents' views/, /^Inform the IRO$/]) card = await walk.step(W0, ref, button, {}, card);

    // The team manager's card from before the handover: a step the team manager could take then.
    const adaCard = await walk.caseCard(ADA, ref);
    await walk.step(HOS.earlyHelp, ref, /Hand the case over/, { role: 'team-manager', person: BEN.id, reason: 'Ada is on leave.' });
    let at = await version(ref);
    const ada = await talk.press(ADA, adaCard, /Submit the assessment/);
    assert.match(texts(ada), /^You cannot record this step now\. You are no longer this case's team manager: it was handed over to Ben Manager on Mon 9 Mar 2026 \(decided by Hana Head\)\. Nothing was recorded\./);
    assert.deepEqual(walk.titles(ada), ['Back to the case']);
    assert.equal(await version(ref), at, 'nothing recorded');

    // The social worker's first card, after the assessment has gone for agreement.
    await walk.step(W0, ref, /Submit the assessment/, { viable: 'true', stepdown: 'family-group-conference', purpose: 'Network.' });
    at = await version(ref);
    const parents = await talk.press(W0, early, /Record the parents' views/);
    assert.match(texts(parents), /^You cannot record this step now\. You can record the parents' views only before the assessment goes for agreement, or after changes are requested\. \(R-SIGN-4\) Nothing was recorded\./);
    assert.doesNotMatch(texts(parents), /it may have been recorded already|may be for someone else/);
    assert.equal(await version(ref), at, 'nothing recorded');

    // The first visit's reminder, pressed after the visit was recorded from the case card.
    today = '2026-03-09';
    await bot.runtime.app.scheduler.sweep();
    const reminder = await talk.notice(W0, /visit/i);
    await walk.step(W0, ref, /Record the first home visit/, { outcome: 'seen', notes: 'Seen at home.' });
    at = await version(ref);
    const late = await talk.press(W0, reminder, /Record the visit/);
    assert.match(texts(late), new RegExp(`^This visit was recorded already, on Mon 9 Mar 2026 by ${W0.name}\\. Nothing new was recorded\\.`));
    assert.equal(await version(ref), at, 'nothing recorded');
  });
});
