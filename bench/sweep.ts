/**
 * The scheduler's sweep over many open cases, alone: `npm run --silent bench:sweep` (SWEEP_CASES
 * for another number of cases than 10,000; SWEEP_FIXTURE=<folder> keeps the opened cases there and
 * reuses them on the next run, since opening 10,000 cases through the service takes about a minute;
 * SWEEP_STARTS=warm or cold for one of the two figures below only). bench/run.ts measures the sweep
 * the same way (measureSweepsInThreads) on the cases it opened: in a worker thread with the outbox
 * thread's limits (OUTBOX_THREAD_LIMITS), as the server sweeps.
 *
 * Two figures: a sweep with nothing due (the index scan a running bot does every poll), and a
 * sweep that fires 20,000 due deadlines that each send: before it, untimed, the clock is moved to
 * every case's first visit reminder and those are swept; the timed sweep is at the second visit's
 * reminder, when each case has that reminder and the first visit's overdue notice due. (Moved
 * straight past both of the first visit's, half the deadlines would only be marked fired: a
 * reminder on or after its overdue notice's day is not sent, deadline-reached.ts.) The figures say
 * how many of the fired deadlines sent something and how many were only marked fired.
 *
 * Each is measured twice, on two copies of the cases, and both are printed, labelled:
 * - warm: the first reminders are swept in the same thread, with the same store and its batch
 *   writer thread, before the timed sweep, as the server's background thread (src/outbox-thread.ts)
 *   has swept every poll since it started and fired the deadlines that fell due meanwhile: its code
 *   is compiled (V8's optimising compiler takes about 0.35 s of CPU a sweep for a cold thread) and
 *   its statements prepared. This is the sweep a running server meets.
 * - cold: the first reminders are swept on the main thread, and the timed sweep is the first in a
 *   thread just started, batch writer included: what a server just started (a deploy, a restart)
 *   meets when many deadlines are due at once, catching up after downtime.
 */
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { PEOPLE, SettableClock } from '../support/world';
import { appOn } from '../support/app-on';
import { SqliteCaseStore } from '../src/adapters/sqlite/sqlite-case-store';
import { unplannedFacts } from '../support/bot-over-http/case-prep';
import { OUTBOX_THREAD_LIMITS } from '../src/outbox-thread';

const SWEEP_THREAD = 's20-sweep-bench';

export interface SweepFigures {
  /** Nothing due: the sweep is one index scan. */
  nothingDue: { due: number; fired: number; failed: number; ms: number };
  /** Every deadline due. */
  dueDeadlines: number;
  due: number;
  fired: number;
  /** Of those fired, how many sent something (an audit entry each); the rest were only marked fired (no longer applied). */
  sent: number;
  onlyMarkedFired: number;
  failed: number;
  ms: number;
  perDeadlineMs: number;
  /** CPU time of this process during the sweep (user + system): on a shared machine it varies far less than `ms`. */
  cpuMs: number;
  /** Bytes this process caused to be written to disk during the sweep (/proc/self/io), in MB; null where unreadable. */
  writtenMB: number | null;
  /**
   * CPU time of each of the process's threads during the sweep (those using 50 ms or more), busiest
   * first, in ms (/proc/self/task; null where unreadable): the sweep takes at least the busiest's,
   * however idle the machine (the thread deciding and, in the server, the store's batch writer).
   */
  threadsCpuMs: number[] | null;
  /** Checkpointing, after the sweep, what it left in the store's log (in the server, the background thread's next step). */
  checkpointAfterMs: number;
}

/** Bytes written to disk by this process so far (Linux), or null. */
function bytesWritten(): number | null {
  try {
    const match = /write_bytes: (\d+)/.exec(readFileSync('/proc/self/io', 'utf8'));
    return match ? Number(match[1]) : null;
  } catch {
    return null;
  }
}

/** CPU time (ms) of each thread of this process so far, by thread id (Linux), or null. */
function threadsCpu(): Map<string, number> | null {
  try {
    const ticks = new Map<string, number>();
    for (const id of readdirSync('/proc/self/task')) {
      try {
        const stat = readFileSync(`/proc/self/task/${id}/stat`, 'utf8');
        // After the name in parentheses: utime and stime are the 12th and 13th fields, in clock ticks (100 a second).
        const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
        ticks.set(id, (Number(fields[11]) + Number(fields[12])) * 10);
      } catch {
        // A thread that ended meanwhile.
      }
    }
    return ticks;
  } catch {
    return null;
  }
}

