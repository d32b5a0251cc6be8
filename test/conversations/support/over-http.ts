/**
 * One real bot over HTTP per test file (SQLite store, outbox, the strict local Bot Connector), a
 * clock the tests move, and the people of test/cases/support/world.ts, each of whom has written to
 * the bot once so that its notices can reach them. Call it inside `describe`.
 */
import { strict as assert } from 'node:assert';
import type { CaseState } from '../../../src/protocol';
import type { RoleConfig } from '../../../src/cases/role-config';
import { PEOPLE } from '../../../support/world';
import { BotUnderTest, startBot } from '../../../support/bot-over-http/bot-under-test';
import { HttpConversation, texts, type Card } from '../../support/http-conversation';
import { LocalBotConnector } from '../../../support/local-bot-connector';

export { PEOPLE, texts, type Card };

export interface OverHttp {
  readonly talk: HttpConversation;
  readonly bot: BotUnderTest;
  /** Moves the bot's clock (the tests' "today"). */
  setNow(iso: string): void;
  stateOf(ref: string): Promise<CaseState>;
}

/** The start form's answers for a 16-year-old, 8 weeks in care, home since Fri 27 Feb 2026. */
export const START = { legalStatus: 'S20', pathway: 'unplanned', trigger: 'consent-withdrawn', dateOfBirth: '2009-05-14', accommodatedOn: '2026-01-05', returnedHomeOn: '2026-02-27' };

/** `roles`: who holds which part (default support/world.ts ROLES); `others`: people beyond PEOPLE who write to the bot first. */
export function overHttp(start = '2026-03-02T10:00:00Z', roles?: RoleConfig, others: readonly { id: string; name: string }[] = []): OverHttp {
  let now = new Date(start);
  const connector = new LocalBotConnector({ rateLimits: false });
  let bot: BotUnderTest | undefined;
  let talk: HttpConversation | undefined;
  before(async function () {
    this.timeout(60_000);
    await connector.start();
    bot = await startBot({ clock: { now: () => now }, ...(roles ? { roles } : {}) });
    const running = bot;
    talk = new HttpConversation({ url: running.url, drain: async () => void (await running.runtime.app.worker.drain()) }, connector);
    for (const who of [...Object.values(PEOPLE), ...others]) await talk.say(who, 'help');
  });
  after(async () => {
    await bot?.close();
    await connector.stop();
    assert.deepEqual(connector.refusals, [], 'the Bot Connector refused nothing');
  });
  return {
    get talk() {
      assert.ok(talk, 'inside a test');
      return talk;
    },
    get bot() {
      assert.ok(bot, 'inside a test');
      return bot;
    },
    setNow(iso: string) {
      now = new Date(iso);
    },
    async stateOf(ref: string) {
      const found = await bot!.runtime.app.service.getByRef(ref);
      assert.ok(found, `case ${ref}`);
      return found.state as CaseState;
    },
  };
}
