/**
 * A reference longer than any case can have, typed after "case" or "new copy" (a message may be
 * tens of thousands of characters): on Azure Table Storage its index key was too long (over 400
 * characters escaped), the store threw, and the person got "Sorry, something went wrong on our
 * side" with an error in the log, for what was only a mistyped or hostile reference. It is now
 * answered as a case there is not, on both stores.
 */
import { strict as assert } from 'node:assert';
import { PEOPLE } from '../../support/world';
import { messageActivity } from '../../support/bot-over-http/activities';
import { postJson } from '../../support/bot-over-http/http-post';
import { startBot, type BotUnderTest } from '../../support/bot-over-http/bot-under-test';
import { ConnectorCapture } from '../../support/bot-over-http/connector-capture';
import { startAzurite, type RunningAzurite } from '../support/azurite';
import { botStores } from '../support/bot-store-settings';

let azurite: RunningAzurite | undefined;

const STORES = botStores('lr', () => azurite);

describe('a reference longer than any case can have (HTTP, real bot)', function () {
  this.timeout(60_000);
  before(async () => {
    azurite = await startAzurite();
  });
  after(async () => {
    await azurite?.stop();
  });

  for (const store of STORES) {
    it(`${store.name}: "case" and "new copy" with a 2,000-character reference are answered as no such case; nothing fails`, async () => {
      const connector = await new ConnectorCapture().start();
      const lines: string[] = [];
      let bot: BotUnderTest | undefined;
      try {
        bot = await startBot({ env: store.env(), log: (line) => lines.push(line) });
        const api = `${bot.url}/api/messages`;
        for (const [command, words] of [['case', /There is no case with reference/], ['new copy', /no case with reference|no case/i]] as const) {
          const typed = await postJson(api, messageActivity(connector.url, PEOPLE.tm, `${command} ${'MOS/'.repeat(500)}`));
          assert.equal(typed.status, 200, typed.text.slice(0, 300));
          const said = JSON.stringify(connector.recent.at(-1)?.body ?? {});
          assert.match(said, words, `${command}: ${said.slice(0, 300)}`);
          assert.doesNotMatch(said, /something went wrong/i, command);
        }
        assert.deepEqual(lines.filter((line) => /"level":"error"/.test(line)), []);
      } finally {
        await bot?.close();
        await connector.stop();
      }
    });
  }
});
