/**
 * The prepared cases' undelivered outbox (their SharePoint records, case-file documents, notices
 * and approval requests: 19 items a case, 95,000 for 5,000 cases), delivered before the load is
 * measured, as a running bot would have delivered it long ago. Otherwise our bot's outbox thread
 * works through it during the measured phases and its CPU is counted against the clicks. It cannot
 * be drained into the fixture: the records go to this run's fresh Graph stand-in. So it is drained
 * here, on the run's own store copy and stand-ins, by the runtime the server builds
 * (createBotRuntime: the same deliverer, cards, Teams notifier and Graph recorder), in this process
 * so that it is not held back by the outbox thread's lower priority.
 *
 * It runs before anyone has opened a chat with the bot, so the preparations' notices and approval
 * requests are kept with their cases as not delivered (no chat), as the bot does for anyone without
 * one. Delivering them to the bench's people instead would take hours: they all go to the same
 * team manager and social worker, and Teams allows about 1,800 messages an hour in one conversation
 * (the bot paces itself under that). The bot's own new items during the run (each approval's
 * notices, records and documents) stay in the measurement: that is real work per click.
 */
import { loadConfig } from '../src/config';
import { createBotRuntime } from '../src/composition-root';
import { silentLogger } from '../src/logging/logger';
import { dataDirEnv } from '../support/app-on';

export interface BacklogDrained {
  /** Undelivered (pending) items before and after, and dead ones after. */
  pendingBefore: number;
  pendingAfter: number;
  deadAfter: number;
  delivered: number;
  seconds: number;
}

const PASSES_BETWEEN_REPORTS = 250;

export async function drainBacklog(dir: string, graphUrl: string, onProgress?: (pending: number) => void): Promise<BacklogDrained> {
  const started = Date.now();
  const config = loadConfig({ LOG_LEVEL: 'silent', ...dataDirEnv(dir, graphUrl) });
  const runtime = createBotRuntime(config, silentLogger, { checkpoints: 'background' });
  const { store, worker } = runtime.app;
  try {
    const before = await store.outboxCounts();
    let delivered = 0;
    for (;;) {
      const pass = await worker.drain(PASSES_BETWEEN_REPORTS);
      delivered += pass.delivered;
      if (pass.delivered + pass.retried + pass.dead === 0) break;
      onProgress?.((await store.outboxCounts()).pending);
    }
    const after = await store.outboxCounts();
    return { pendingBefore: before.pending, pendingAfter: after.pending, deadAfter: after.dead, delivered, seconds: Math.round((Date.now() - started) / 100) / 10 };
  } finally {
    await runtime.stop();
  }
}