function round(n: number, digits = 1): number {
  const f = 10 ** digits;
  return Math.round(n * f) / f;
}

/**
 * Opens `count` unplanned cases through the service in `dir`, the child home today, so each case's
 * visit deadlines fall due in the coming days. Returns the local date they were opened on.
 */
export async function openCases(dir: string, count: number, clock: SettableClock): Promise<string> {
  const prep = appOn(dir, { parts: { clock } });
  try {
    const today = prep.service.now().today;
    for (let i = 0; i < count; i++) {
      const outcome = await prep.service.openCase({ idempotencyKey: `bench-open-${i}`, actor: i % 2 ? PEOPLE.sw : PEOPLE.sw2, ref: `OPEN-${i}`, facts: { ...unplannedFacts(today), returnedHomeOn: today }, trigger: 'consent-withdrawn', iro: PEOPLE.iro });
      if (!outcome.ok) throw new Error(`opening case ${i}: ${outcome.code}`);
    }
    return today;
  } finally {
    await prep.close();
  }
}

/** The number of audit entries in the store: one for each deadline fired that sent something. */
function auditEntries(store: unknown): number {
  if (!(store instanceof SqliteCaseStore)) return 0;
  return (store.connection().prepare('SELECT count(*) AS n FROM audit').get() as { n: number }).n;
}

type SweepApp = ReturnType<typeof appOn>;

/**
 * Readies the cases `app` holds (opened by openCases; the file is changed) for the timed sweep:
 * moves `clock` to every case's first visit reminder (the earliest deadline) and sweeps them,
 * copies the log into the file, and returns the instant of the next visit reminder, when each case
 * has two deadlines due that each send (the first visit's overdue notice and the second visit's reminder).
 */
async function sweepFirstReminders(app: SweepApp, clock: SettableClock): Promise<Date> {
  const earliest = (kind?: string) =>
    app.store.dueDeadlines('9999-12-31T00:00:00.000Z', 1_000_000).then((all) => all.filter((d) => !kind || d.kind === kind).map((d) => d.dueAt).sort()[0]);
  const first = await earliest();
  if (!first) throw new Error('the cases have no deadlines to sweep');
  clock.current = new Date(first);
  await app.scheduler.sweep();
  const next = await earliest('visit-reminder');
  if (!next) throw new Error('the cases have no second visit reminder to sweep');
  if (app.store instanceof SqliteCaseStore) app.store.connection().pragma('wal_checkpoint(TRUNCATE)');
  return new Date(next);
}

/** sweepFirstReminders on this thread, on a store of its own (closed after). */
export async function sendFirstReminders(dir: string): Promise<Date> {
  const clock = new SettableClock(new Date(0));
  const app = appOn(dir, { parts: { clock } });
  try {
    return await sweepFirstReminders(app, clock);
  } finally {
    await app.close();
  }
}

/** Which thread the timed sweep runs in: one that has swept before (as the server's), or one just started. */
export type SweepStart = 'warm' | 'cold';

/** A few sweeps with nothing due, the median kept (a single scan is a few milliseconds). */
async function idleSweep(app: SweepApp): Promise<SweepFigures['nothingDue']> {
  const idle: Array<SweepFigures['nothingDue']> = [];
  for (let i = 0; i < 5; i++) {
    const t0 = process.hrtime.bigint();
    const report = await app.scheduler.sweep();
    idle.push({ ...report, ms: Number(process.hrtime.bigint() - t0) / 1e6 });
  }
  idle.sort((a, b) => a.ms - b.ms);
  const median = idle[Math.floor(idle.length / 2)]!;
  return { ...median, ms: round(median.ms, 2) };
}

/**
 * Sweeps the cases in `dir` (the file is changed) on this thread, as the server's background
 * thread does: with nothing due at `openedAt`, then (timed) when every case has two deadlines due
 * that each send. `cold`: the cases were readied by sendFirstReminders, elsewhere, and the timed
 * sweep is at `sweepAt`, the first this thread and its batch writer make that fires anything.
 * `warm`: this thread readies them itself first (sweepFirstReminders, untimed), on the same store
 * and batch writer thread, as the server's thread has fired earlier deadlines before these.
 */
