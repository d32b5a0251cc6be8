/**
 * Background work (the sweep of due deadlines, a deadline, the retention of a closed case) that
 * fails is logged by the bot's runtime as "background work failed; it will be retried". The line
 * must say which work failed: the logger drops fields whose names look like free text, and the
 * name it was given ("context") was one of them, so every such line read `"redacted":["context"]`.
 */
import { strict as assert } from 'node:assert';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStore } from '../../src/app';
import { createBotRuntime } from '../../src/composition-root';
import { loadConfig } from '../../src/config';
import { createLogger } from '../../src/logging/logger';
import { ROLES, SettableClock } from '../../support/world';
import { wrapStore } from '../../support/wrap-store';

describe('background work that fails, in the log', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 's20-background-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('names the work that failed (here the sweep of due deadlines), with the error’s code', async () => {
    const config = loadConfig({ DATA_DIR: dir, PORT: '0' });
    const lines: Array<Record<string, unknown>> = [];
    const logger = createLogger({ level: 'debug', write: (line) => lines.push(JSON.parse(line) as Record<string, unknown>) });
    const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:10002'), { name: 'RestError', code: 'ECONNREFUSED' });
    const store = wrapStore(openStore(config), {
      dueDeadlines: async () => {
        throw refused;
      },
    });
    const runtime = createBotRuntime(config, logger, { clock: new SettableClock(new Date('2026-03-02T10:00:00Z')), store, organisation: ROLES, directory: null });
    try {
      runtime.startWorkers({ outbox: false });
      for (let i = 0; i < 400 && !lines.some((line) => line['msg'] === 'background work failed; it will be retried'); i++) await new Promise((resolve) => setTimeout(resolve, 5));
      const line = lines.find((l) => l['msg'] === 'background work failed; it will be retried');
      assert.ok(line, `the failure was logged: ${JSON.stringify(lines)}`);
      assert.equal(line['work'], 'the sweep of due deadlines');
      assert.equal(line['errorCode'], 'ECONNREFUSED');
      assert.equal(line['redacted'], undefined, 'nothing was dropped from the line');
    } finally {
      await runtime.stop();
    }
  });

  it('says once that the sweep fails while the store cannot be reached, not at every poll, and says when it works again', async () => {
    const config = loadConfig({ DATA_DIR: dir, PORT: '0', SCHEDULER_POLL_MS: '100' });
    const lines: Array<Record<string, unknown>> = [];
    const logger = createLogger({ level: 'debug', write: (line) => lines.push(JSON.parse(line) as Record<string, unknown>) });
    let down = true;
    let sweeps = 0;
    const real = openStore(config);
    const store = wrapStore(real, {
      dueDeadlines: async (...args: Parameters<typeof real.dueDeadlines>) => {
        sweeps += 1;
        if (down) throw Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:10002'), { name: 'RestError', code: 'ECONNREFUSED' });
        return real.dueDeadlines(...args);
      },
    });
    const runtime = createBotRuntime(config, logger, { clock: new SettableClock(new Date('2026-03-02T10:00:00Z')), store, organisation: ROLES, directory: null });
    const until = async (condition: () => boolean, what: string): Promise<void> => {
      for (let i = 0; i < 600 && !condition(); i++) await new Promise((resolve) => setTimeout(resolve, 10));
      assert.ok(condition(), what);
    };
    try {
      runtime.startWorkers({ outbox: false });
      await until(() => sweeps >= 8, `the scheduler kept sweeping (${sweeps})`);
      const failures = lines.filter((l) => l['msg'] === 'background work failed; it will be retried');
      assert.equal(failures.length, 1, `one line for ${sweeps} failed sweeps`);
      down = false;
      await until(() => lines.some((l) => l['level'] === 'info'), 'the end of the outage was logged');
      const back = lines.filter((l) => l['level'] === 'info');
      assert.equal(back.length, 1);
      assert.equal(back[0]!['msg'], 'the sweep of due deadlines works again: deadlines that fell due meanwhile fire now');
      assert.ok(Number(back[0]!['failedSweeps']) >= 8);
    } finally {
      await runtime.stop();
    }
  });
});
