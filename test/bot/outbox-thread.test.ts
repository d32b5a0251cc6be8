/**
 * The outbox thread (src/bot/outbox-thread.ts): a thread that fails is started again and the
 * failure logged; asked to stop, it finishes what it holds and ends. A real worker thread.
 */
import { strict as assert } from 'node:assert';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { getPriority } from 'node:os';
import { join } from 'node:path';
import { OUTBOX_THREAD_LIMITS, startOutboxThread } from '../../src/outbox-thread';
import type { Logger } from '../../src/logging/logger';

describe('the outbox thread', function () {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 's20-outbox-thread-'));
    process.env.S20_OUTBOX_THREAD_TEST_DIR = dir;
  });
  afterEach(() => {
    delete process.env.S20_OUTBOX_THREAD_TEST_DIR;
    rmSync(dir, { recursive: true, force: true });
  });

  it('a thread that fails is started again, the failure logged; it runs below the server thread\'s priority, with a young generation of its own size; stop lets it finish and end', async () => {
    const errors: Array<{ msg: string; fields: Record<string, unknown> | undefined }> = [];
    const logger = { error: (msg: string, fields?: Record<string, unknown>) => errors.push({ msg, fields }), warn() {}, info() {}, debug() {} } as unknown as Logger;
    const thread = startOutboxThread(join(__dirname, 'support', 'outbox-thread-fixture.ts'), logger);
    const lines = (): string[] => (existsSync(join(dir, 'threads.log')) ? readFileSync(join(dir, 'threads.log'), 'utf8').trim().split('\n') : []);
    while (!lines().includes('running')) await new Promise((r) => setTimeout(r, 50));
    await thread.stop();
    // Linux: the thread yields the CPU to the one answering clicks (nice 10 above the server's, at most 19).
    const nice = process.platform === 'linux' ? String(Math.min(19, getPriority(process.pid) + 10)) : 'unknown';
    // Its nursery has room for a sweep's batch (OUTBOX_THREAD_LIMITS).
    assert.deepEqual(lines(), ['crashed', `nice ${nice}`, `young generation ${OUTBOX_THREAD_LIMITS.maxYoungGenerationSizeMb} MB`, 'running', 'stopped']);
    assert.ok(errors.some((e) => /stopped unexpectedly; starting it again/.test(e.msg) && e.fields?.['exitCode'] === 1), JSON.stringify(errors));
  });
});