export async function measureSweep(dir: string, openedAt: Date, start: { warm: true } | { cold: true; sweepAt: Date }): Promise<SweepFigures> {
  const clock = new SettableClock(openedAt);
  // As the server sweeps: in its background thread, whose connection checkpoints the store's log.
  const sweeper = appOn(dir, { parts: { clock, checkpoints: 'background' } });
  try {
    let nothingDue = await idleSweep(sweeper);
    let sweepAt: Date;
    if ('warm' in start) {
      sweepAt = await sweepFirstReminders(sweeper, clock);
      // Nothing due again (the reminders just fired): the poll of a thread that has swept.
      nothingDue = await idleSweep(sweeper);
    } else {
      sweepAt = start.sweepAt;
    }

    clock.current = sweepAt;
    const auditBefore = auditEntries(sweeper.store);
    const dueBefore = (await sweeper.store.dueDeadlines(clock.now().toISOString(), 1_000_000)).length;
    const written0 = bytesWritten();
    const threads0 = threadsCpu();
    const cpu0 = process.cpuUsage();
    const t0 = process.hrtime.bigint();
    const sweep = await sweeper.scheduler.sweep();
    const ms = Number(process.hrtime.bigint() - t0) / 1e6;
    const cpu = process.cpuUsage(cpu0);
    const written1 = bytesWritten();
    const threads1 = threadsCpu();
    const t1 = process.hrtime.bigint();
    if (sweeper.store instanceof SqliteCaseStore) sweeper.store.connection().pragma('wal_checkpoint(PASSIVE)');
    const checkpointAfterMs = Number(process.hrtime.bigint() - t1) / 1e6;
    const sent = auditEntries(sweeper.store) - auditBefore;
    return {
      nothingDue,
      dueDeadlines: dueBefore,
      ...sweep,
      sent,
      onlyMarkedFired: sweep.fired - sent,
      ms: round(ms, 0),
      perDeadlineMs: round(ms / Math.max(1, sweep.fired), 2),
      cpuMs: round((cpu.user + cpu.system) / 1000, 0),
      writtenMB: written0 === null || written1 === null ? null : round((written1 - written0) / 1e6, 0),
      threadsCpuMs: threads0 && threads1 ? [...threads1].map(([id, ms]) => ms - (threads0.get(id) ?? 0)).filter((ms) => ms >= 50).sort((a, b) => b - a) : null,
      checkpointAfterMs: round(checkpointAfterMs, 0),
    };
  } finally {
    await sweeper.close();
  }
}

/**
 * measureSweep in a worker thread with the limits the server gives its outbox thread, which runs
 * the sweeps (the CPU time is still the whole process's: the thread that waits uses next to none).
 * Cold: sendFirstReminders here first, so the thread's first sweep that fires is the timed one.
 */
export async function measureSweepInThread(dir: string, openedAt: Date, start: SweepStart): Promise<SweepFigures> {
  const sweepAt = start === 'cold' ? (await sendFirstReminders(dir)).toISOString() : null;
  return new Promise<SweepFigures>((resolve, reject) => {
    // tsx's hooks are not inherited by a worker thread, so the thread registers them first.
    const thread = new Worker(`require(${JSON.stringify(require.resolve('tsx/cjs'))}); require(${JSON.stringify(__filename)});`, {
      eval: true,
      workerData: { role: SWEEP_THREAD, dir, openedAt: openedAt.toISOString(), sweepAt },
      resourceLimits: OUTBOX_THREAD_LIMITS,
    });
    let figures: SweepFigures | undefined;
    thread.once('message', (message: SweepFigures) => (figures = message));
    thread.once('error', reject);
    thread.once('exit', (code) => (figures ? resolve(figures) : reject(new Error(`the sweep thread ended (${code}) without its figures`))));
  });
}

if (!isMainThread && (workerData as { role?: unknown } | null)?.role === SWEEP_THREAD) {
  const { dir, openedAt, sweepAt } = workerData as { dir: string; openedAt: string; sweepAt: string | null };
  void measureSweep(dir, new Date(openedAt), sweepAt === null ? { warm: true } : { cold: true, sweepAt: new Date(sweepAt) }).then((figures) => parentPort!.postMessage(figures));
}

/** The sweep measured both ways (SweepStart); one may be left out (SWEEP_STARTS). */
export type SweepsFigures = Partial<Record<SweepStart, SweepFigures>>;

/**
 * Both sweeps, each on its own copy of `casesFile` (the cases as openCases left them, not yet swept)
 * in a folder of its own under `workDir`: cold first, then warm.
 */
