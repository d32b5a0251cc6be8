/**
 * Application Insights. Without APPLICATIONINSIGHTS_CONNECTION_STRING nothing of OpenTelemetry is
 * loaded or registered. With it, the real bot process sends its telemetry to the connection
 * string's IngestionEndpoint — here a local HTTPS server standing in for Azure Monitor's ingestion
 * API (POST /v2.1/track; the exporter only speaks https, so the test makes a throwaway
 * certificate with openssl and the bot trusts it through NODE_EXTRA_CA_CERTS) — and none of it
 * holds a child's name or date of birth, although the child's details went through the bot.
 */
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:https';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { ConnectorStandIn, startBotProcess, TeamsUser, type BotProcess } from '../e2e/support/bot-process';
import { listenLocally, stopServer } from '../../support/local-http';

const ROOT = resolve(__dirname, '..', '..');
const CHILD_NAME = 'Jamie Quentin-Example';
const DATE_OF_BIRTH = '2014-02-03';
const SOCIAL_WORKER = { id: '00000000-0000-0000-0000-00000000001a', name: 'Sam Social (social worker)' };

interface Envelope {
  name: string;
  data?: { baseType?: string; baseData?: Record<string, unknown> };
}

/** Azure Monitor's ingestion endpoint, as far as the exporter uses it: gzip'd JSON arrays in, 200 out. */
class IngestionStandIn {
  readonly bodies: string[] = [];
  private server: Server | undefined;
  port = 0;

  async start(key: Buffer, cert: Buffer): Promise<void> {
    this.server = createServer({ key, cert }, (req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        let body = Buffer.concat(chunks);
        if (req.headers['content-encoding'] === 'gzip') body = gunzipSync(body);
        const text = body.toString('utf8');
        if (req.method === 'POST' && req.url === '/v2.1/track') {
          this.bodies.push(text);
          const count = (JSON.parse(text) as unknown[]).length;
          res.writeHead(200, { 'content-type': 'application/json' });
          res.end(JSON.stringify({ itemsReceived: count, itemsAccepted: count, errors: [] }));
        } else {
          res.writeHead(404);
          res.end();
        }
      });
    });
    this.port = Number(new URL(await listenLocally(this.server)).port);
  }

  envelopes(): Envelope[] {
    return this.bodies.flatMap((text) => JSON.parse(text) as Envelope[]);
  }

  async stop(): Promise<void> {
    await stopServer(this.server);
  }
}

