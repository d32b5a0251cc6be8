/**
 * A stand-in for the server's file as the outbox thread's entry (test/bot/outbox-thread.test.ts):
 * the first thread crashes as it starts; the next one runs until asked to stop. Each writes what
 * it did into the folder the test names in S20_OUTBOX_THREAD_TEST_DIR.
 */
import { appendFileSync, existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { getPriority } from 'node:os';
import { resourceLimits } from 'node:worker_threads';
import { isOutboxThread, ownThreadId, serveOutboxThread } from '../../../src/outbox-thread';

if (isOutboxThread()) {
  const dir = process.env.S20_OUTBOX_THREAD_TEST_DIR!;
  const note = (line: string): void => appendFileSync(join(dir, 'threads.log'), `${line}\n`);
  serveOutboxThread(async () => {
    if (!existsSync(join(dir, 'crashed'))) {
      writeFileSync(join(dir, 'crashed'), '');
      note('crashed');
      throw new Error('a start-up failure');
    }
    const id = ownThreadId();
    note(`nice ${id === undefined ? 'unknown' : getPriority(id)}`);
    note(`young generation ${resourceLimits.maxYoungGenerationSizeMb ?? 'unknown'} MB`);
    note('running');
    const timer = setInterval(() => undefined, 1000);
    return {
      async stop() {
        clearInterval(timer);
        note('stopped');
      },
    };
  });
}
