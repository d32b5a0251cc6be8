/**
 * A typed message read as a command: Teams' markup and a phone's full stop left off, in steps that
 * take time in proportion to the message, so a long run of '.' or '<' (up to the 256 KB an activity
 * may be) no longer holds the thread that answers everyone.
 */
import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import { commandText } from '../../src/bot/text-commands';
import { PEOPLE } from '../../support/world';
import { messageActivity } from '../../support/bot-over-http/activities';
import { postJson } from '../../support/bot-over-http/http-post';
import { botOverHttp } from '../security/support/bot-over-http';

/** The words before this change, for messages without a '<' (whose markup is read the same). */
const before = (raw: string): string => raw.replace(/\s+/g, ' ').trim().replace(/\s*[.!?]+$/, '');

describe('a typed message as a command', function () {
  this.timeout(20_000);

  it("leaves off Teams' markup, extra spaces and the full stop or question mark at the end", () => {
    assert.equal(commandText('<p>my cases.</p>'), 'my cases');
    assert.equal(commandText('<p>case <b>MOS-1042</b></p>?'), 'case MOS-1042');
    assert.equal(commandText('  new   case  !? '), 'new case');
    assert.equal(commandText('help . .'), 'help .');
    assert.equal(commandText('...'), '');
    assert.equal(commandText(undefined), '');
  });

  it('reads any message without markup as before', () => {
    fc.assert(fc.property(fc.string({ unit: fc.constantFrom('a', ' ', '\n', '.', '!', '?', 'é', '\t') }), (raw) => commandText(raw) === before(raw)), { numRuns: 2_000 });
  });

  describe('over HTTP (real bot)', () => {
    const http = botOverHttp();

    for (const [label, text] of [
      ["250,000 full stops and a letter", `${'.'.repeat(250_000)}x`],
      ["250,000 '<' and a letter", `${'<'.repeat(250_000)}x`],
    ] as const) {
      it(`a message of ${label} is answered with the help, as any message that is not a command`, async () => {
        const replies = http.connector.replies;
        const answer = await postJson(`${http.bot.url}/api/messages`, messageActivity(http.connector.url, PEOPLE.sw, text));
        assert.equal(answer.status, 200, answer.text.slice(0, 200));
        assert.equal(http.connector.replies, replies + 1);
        assert.match(JSON.stringify(http.connector.recent.at(-1)?.body), /my cases/);
      });
    }
  });
});
