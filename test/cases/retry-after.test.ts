/**
 * Retry-After from Graph and from Teams, read in one place (src/cases/retry-after.ts) and bounded
 * there: the RFC 9110 forms only (whole seconds, or an HTTP date), never more than an hour, never
 * negative. Before, Graph's reading took any JavaScript number ("0x10" as 16 s, "1e13" as 317,000
 * years) and both passed a wait of any length on, capped only where each use remembered to.
 */
import { strict as assert } from 'node:assert';
import { GraphError } from '@microsoft/microsoft-graph-client';
import { toRecordError } from '../../src/adapters/graph/graph-failure';
import { teamsSendError } from '../../src/bot/teams-errors';
import { TransientRecordError } from '../../src/ports/recorder';

const HOUR = 3_600_000;

function fromGraph(retryAfter: string): number | undefined {
  const thrown = Object.assign(new GraphError(429, 'Too many requests'), { code: 'TooManyRequests', headers: new Headers({ 'Retry-After': retryAfter }) });
  const error = toRecordError(thrown, 'Writing the case record');
  assert.ok(error instanceof TransientRecordError);
  return error.retryAfterMs;
}

function fromTeams(retryAfter: string): number | undefined {
  const thrown = Object.assign(new Error('Too Many Requests'), { statusCode: 429, response: { headers: { get: (name: string) => (name.toLowerCase() === 'retry-after' ? retryAfter : null) } } });
  const answer = teamsSendError(thrown, 'the approver');
  assert.ok(answer.error instanceof TransientRecordError);
  return answer.retryAfterMs;
}

describe('Retry-After, as Graph and Teams send it', () => {
  for (const [from, read] of [['Graph', fromGraph], ['Teams', fromTeams]] as const) {
    describe(`from ${from}`, () => {
      it('whole seconds, as milliseconds', () => {
        assert.equal(read('120'), 120_000);
        assert.equal(read(' 0 '), 0);
      });

      it('an HTTP date, as the wait until it; one passed already is no wait', () => {
        const inAMinute = new Date(Date.now() + 60_000).toUTCString();
        const wait = read(inAMinute)!;
        assert.ok(wait > 55_000 && wait <= 60_000, String(wait));
        assert.equal(read('Sun, 06 Nov 1994 08:49:37 GMT'), 0);
      });

      it('never more than an hour, read from seconds or a date', () => {
        assert.equal(read('10000000000000'), HOUR);
        assert.equal(read('1' + '0'.repeat(400)), HOUR);
        assert.equal(read('Fri, 31 Dec 2100 23:59:59 GMT'), HOUR);
      });

      it('neither form is no Retry-After: a 429 then waits as without one (30 to 60 s, retry-after.ts)', () => {
        for (const value of ['-5', '0x10', '1e3', 'Infinity', 'soon', '2026-12-31']) {
          const wait = read(value)!;
          assert.ok(wait >= 30_000 && wait <= 60_000, `${value}: ${wait}`);
        }
      });
    });
  }
});
