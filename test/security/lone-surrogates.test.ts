/**
 * Half a surrogate pair in what a person sends (JSON allows "\ud800"; Teams never sends it, a forged
 * card or message can): a card naming such a case id, and "case" with such a reference, are
 * answered as any case nobody may see, on both stores. On Azure Table Storage the store threw
 * (the SDK's encodeURIComponent of the key) and the turn failed.
 */
import { strict as assert } from 'node:assert';
import { PEOPLE } from '../../support/world';
import { cardTexts, invokeActivity, isInvokeBody, messageActivity } from '../../support/bot-over-http/activities';
import { postJson } from '../../support/bot-over-http/http-post';
import { startBot, type BotUnderTest } from '../../support/bot-over-http/bot-under-test';
import { ConnectorCapture } from '../../support/bot-over-http/connector-capture';
import { startAzurite, type RunningAzurite } from '../support/azurite';
import { botStores } from '../support/bot-store-settings';
import { encodeKey } from '../../src/adapters/azure-tables/table-keys';

let azurite: RunningAzurite | undefined;

const STORES = botStores('ls', () => azurite);

describe('half a surrogate pair in a case id or reference (HTTP, real bot)', function () {
  this.timeout(60_000);
  before(async () => {
    azurite = await startAzurite();
  });
  after(async () => {
    await azurite?.stop();
  });

  it('Table Storage keys escape it, so no two ids share a key', () => {
    assert.equal(encodeKey('a\ud800b', 'caseId'), 'a%D800b');
    assert.equal(encodeKey('\udc00', 'caseId'), '%DC00');
    assert.equal(encodeKey('\u{1F600}', 'caseId'), '\u{1F600}', 'a whole pair is kept');
    assert.notEqual(encodeKey('\ud800', 'caseId'), encodeKey('%D800', 'caseId'));
  });

  for (const store of STORES) {
    it(`${store.name}: a card naming such a case and "case" with such a reference are answered as a case nobody may see; nothing fails`, async () => {
      const connector = await new ConnectorCapture().start();
      const lines: string[] = [];
      let bot: BotUnderTest | undefined;
      try {
        bot = await startBot({ env: store.env(), log: (line) => lines.push(line) });
        const api = `${bot.url}/api/messages`;
        const click = await postJson(api, invokeActivity(connector.url, PEOPLE.sw, 'showCase', { caseId: 'x\ud800' }));
        assert.equal(click.status, 200, click.text.slice(0, 300));
        assert.ok(isInvokeBody(click.json));
        assert.match(cardTexts(click.json.value), /not found|no case/i);
        const typed = await postJson(api, messageActivity(connector.url, PEOPLE.sw, 'case MOS\udc00'));
        assert.equal(typed.status, 200, typed.text.slice(0, 300));
        assert.match(JSON.stringify(connector.recent.at(-1)?.body ?? {}), /No case|no case/);
        const failures = lines.filter((line) => /"level":"error"/.test(line));
        assert.deepEqual(failures, []);
      } finally {
        await bot?.close();
        await connector.stop();
      }
    });
  }
});
