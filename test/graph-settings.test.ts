/**
 * The Graph settings are read once, by loadConfig, for the bot and for `npm run provision:sharepoint`
 * alike: the same .env is accepted by both (with the same settings) or refused by both (with the same
 * line). Only GRAPH_BASE_URL left empty differs on purpose: the bot then runs without Graph, and
 * provisioning, which has nothing to do without it, says so.
 */
import assert from 'node:assert/strict';
import { graphClientConfigFrom } from '../src/adapters/graph/graph-client-config';
import { ConfigError, loadConfig, loadGraphSettings } from '../src/config';

type Outcome = { accepted: unknown } | { refused: string };

function outcome(read: () => unknown): Outcome {
  try {
    return { accepted: read() };
  } catch (error) {
    assert.ok(error instanceof ConfigError, String(error));
    return { refused: error.message };
  }
}

const SITE = 'contoso.sharepoint.com,1,2';
const graph = { GRAPH_BASE_URL: 'https://graph.microsoft.com', SHAREPOINT_SITE_ID: SITE };
const app = { AZURE_TENANT_ID: 'tenant', AZURE_CLIENT_ID: 'client' };

/** Each .env, and what both must answer: the settings' auth kind, or the start of the refusal. */
const CASES: { env: Record<string, string>; expect: { auth: string; baseUrl?: string } | { refusal: RegExp } }[] = [
  { env: { ...graph, ...app, AZURE_CLIENT_SECRET: 'secret' }, expect: { auth: 'client-secret' } },
  { env: { ...graph, ...app, GRAPH_AUTH: 'certificate', AZURE_CLIENT_CERTIFICATE_PATH: '/etc/app.pem' }, expect: { auth: 'certificate' } },
  { env: { ...graph, GRAPH_AUTH: 'managed-identity', AZURE_CLIENT_ID: 'uami' }, expect: { auth: 'managed-identity' } },
  { env: { ...graph, GRAPH_AUTH: 'azure-cli' }, expect: { auth: 'azure-cli' } },
  { env: { ...graph, GRAPH_BASE_URL: 'http://127.0.0.1:4010', GRAPH_AUTH: 'none' }, expect: { auth: 'none', baseUrl: 'http://127.0.0.1:4010' } },
  // Graph's root with its version: accepted by both (the version is dropped); graph-settings.ts used to refuse it.
  { env: { ...graph, ...app, AZURE_CLIENT_SECRET: 's', GRAPH_BASE_URL: 'https://graph.microsoft.com/v1.0' }, expect: { auth: 'client-secret', baseUrl: 'https://graph.microsoft.com' } },
  // Padding around a value means nothing, to both.
  { env: { ...graph, ...app, AZURE_CLIENT_SECRET: '  s  ', SHAREPOINT_SITE_ID: ` ${SITE} ` }, expect: { auth: 'client-secret' } },
  { env: { ...app, GRAPH_BASE_URL: graph.GRAPH_BASE_URL, AZURE_CLIENT_SECRET: 's' }, expect: { refusal: /^SHAREPOINT_SITE_ID is required when GRAPH_BASE_URL is set/ } },
  { env: { ...graph, AZURE_CLIENT_SECRET: 's' }, expect: { refusal: /^AZURE_TENANT_ID is required when GRAPH_AUTH is client-secret/ } },
  // A certificate path alone does not pick the certificate (graph-settings.ts used to): GRAPH_AUTH says which.
  { env: { ...graph, ...app, AZURE_CLIENT_CERTIFICATE_PATH: '/etc/app.pem' }, expect: { refusal: /^AZURE_CLIENT_SECRET is required when GRAPH_AUTH is client-secret/ } },
  { env: { ...graph, GRAPH_AUTH: 'password' }, expect: { refusal: /^GRAPH_AUTH must be one of client-secret, certificate, managed-identity, azure-cli, none/ } },
  { env: { ...graph, GRAPH_BASE_URL: 'graph' }, expect: { refusal: /^GRAPH_BASE_URL must be a URL such as https:\/\/graph.microsoft.com/ } },
  { env: { ...graph, GRAPH_BASE_URL: 'http://graph.example.org', GRAPH_AUTH: 'none' }, expect: { refusal: /^GRAPH_BASE_URL must be an https URL/ } },
  { env: { ...graph, GRAPH_BASE_URL: 'https://graph.microsoft.com/beta' }, expect: { refusal: /^GRAPH_BASE_URL must be Graph v1.0/ } },
  { env: { ...graph, GRAPH_AUTH: 'none' }, expect: { refusal: /^GRAPH_AUTH=none is allowed only with a localhost GRAPH_BASE_URL/ } },
  { env: { SHAREPOINT_SITE_ID: SITE, GRAPH_AUTH: 'azure-cli' }, expect: { refusal: /^SHAREPOINT_SITE_ID is set but GRAPH_BASE_URL is empty/ } },
  // A bad setting elsewhere in the same .env: the bot would not start, so provisioning does not pretend all is well.
  { env: { ...graph, GRAPH_AUTH: 'azure-cli', PORT: 'eighty' }, expect: { refusal: /^PORT must be a whole number/ } },
];

describe('Graph settings: the bot and provision:sharepoint read them once, the same way', () => {
  for (const { env, expect } of CASES) {
    const name = Object.entries(env).map(([k, v]) => `${k}=${v}`).join(' ');
    it(`${'refusal' in expect ? 'both refuse' : 'both accept'}: ${name}`, () => {
      const bot = outcome(() => loadConfig(env).graph);
      const provisioning = outcome(() => loadGraphSettings(env));
      assert.deepEqual(provisioning, bot, 'provisioning answers as the bot does');
      if ('refusal' in expect) {
        assert.ok('refused' in bot, JSON.stringify(bot));
        assert.match(bot.refused, expect.refusal);
      } else {
        assert.ok('accepted' in bot, JSON.stringify(bot));
        const client = graphClientConfigFrom(loadGraphSettings(env));
        assert.equal(client.auth.kind, expect.auth);
        assert.equal(client.baseUrl, expect.baseUrl ?? 'https://graph.microsoft.com');
        assert.equal(loadGraphSettings(env).sharePointSiteId, SITE);
      }
    });
  }

  it('without GRAPH_BASE_URL the bot runs without Graph, and provisioning says what it needs', () => {
    const env = { AZURE_TENANT_ID: 'tenant' };
    assert.equal(loadConfig(env).graph, undefined);
    assert.throws(() => loadGraphSettings(env), (error: unknown) => error instanceof ConfigError && error.variable === 'GRAPH_BASE_URL' && /required to create the SharePoint lists/.test(error.message));
  });

  it('never shows the client secret in a refusal', () => {
    const refused = outcome(() => loadGraphSettings({ ...graph, AZURE_CLIENT_SECRET: 'do-not-show-me' }));
    assert.ok('refused' in refused);
    assert.doesNotMatch(refused.refused, /do-not-show-me/);
  });
});