describe('Application Insights (Azure Monitor OpenTelemetry)', function () {
  this.timeout(120_000);

  it('without APPLICATIONINSIGHTS_CONNECTION_STRING, loads and registers nothing', () => {
    // A child process with a known environment: the server module (which imports the telemetry preload first), then a look inside.
    const probe = [
      "require('./src/server.ts');",
      "const { telemetryEnabled } = require('./src/telemetry/telemetry.ts');",
      "const { trace, metrics } = require('@opentelemetry/api');",
      "const loaded = Object.keys(require.cache).filter((f) => /@azure[\\\\/]monitor-opentelemetry|@opentelemetry[\\\\/]sdk-/.test(f));",
      'console.log(JSON.stringify({ enabled: telemetryEnabled(), loaded: loaded.length,',
      '  tracer: trace.getTracerProvider().getDelegate().constructor.name, meter: metrics.getMeterProvider().constructor.name }));',
    ].join('\n');
    const result = spawnSync(process.execPath, ['--import', 'tsx', '-e', probe], { cwd: ROOT, env: { PATH: process.env.PATH ?? '' }, encoding: 'utf8', timeout: 60_000 });
    assert.equal(result.status, 0, result.stderr);
    const seen = JSON.parse(result.stdout.trim().split('\n').at(-1) ?? '{}') as Record<string, unknown>;
    assert.deepEqual(seen, { enabled: false, loaded: 0, tracer: 'NoopTracerProvider', meter: 'NoopMeterProvider' });
  });

  describe('with a connection string', () => {
    let dir: string;
    const ingestion = new IngestionStandIn();
    const connector = new ConnectorStandIn();
    let bot: BotProcess | undefined;
    let certificate = '';

    before(async function () {
      dir = mkdtempSync(join(tmpdir(), 's20-insights-'));
      const made = spawnSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', '/CN=127.0.0.1',
        '-addext', 'subjectAltName=IP:127.0.0.1', '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem')], { encoding: 'utf8' });
      if (made.error || made.status !== 0) {
        console.log(`      skipped: openssl is needed to make the local ingestion server's certificate (${made.error?.message ?? made.stderr.trim()})`);
        this.skip();
      }
      certificate = join(dir, 'cert.pem');
      await ingestion.start(readFileSync(join(dir, 'key.pem')), readFileSync(certificate));
      await connector.start();
    });
    after(async () => {
      if (bot) await bot.stop();
      await ingestion.stop();
      await connector.stop();
      rmSync(dir, { recursive: true, force: true });
    });

    it('sends requests, turn spans, metrics and log lines to the ingestion endpoint, with no child’s name or date of birth', async () => {
      bot = await startBotProcess('bot', {
        DATA_DIR: join(dir, 'data'),
        LOG_LEVEL: 'debug',
        APPLICATIONINSIGHTS_CONNECTION_STRING: `InstrumentationKey=00000000-0000-0000-0000-000000000000;IngestionEndpoint=https://127.0.0.1:${ingestion.port}/`,
        NODE_EXTRA_CA_CERTS: certificate,
        // Statsbeat and SDK stats report the SDK's own health to fixed Microsoft endpoints; there is no
        // network here, and statsbeat's first timer (15 s, not unref'd) would hold a quick stop open.
        APPLICATION_INSIGHTS_NO_STATSBEAT: 'true',
        APPLICATIONINSIGHTS_SDKSTATS_DISABLED: 'true',
      });
      const worker = new TeamsUser(SOCIAL_WORKER, connector.url);
      // The child's details go through the bot: typed in a message, and on the start form.
      await worker.say(bot.url, `${CHILD_NAME}, born ${DATE_OF_BIRTH}, is going home on Friday`);
      const card = await worker.click(bot.url, 'startCase', {
        ref: 'MOS-7001', legalStatus: 'S20', pathway: 'unplanned', trigger: 'consent-withdrawn', dateOfBirth: DATE_OF_BIRTH,
        accommodatedOn: '2026-01-05', previousEpisodeEndedOn: '', lastAssessmentCompletedOn: '', returnedHomeOn: '',
        childName: CHILD_NAME,
      });
      assert.match(JSON.stringify(card), /MOS-7001/, 'the case was opened');
      // SIGTERM: the bot stops cleanly and flushes what it has buffered.
      const stopping = Date.now();
      await bot.stop();
      const exit = await bot.exited;
      const stopMs = Date.now() - stopping;
      assert.equal(exit.code, 0, `${bot.stderr()}\n${bot.lines.slice(-5).join('\n')}`);

      const envelopes = ingestion.envelopes();
      const kinds = new Set(envelopes.map((e) => e.data?.baseType));
      const requests = envelopes.filter((e) => e.data?.baseType === 'RequestData').map((e) => String(e.data?.baseData?.['url'] ?? ''));
      assert.ok(requests.some((url) => url.endsWith('/api/messages')), `a request for /api/messages among ${JSON.stringify(requests)}`);
      const spans = envelopes.filter((e) => e.data?.baseType === 'RemoteDependencyData').map((e) => e.data?.baseData?.['name']);
      assert.ok(spans.includes('bot turn'), `a "bot turn" span among ${JSON.stringify(spans)}`);
      const messages = envelopes.filter((e) => e.data?.baseType === 'MessageData').map((e) => e.data?.baseData?.['message']);
      assert.ok(messages.includes('listening'), `the log line "listening" among ${JSON.stringify(messages)}`);
      const metricNames = envelopes.filter((e) => e.data?.baseType === 'MetricData').flatMap((e) => (e.data?.baseData?.['metrics'] as { name: string }[] | undefined)?.map((m) => m.name) ?? []);
      assert.ok(metricNames.includes('bot.turn.duration'), `the turn metric among ${JSON.stringify(metricNames)}`);

      const everything = ingestion.bodies.join('\n');
      for (const secret of [CHILD_NAME, 'Jamie', 'Quentin', DATE_OF_BIRTH]) {
        assert.ok(!everything.includes(secret), `"${secret}" was sent to Application Insights`);
      }
      console.log(`      received ${envelopes.length} telemetry items in ${ingestion.bodies.length} requests (${[...kinds].join(', ')}); the bot stopped and flushed in ${stopMs} ms`);
    });
  });
});
