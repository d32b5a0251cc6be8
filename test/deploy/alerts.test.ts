/**
 * Issue 16, item 7: deploy/main.bicep's alerts, read as text (no Bicep compiler runs here): an
 * action group, and the five rules an operator acts on, each sending to it. The metrics the log
 * alerts query are the ones the bot emits (src/telemetry/instruments.ts), with the outcomes the
 * outbox worker reports; the readiness test calls the endpoint the server serves.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { ALERTED_TURN_KINDS } from '../../src/telemetry/instruments';

const ROOT = resolve(__dirname, '..', '..');
const BICEP = readFileSync(join(ROOT, 'deploy', 'main.bicep'), 'utf8');
const INSTRUMENTS = readFileSync(join(ROOT, 'src', 'telemetry', 'instruments.ts'), 'utf8');
const WORKER = readFileSync(join(ROOT, 'src', 'cases', 'outbox-worker.ts'), 'utf8');
const SERVER = readFileSync(join(ROOT, 'src', 'server.ts'), 'utf8');

/** The body of `resource NAME '…' = { … }` (up to the next top-level resource). */
function resource(name: string): string {
  const start = BICEP.indexOf(`resource ${name} '`);
  assert.ok(start >= 0, `main.bicep declares ${name}`);
  const next = BICEP.indexOf('\nresource ', start + 1);
  return BICEP.slice(start, next < 0 ? undefined : next);
}

describe('deploy/main.bicep alerts', () => {
  it('has an action group that mails alertEmail when it is given', () => {
    const group = resource('alertGroup');
    assert.match(group, /'Microsoft\.Insights\/actionGroups@/);
    assert.match(group, /emailAddress: alertEmail/);
    assert.match(BICEP, /param alertEmail string = ''/);
  });

  for (const [name, kind, what] of [
    ['alertServerErrors', 'metricAlerts', /metricName: 'Http5xx'/],
    ['alertDeadOutbox', 'scheduledQueryRules', /outbox\.settlements.*"dead"/],
    ['alertDeliveriesFailing', 'scheduledQueryRules', /outbox\.settlements.*delivered == 0/],
    ['alertNotReady', 'metricAlerts', /WebtestLocationAvailabilityCriteria/],
    ['alertTurnsFailing', 'scheduledQueryRules', /bot\.turn\.failures[\s\S]*threshold: 3/],
  ] as const) {
    it(`${name}: a ${kind} rule that sends to the action group`, () => {
      const body = resource(name);
      assert.match(body, new RegExp(`'Microsoft\\.Insights/${kind}@`));
      assert.match(body, what);
      assert.match(body, /alertGroup\.id/);
    });
  }

  it('queries only metrics and outcomes the bot emits', () => {
    const queried = [...BICEP.matchAll(/name == "([a-z.]+)"/g)].map((m) => m[1]!);
    assert.ok(queried.length >= 3);
    for (const metric of queried) assert.ok(INSTRUMENTS.includes(`'${metric}'`), `${metric} is an instrument of the bot`);
    assert.match(INSTRUMENTS, /'outbox\.outcome'/);
    for (const outcome of ['delivered', 'dead']) assert.ok(WORKER.includes(`'${outcome}'`), `the worker reports ${outcome}`);
  });

  it('counts only failed clicks and commands in the failed-turns rule (5), the turn kinds the bot records as someone waiting, not the welcomes of a rollout', () => {
    const query = /query: '(customMetrics \| where name == "bot\.turn\.failures"[^']*)'/.exec(resource('alertTurnsFailing'))?.[1];
    assert.ok(query, 'rule 5 queries bot.turn.failures');
    const kinds = /tostring\(customDimensions\["turn\.kind"\]\) in \(([^)]*)\)/.exec(query)?.[1];
    assert.ok(kinds, `rule 5 filters on turn.kind (got ${query})`);
    assert.deepEqual([...kinds.matchAll(/"([a-z]+)"/g)].map((m) => m[1]), [...ALERTED_TURN_KINDS]);
    assert.ok(!ALERTED_TURN_KINDS.includes('other'));
    assert.match(INSTRUMENTS, /'turn\.kind': kind/);
  });

  it("deploy/README.md's list of the alerts names as many as main.bicep makes (it named four of the five)", () => {
    const rules = [...BICEP.matchAll(/^resource \w+ 'Microsoft\.Insights\/(?:metricAlerts|scheduledQueryRules)@/gm)].length;
    const listed = /so the alerts \(([^;)]*)[;)]/.exec(readFileSync(join(ROOT, 'deploy', 'README.md'), 'utf8'))?.[1];
    assert.ok(listed, 'deploy/README.md lists the alerts');
    assert.equal(listed.split(', ').length, rules, listed);
    assert.match(listed, /clicks and commands failing/);
  });

  it('tests readiness on /readyz, which the server serves, expecting 200', () => {
    const test = resource('readinessTest');
    assert.match(test, /RequestUrl: 'https:\/\/\$\{webApp\.properties\.defaultHostName\}\/readyz'/);
    assert.match(test, /ExpectedHttpStatusCode: 200/);
    assert.match(SERVER, /server\.get\('\/readyz'/);
  });
});
