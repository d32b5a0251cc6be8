/**
 * A second copy of the bot started on the same SQLite data folder (DATA_DIR) while the first runs: it
 * shares the case store safely, but it also delivers the first one's outbox and fires its deadlines
 * with its own settings, and Teams sends each message to one of them only. It starts, with a warning
 * line naming the other copy and the folder, instead of without a word.
 */
import { strict as assert } from 'node:assert';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startBotProcess, type BotProcess } from '../e2e/support/bot-process';

describe('start-up: a second copy on the same data folder', function () {
  this.timeout(180_000);
  let dir: string;
  const bots: BotProcess[] = [];
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'second-copy-'));
  });
  after(async () => {
    await Promise.all(bots.map((b) => b.stop()));
    rmSync(dir, { recursive: true, force: true });
  });

  it('warns, naming the other copy and DATA_DIR; a copy started after the first stopped does not', async () => {
    const data = join(dir, 'data');
    const first = await startBotProcess('first', { DATA_DIR: data, LOG_LEVEL: 'silent' });
    bots.push(first);
    assert.equal(first.stderr(), '', 'the first copy starts without a warning');
    const second = await startBotProcess('second', { DATA_DIR: data, LOG_LEVEL: 'silent' });
    bots.push(second);
    assert.equal(
      second.stderr().trim(),
      `WARNING: another copy of the bot (process ${first.child.pid}) is already running with this data folder (DATA_DIR ${data}). This copy also sends that copy's messages and fires its deadlines, with its own settings, and Teams sends each message to one copy only: unless this was meant, stop this copy (Ctrl+C) or give it its own DATA_DIR.`,
    );
    await second.stop();
    await first.stop();
    const later = await startBotProcess('later', { DATA_DIR: data, LOG_LEVEL: 'silent' });
    bots.push(later);
    assert.equal(later.stderr(), '', 'no warning once the others have stopped');
  });
});
