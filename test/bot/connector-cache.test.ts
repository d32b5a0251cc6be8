/**
 * The Bot Connector clients are kept between turns per app id, service URL and audience, never
 * shared across any of them, never kept when they could not be made, and never more than the limit.
 */
import assert from 'node:assert/strict';
import { appIdOf, KeptClients, withKeptConnector } from '../../src/bot/connector-cache';

type Request = Parameters<typeof withKeptConnector>[0];
type Identity = Parameters<typeof appIdOf>[0];

/** As botbuilder's claims identity answers getClaimValue: the claim's value, or null. */
function identity(claims: Array<{ type: string; value: string }>): Identity {
  return { claims, isAuthenticated: true, getClaimValue: (type: string) => claims.find((c) => c.type === type)?.value ?? null } as unknown as Identity;
}

function requestFor(claims: Array<{ type: string; value: string }>, made: string[]): Request {
  return {
    audience: 'https://api.botframework.com',
    callerId: 'urn:botframework:azure',
    claimsIdentity: identity(claims),
    connectorFactory: {
      async create(serviceUrl: string, audience?: string) {
        made.push(`${serviceUrl} ${audience ?? ''}`);
        return { serviceUrl, audience, n: made.length } as never;
      },
    },
  } as Request;
}

describe('the Bot Connector clients kept between turns', () => {
  it('gives the same client for the same app id, service URL and audience, and makes it once', async () => {
    const kept = new KeptClients<unknown>();
    const made: string[] = [];
    const first = await withKeptConnector(requestFor([{ type: 'aud', value: 'app-1' }], made), kept as never).connectorFactory!.create('https://smba.example/uk/', 'aud-1');
    const again = await withKeptConnector(requestFor([{ type: 'aud', value: 'app-1' }], made), kept as never).connectorFactory!.create('https://smba.example/uk/', 'aud-1');
    assert.equal(again, first);
    assert.deepEqual(made, ['https://smba.example/uk/ aud-1']);
  });

  it('makes a client of its own for another service URL, audience or app id', async () => {
    const kept = new KeptClients<unknown>();
    const made: string[] = [];
    const create = (appId: string, serviceUrl: string, audience?: string) => withKeptConnector(requestFor([{ type: 'aud', value: appId }], made), kept as never).connectorFactory!.create(serviceUrl, audience);
    const a = await create('app-1', 'https://smba.example/uk/', 'aud-1');
    const b = await create('app-1', 'https://smba.example/emea/', 'aud-1');
    const c = await create('app-1', 'https://smba.example/uk/', 'aud-2');
    const d = await create('app-2', 'https://smba.example/uk/', 'aud-1');
    const e = await create('app-1', 'https://smba.example/uk/');
    assert.equal(new Set([a, b, c, d, e]).size, 5);
    assert.equal(made.length, 5);
  });

  it('shares one client between two turns asking at once', async () => {
    const kept = new KeptClients<unknown>();
    const made: string[] = [];
    const request = requestFor([{ type: 'aud', value: 'app-1' }], made);
    const [x, y] = await Promise.all([withKeptConnector(request, kept as never).connectorFactory!.create('https://s/', 'a'), withKeptConnector(request, kept as never).connectorFactory!.create('https://s/', 'a')]);
    assert.equal(x, y);
    assert.equal(made.length, 1);
  });

  it('does not keep a client that could not be made: the next turn tries again', async () => {
    const kept = new KeptClients<string>();
    await assert.rejects(kept.get('k', () => Promise.reject(new Error('no credentials'))), /no credentials/);
    await new Promise((resolve) => setImmediate(resolve));
    assert.equal(kept.size, 0);
    assert.equal(await kept.get('k', async () => 'made'), 'made');
  });

  it('keeps at most its limit, forgetting the oldest first', async () => {
    const kept = new KeptClients<string>(3);
    let makes = 0;
    const make = (v: string) => () => {
      makes += 1;
      return Promise.resolve(v);
    };
    for (const key of ['a', 'b', 'c', 'd']) await kept.get(key, make(key));
    assert.equal(kept.size, 3);
    assert.equal(await kept.get('d', make('d2')), 'd');
    assert.equal(await kept.get('a', make('a2')), 'a2', 'the oldest was forgotten and is made again');
    assert.equal(makes, 5);
  });

  it("takes the bot's app id from the audience claim (channels), else the appid claim (Emulator)", () => {
    assert.equal(appIdOf(identity([{ type: 'aud', value: 'bot-app' }, { type: 'appid', value: 'emulator' }])), 'bot-app');
    assert.equal(appIdOf(identity([{ type: 'appid', value: 'emulator' }])), 'emulator');
    assert.equal(appIdOf(identity([])), '');
  });
});
