/**
 * A click or command that fails on our side is answered 200 with a card saying what was recorded,
 * so App Service's Http5xx metric (alert rule 1) no longer sees it; the bot counts it instead in
 * bot.turn.failures, which deploy/main.bicep's failed-turns rule queries. Once per failed turn
 * someone waits on, with the activity's type only (no case reference, nothing of what was sent);
 * a proactive turn (an outbox notice, counted by the outbox) is not counted.
 *
 * In a child process: telemetry is started for real (an ingestion endpoint nobody answers), then
 * the metrics API is pointed at OpenTelemetry's own SDK with a reader the probe collects from.
 */
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';

const ROOT = resolve(__dirname, '..', '..');

const PROBE = `
const { metrics } = require('@opentelemetry/api');
const { MeterProvider, MetricReader } = require('@opentelemetry/sdk-metrics');
const { TurnContext } = require('botbuilder');
const { startTelemetry } = require('./src/telemetry/telemetry.ts');
const { createBotAdapter } = require('./src/bot/adapter.ts');
const { createLogger } = require('./src/logging/logger.ts');
class Reader extends MetricReader { onForceFlush() { return Promise.resolve(); } onShutdown() { return Promise.resolve(); } }
(async () => {
  startTelemetry('InstrumentationKey=00000000-0000-0000-0000-000000000000;IngestionEndpoint=https://127.0.0.1:9/');
  const reader = new Reader();
  metrics.disable();
  metrics.setGlobalMeterProvider(new MeterProvider({ readers: [reader] }));
  const adapter = createBotAdapter({ appId: undefined, appPassword: undefined, appTenantId: undefined, appType: 'MultiTenant' }, createLogger({ write: () => {} }));
  const turn = async (activity) => {
    const context = new TurnContext(adapter, { channelId: 'msteams', conversation: { id: 'c' }, from: { id: 'u' }, recipient: { id: 'b' }, serviceUrl: 'https://smba.invalid/', ...activity });
    context.onSendActivities(async () => []);
    await adapter.onTurnError(context, new Error('the store is down for MOS-1042'));
  };
  await turn({ type: 'invoke', name: 'adaptiveCard/action', value: { action: { type: 'Action.Execute', verb: 'decide', data: { caseId: 'MOS-1042' } } } });
  await turn({ type: 'message', text: 'case MOS-1042' });
  await turn({ type: 'message', text: 'team cases' });
  await turn({ type: 'conversationUpdate', membersAdded: [{ id: 'u' }] });
  await turn({ type: 'installationUpdate', action: 'add' });
  await turn({ type: 'event', name: 'ContinueConversation' });
  const { resourceMetrics } = await reader.collect();
  const points = resourceMetrics.scopeMetrics.flatMap((s) => s.metrics).filter((m) => m.descriptor.name === 'bot.turn.failures').flatMap((m) => m.dataPoints.map((p) => ({ value: p.value, attributes: p.attributes })));
  console.log(JSON.stringify(points));
  process.exit(0);
})().catch((error) => { console.error(error); process.exit(1); });
`;

describe('bot.turn.failures (the failed-turns alert counts it)', function () {
  this.timeout(120_000);

  it('counts each failed click or command once, by activity type and turn kind only; a failed welcome or install update as "other"; not a failed proactive notice', () => {
    const result = spawnSync(process.execPath, ['--import', 'tsx', '-e', PROBE], { cwd: ROOT, env: { PATH: process.env.PATH ?? '' }, encoding: 'utf8', timeout: 90_000 });
    assert.equal(result.status, 0, result.stderr);
    const lastLine = result.stdout.trim().split('\n').at(-1) ?? '';
    const points = JSON.parse(lastLine) as { value: number; attributes: Record<string, unknown> }[];
    const byType = Object.fromEntries(points.map((p) => [`${String(p.attributes['activity.type'])} ${String(p.attributes['turn.kind'])}`, p.value]));
    // The failed-turns alert counts turn.kind click and command (test/deploy/alerts.test.ts): a setup-policy rollout's welcomes failing is not "clicks and commands failing".
    assert.deepEqual(byType, { 'invoke click': 1, 'message command': 2, 'conversationUpdate other': 1, 'installationUpdate other': 1 });
    for (const point of points) assert.deepEqual(Object.keys(point.attributes).sort(), ['activity.type', 'turn.kind'], 'no case reference or text');
    assert.ok(!lastLine.includes('MOS-1042'));
  });
});
