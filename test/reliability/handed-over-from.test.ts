/**
 * The people a case was handed over from, over HTTP with only the buttons their cards show: the
 * social worker and the IRO it was taken from press buttons on cards they still have, or type its
 * reference, and are told it was handed over, to whom and by whom, and that nothing was recorded,
 * not "Case not found" as if it had vanished. Someone it was never handed over from is told no more
 * than before, so nothing says whether a case exists.
 */
import { strict as assert } from 'node:assert';
import type { RoleConfig } from '../../src/cases/role-config';
import { HOS, IROS, REALISTIC_ORGANISATION, TEAMS } from '../../support/realistic-organisation';
import { LocalBotConnector } from '../../support/local-bot-connector';
import { BotUnderTest, startBot } from '../../support/bot-over-http/bot-under-test';
import { HttpConversation, texts } from '../support/http-conversation';
import { CardsOnly } from './support/cards-only';

const ADA = TEAMS[0]!.manager;
const [W0, W1] = [TEAMS[0]!.workers[0]!, TEAMS[0]!.workers[1]!];
const OTHER_TEAM_WORKER = TEAMS[2]!.workers[0]!;
const START = { legalStatus: 'S20', pathway: 'unplanned', trigger: 'consent-withdrawn', dateOfBirth: '2009-05-14', accommodatedOn: '2026-01-05', returnedHomeOn: '2026-02-27' };

describe('a case handed over from someone: what their old cards and "case REF" tell them (over HTTP, cards only)', function () {
  this.timeout(120_000);
  const connector = new LocalBotConnector({ rateLimits: false });
  let bot: BotUnderTest;
  let talk: HttpConversation;
  let walk: CardsOnly;
  before(async () => {
    await connector.start();
    // Monday 9 March 2026: outside the dates of Ada's deputy.
    bot = await startBot({ roles: REALISTIC_ORGANISATION as unknown as RoleConfig, clock: { now: () => new Date('2026-03-09T10:00:00Z') } });
    talk = new HttpConversation({ url: bot.url, drain: async () => void (await bot.runtime.app.worker.drain()) }, connector);
    walk = new CardsOnly({ talk, bot } as never, () => '2026-03-09');
    for (const who of [ADA, W0, W1, HOS.earlyHelp, IROS[0]!, IROS[1]!, OTHER_TEAM_WORKER]) await talk.say(who, 'help');
  });
  after(async () => {
    await bot.close();
    await connector.stop();
    assert.deepEqual(connector.refusals, []);
  });

  it('the social worker and the IRO it was handed over from are told so, by whom and to whom, with nothing recorded; a stranger still learns nothing', async () => {
    const ref = 'HANDED-1';
    const card = await walk.press(W0, await talk.sayForCard(W0, 'new case'), /Start the case/, { ...START, ref, iro: IROS[0]!.id });
    await walk.step(W0, ref, /^Inform the IRO$/, {}, card);
    const iroCard = await talk.notice(IROS[0]!, new RegExp(`For the IRO — case ${ref}`));
    const w0Card = await walk.caseCard(W0, ref);
    const version = (await bot.runtime.app.service.getByRef(ref))!.version;

    await walk.step(ADA, ref, /Hand the case over/, { role: 'social-worker', person: W1.id, reason: 'Ada Worker 00 has moved team.' });
    await walk.step(HOS.earlyHelp, ref, /Hand the case over/, { role: 'iro', person: IROS[1]!.id, reason: 'Ada Reviewer has retired.' });
    const handedAt = (await bot.runtime.app.service.getByRef(ref))!.version;
    assert.equal(handedAt, version + 2);

    // The old social worker presses a step on the case card they still have open.
    const pressed = await talk.press(W0, w0Card, /Record the immediate risk check/);
    assert.match(texts(pressed), /^This case was handed over\n/);
    assert.match(texts(pressed), new RegExp(`Case ${ref} was handed over on Mon 9 Mar 2026: its social worker is now ${W1.name} instead of you \\(decided by ${ADA.name}\\)\\. You can no longer open or act on it, so nothing was recorded\\. If you still need to do something on it, ask ${ADA.name}\\.`));
    assert.doesNotMatch(texts(pressed), /Case not found|There is no case/);
    const typed = String((await talk.say(W0, `case ${ref}`))[0]?.body['text']);
    assert.match(typed, new RegExp(`^Case ${ref} was handed over on Mon 9 Mar 2026: its social worker is now ${W1.name} instead of you`));

    // The old IRO opens the case from what they were sent.
    const opened = await talk.press(IROS[0]!, iroCard, /Open the case/);
    assert.match(texts(opened), new RegExp(`its IRO is now ${IROS[1]!.name} instead of you \\(decided by ${HOS.earlyHelp.name}\\)\\. You can no longer open or act on it, so nothing was recorded\\.`));
    assert.equal((await bot.runtime.app.service.getByRef(ref))!.version, handedAt, 'nothing recorded');

    // Someone the case was never handed over from is told nothing more than for a reference that does not exist.
    const stranger = String((await talk.say(OTHER_TEAM_WORKER, `case ${ref}`))[0]?.body['text']);
    const nothing = String((await talk.say(OTHER_TEAM_WORKER, 'case NO-SUCH-1'))[0]?.body['text']);
    assert.equal(stranger, nothing.replace('NO-SUCH-1', ref));
    assert.match(stranger, /There is no case with reference/);
  });
});
