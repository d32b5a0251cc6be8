/**
 * The operator adds the council's Christmas closure days (EXTRA_NON_WORKING_DAYS) and restarts the bot,
 * as the start-up warning asks, while a request already waits. Its reminder and escalation had been
 * scheduled without those days, so the team manager was reminded on Tue 29 Dec, mid-shutdown, and the
 * request escalated on Mon 4 Jan, while the card and the reminder said Thu 7 Jan. They now move to the
 * days the working days give with the closure days, as the card says, over HTTP on the restarted bot.
 */
import { strict as assert } from 'node:assert';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CaseState } from '../../src/protocol';
import { BotUnderTest, startBot } from '../../support/bot-over-http/bot-under-test';
import { LocalBotConnector } from '../../support/local-bot-connector';
import { HttpConversation, texts } from '../support/http-conversation';
import { CardsOnly } from '../reliability/support/cards-only';
import { PEOPLE, START, type OverHttp } from './support/over-http';

describe('over HTTP: closure days added while a request waits', function () {
  this.timeout(120_000);
  let now = new Date('2026-12-23T10:00:00Z');
  const clock = { now: () => now };
  const connector = new LocalBotConnector({ rateLimits: false });
  let dir = '';
  let bot: BotUnderTest | undefined;
  let talk: HttpConversation | undefined;

  async function start(env: Record<string, string> = {}): Promise<void> {
    bot = await startBot({ clock, dir, env });
    // One conversation across the restart, so what was read before stays read.
    talk ??= new HttpConversation({ get url() { return bot!.url; }, drain: async () => void (await bot!.runtime.app.worker.drain()) }, connector);
  }
  const h: OverHttp = {
    get talk() { return talk!; },
    get bot() { return bot!; },
    setNow: (iso: string) => void (now = new Date(iso)),
    stateOf: async (ref: string) => (await bot!.runtime.app.service.getByRef(ref))!.state as CaseState,
  };

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 's20-closure-days-'));
    await connector.start();
    await start();
    for (const who of Object.values(PEOPLE)) await h.talk.say(who, 'help');
  });
  after(async () => {
    await bot?.close();
    await connector.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  async function sweepAt(iso: string): Promise<void> {
    h.setNow(iso);
    await h.bot.runtime.app.scheduler.sweep();
  }

  it('the reminder and the escalation move past the closure days, and say the days the card says', async () => {
    const walk = new CardsOnly(h, () => now.toISOString().slice(0, 10));
    const ref = 'SHUT-1';
    const sw = PEOPLE.sw;
    let card = await walk.press(sw, await h.talk.sayForCard(sw, 'new case'), /Start the case/, { ...START, ref, accommodatedOn: '2026-11-02', returnedHomeOn: '2026-12-22', dateOfBirth: '2010-05-14', iro: PEOPLE.iro.id });
    for (const button of [/Record the child's views/, /Record the immediate risk check/, /Record the parents' views/, /^Inform the IRO$/]) card = await walk.step(sw, ref, button, {}, card);
    await walk.step(sw, ref, /Submit the assessment/, { viable: 'true', stepdown: 'family-group-conference', purpose: 'Build the family network.' }, card);
    await h.talk.notices(PEOPLE.tm);
    await h.talk.notices(PEOPLE.hos);

    // The operator adds the shutdown and restarts the bot (same data).
    await bot!.close(true);
    await start({ EXTRA_NON_WORKING_DAYS: '2026-12-29,2026-12-30,2026-12-31' });
    const request = async (): Promise<string> => texts(await walk.press(PEOPLE.tm, await walk.caseCard(PEOPLE.tm, ref), /Open the request: Team manager's agreement/));
    assert.match(await request(), /Decide by\nWed 6 Jan 2027 \(if it is not decided by then, it is escalated to the Head of Service on Thu 7 Jan 2027\)\n/);

    const remindersToManager = async (): Promise<string[]> => (await h.talk.notices(PEOPLE.tm)).map(texts).filter((t) => /^Reminder/.test(t));
    await sweepAt('2026-12-29T08:00:00Z');
    assert.deepEqual(await remindersToManager(), [], 'no reminder in the shutdown');
    await sweepAt('2027-01-04T08:00:00Z');
    const reminders = await remindersToManager();
    assert.equal(reminders.length, 1, reminders.join('\n---\n'));
    assert.match(reminders[0]!, /If it is not decided by Wed 6 Jan 2027, it is escalated to the Head of Service on Thu 7 Jan 2027\./);
    assert.deepEqual((await h.talk.notices(PEOPLE.hos)).map(texts), [], 'not escalated on Mon 4 Jan');
    await sweepAt('2027-01-06T08:00:00Z');
    assert.deepEqual((await h.talk.notices(PEOPLE.hos)).map(texts), []);
    await sweepAt('2027-01-07T08:00:00Z');
    assert.match((await h.talk.notices(PEOPLE.hos)).map(texts).join('\n'), /Escalation — case SHUT-1: the team manager's agreement has been waiting since Wed 23 Dec 2026/);
    assert.ok((await h.stateOf(ref)).approvals.some((a) => a.escalatedOn === '2027-01-07'));
  });
});
