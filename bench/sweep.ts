/**
 * The scheduler's sweep over many open cases, alone: `npm run --silent bench:sweep` (SWEEP_CASES
 * for another number of cases than 10,000; SWEEP_FIXTURE=<folder> keeps the opened cases there and
 * reuses them on the next run, since opening 10,000 cases through the service takes about a minute).
 * bench/run.ts measures the sweep the same way (measureSweepInThread) on the cases it opened: in a
 * worker thread with the outbox thread's limits (OUTBOX_THREAD_LIMITS), as the server sweeps.
 *
 * Two figures: a sweep with nothing due (the index scan a running bot does every poll), and a
 * sweep that fires every due deadline (the clock moved four days on: the visit deadlines of every case).
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

/**
 * Sweeps the cases in `dir` (opened on `today` by openCases; the file is changed): first at `openedAt`
 * with nothing due, then four days on, when every case's visit deadlines are due.
 */
export async function measureSweep(dir: string, openedAt: Date, today: string): Promise<SweepFigures> {
  const clock = new SettableClock(openedAt);
  // As the server sweeps: in its background thread, whose connection checkpoints the store's log.
  const sweeper = appOn(dir, { parts: { clock, checkpoints: 'background' } });
  try {
    // Nothing due yet: a few sweeps, the median kept (a single scan is a few milliseconds).
    const idle: Array<{ due: number; fired: number; failed: number; ms: number }> = [];
    for (let i = 0; i < 5; i++) {
      const t0 = process.hrtime.bigint();
      const report = await sweeper.scheduler.sweep();
      idle.push({ ...report, ms: Number(process.hrtime.bigint() - t0) / 1e6 });
    }
    idle.sort((a, b) => a.ms - b.ms);
    const nothingDue = idle[Math.floor(idle.length / 2)]!;

    clock.current = new Date(Date.parse(`${today}T12:00:00Z`) + 4 * 86_400_000);
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
    return {
      nothingDue: { ...nothingDue, ms: round(nothingDue.ms, 2) },
      dueDeadlines: dueBefore,
      ...sweep,
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
 */
export function measureSweepInThread(dir: string, openedAt: Date, today: string): Promise<SweepFigures> {
  return new Promise<SweepFigures>((resolve, reject) => {
    // tsx's hooks are not inherited by a worker thread, so the thread registers them first.
    const thread = new Worker(`require(${JSON.stringify(require.resolve('tsx/cjs'))}); require(${JSON.stringify(__filename)});`, {
      eval: true,
      workerData: { role: SWEEP_THREAD, dir, openedAt: openedAt.toISOString(), today },
      resourceLimits: OUTBOX_THREAD_LIMITS,
    });
    let figures: SweepFigures | undefined;
    thread.once('message', (message: SweepFigures) => (figures = message));
    thread.once('error', reject);
    thread.once('exit', (code) => (figures ? resolve(figures) : reject(new Error(`the sweep thread ended (${code}) without its figures`))));
  });
}

if (!isMainThread && (workerData as { role?: unknown } | null)?.role === SWEEP_THREAD) {
  const { dir, openedAt, today } = workerData as { dir: string; openedAt: string; today: string };
  void measureSweep(dir, new Date(openedAt), today).then((figures) => parentPort!.postMessage(figures));
}

/** The two lines bench/run.ts prints for the sweep. */
export function sweepLines(cases: number, sweep: SweepFigures): string[] {
  const goal = (met: boolean): string => (met ? 'goal met' : 'goal MISSED');
  return [
    `Scheduler sweep: ${sweep.fired} deadlines fired in ${sweep.ms} ms (${sweep.perDeadlineMs} ms each; ${goal((sweep.ms / Math.max(1, sweep.fired)) * 20_000 < 2000)}: 20,000 in < 2 s)`,
    `  CPU ${sweep.cpuMs} ms (busiest threads ${sweep.threadsCpuMs?.join(', ') ?? '?'} ms), ${sweep.writtenMB ?? '?'} MB written to disk; then ${sweep.checkpointAfterMs} ms to checkpoint what it left in the log`,
    `Scheduler sweep with nothing due: ${sweep.nothingDue.ms} ms over ${cases} cases`,
  ];
}

async function main(): Promise<void> {
  const cases = Number(process.env.SWEEP_CASES ?? 10_000);
  const fixture = process.env.SWEEP_FIXTURE;
  const openedAt = new Date();
  let today: string;
  const source = fixture ?? mkdtempSync(join(tmpdir(), 's20-sweep-open-'));
  // A kept fixture remembers the day its cases were opened, and is opened again on a new day.
  const marker = join(source, `opened-${cases}.txt`);
  const day = new SettableClock(openedAt);
  const probe = appOn(mkdtempSync(join(tmpdir(), 's20-sweep-day-')), { parts: { clock: day } });
  const todayNow = probe.service.now().today;
  await probe.close();
  rmSync(probe.config.dataDir, { recursive: true, force: true });
  if (fixture && existsSync(marker) && readFileSync(marker, 'utf8') === todayNow) {
    today = todayNow;
  } else {
    if (fixture && existsSync(fixture) && readdirSync(fixture).some((name) => !/^(cases|records|documents)\.sqlite(-wal|-shm)?$|^cases\.sqlite\.has-cases$|^roles\.json$|^opened-\d+\.txt$/.test(name))) {
      throw new Error(`SWEEP_FIXTURE ${fixture} holds files this bench did not write; give it an empty or new folder`);
    }
    for (const name of existsSync(source) ? readdirSync(source) : []) rmSync(join(source, name), { force: true });
    mkdirSync(source, { recursive: true });
    process.stdout.write(`Opening ${cases} cases through the service…\n`);
    const started = Date.now();
    today = await openCases(source, cases, day);
    process.stdout.write(`  ${Date.now() - started} ms\n`);
    writeFileSync(marker, today);
  }
  const dir = mkdtempSync(join(tmpdir(), 's20-sweep-'));
  try {
    copyFileSync(join(source, 'cases.sqlite'), join(dir, 'cases.sqlite'));
    const figures = await measureSweepInThread(dir, openedAt, today);
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