export async function measureSweepsInThreads(casesFile: string, workDir: string, openedAt: Date, starts: readonly SweepStart[] = ['cold', 'warm']): Promise<SweepsFigures> {
  const figures: SweepsFigures = {};
  for (const start of starts) {
    const dir = join(workDir, start);
    mkdirSync(dir, { recursive: true });
    try {
      copyFileSync(casesFile, join(dir, 'cases.sqlite'));
      figures[start] = await measureSweepInThread(dir, openedAt, start);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
  return figures;
}

const STARTS_IN_WORDS: Record<SweepStart, string> = {
  warm: 'warm, in a thread that has swept before, as a running server\'s background thread has: the figure users meet',
  cold: 'cold, the first sweep of a thread just started (after a deploy or restart, catching up); its code not yet compiled',
};

/** The lines bench/run.ts (and this bench) print for the sweeps: the warm one first, the cold one beside it, each judged. */
export function sweepLines(cases: number, sweeps: SweepsFigures): string[] {
  const lines: string[] = [];
  for (const start of ['warm', 'cold'] as const) {
    const sweep = sweeps[start];
    if (!sweep) continue;
    // The goal is for deadlines that send: one only marked fired costs far less.
    const goal = sweep.onlyMarkedFired > 0 ? 'goal not judged: some deadlines only marked fired' : (sweep.ms / Math.max(1, sweep.fired)) * 20_000 < 2000 ? 'goal met' : 'goal MISSED';
    lines.push(
      `Scheduler sweep (${STARTS_IN_WORDS[start]}): ${sweep.fired} deadlines fired (${sweep.sent} sent, ${sweep.onlyMarkedFired} only marked fired) in ${sweep.ms} ms (${sweep.perDeadlineMs} ms each; ${goal}: 20,000 that send in < 2 s)`,
      `  CPU ${sweep.cpuMs} ms (busiest threads ${sweep.threadsCpuMs?.join(', ') ?? '?'} ms), ${sweep.writtenMB ?? '?'} MB written to disk; then ${sweep.checkpointAfterMs} ms to checkpoint what it left in the log`,
      `  with nothing due: ${sweep.nothingDue.ms} ms over ${cases} cases`,
    );
  }
  return lines;
}

async function main(): Promise<void> {
  const cases = Number(process.env.SWEEP_CASES ?? 10_000);
  const fixture = process.env.SWEEP_FIXTURE;
  const openedAt = new Date();
  const source = fixture ?? mkdtempSync(join(tmpdir(), 's20-sweep-open-'));
  // A kept fixture remembers the day its cases were opened, and is opened again on a new day.
  const marker = join(source, `opened-${cases}.txt`);
  const day = new SettableClock(openedAt);
  const probe = appOn(mkdtempSync(join(tmpdir(), 's20-sweep-day-')), { parts: { clock: day } });
  const todayNow = probe.service.now().today;
  await probe.close();
  rmSync(probe.config.dataDir, { recursive: true, force: true });
  // Opened on another day, the cases would have deadlines due at the sweep with nothing due.
  if (!(fixture && existsSync(marker) && readFileSync(marker, 'utf8') === todayNow)) {
    if (fixture && existsSync(fixture) && readdirSync(fixture).some((name) => !/^(cases|records|documents)\.sqlite(-wal|-shm)?$|^cases\.sqlite\.has-cases$|^roles\.json$|^opened-\d+\.txt$/.test(name))) {
      throw new Error(`SWEEP_FIXTURE ${fixture} holds files this bench did not write; give it an empty or new folder`);
    }
    for (const name of existsSync(source) ? readdirSync(source) : []) rmSync(join(source, name), { force: true });
    mkdirSync(source, { recursive: true });
    process.stdout.write(`Opening ${cases} cases through the service…\n`);
    const started = Date.now();
    writeFileSync(marker, await openCases(source, cases, day));
    process.stdout.write(`  ${Date.now() - started} ms\n`);
  }
  const starts = process.env.SWEEP_STARTS ? (process.env.SWEEP_STARTS.split(',') as SweepStart[]) : undefined;
  if (starts?.some((s) => s !== 'warm' && s !== 'cold')) throw new Error(`SWEEP_STARTS is warm, cold or both (warm,cold), not ${process.env.SWEEP_STARTS}`);
  const dir = mkdtempSync(join(tmpdir(), 's20-sweep-'));
  try {
    const figures = await measureSweepsInThreads(join(source, 'cases.sqlite'), dir, openedAt, starts);
    for (const line of sweepLines(cases, figures)) process.stdout.write(`${line}\n`);
    process.stdout.write(`${JSON.stringify(figures)}\n`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
    if (!fixture) rmSync(source, { recursive: true, force: true });
  }
}

if (require.main === module) {
  main().catch((error: unknown) => {
    process.stderr.write(`sweep bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exitCode = 1;
  });
}
