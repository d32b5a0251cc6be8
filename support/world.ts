/**
 * A whole case service on a real SQLite file, with a settable clock and a recording notifier (the
 * Teams edge), built by the composition root's foundation and services (src/app.ts) exactly as the
 * bot builds them, from configuration: only the clock, the notifier, the organisation and the
 * recorder (kept to be read back) are the world's own.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, AppParts, createApp, openStore } from '../src/app';
import { createAppWithCards } from '../src/composition-root';
import type { CardRenderer } from '../src/cases/effect-delivery';
import { SqliteRecorder } from '../src/adapters/sqlite/sqlite-recorder';
import { Config, loadConfig } from '../src/config';
import { parseRoleConfig, RoleConfig } from '../src/cases/role-config';
import type { CaseService } from '../src/cases/case-service';
import type { OutboxWorker } from '../src/cases/outbox-worker';
import type { Scheduler } from '../src/cases/scheduler';
import type { Notice, Notifier } from '../src/ports/notifier';
import type { CaseStore } from '../src/ports/case-store';
import type { Directory } from '../src/ports/directory';
import type { Organisation } from '../src/cases/organisation';
import type { OrganisationSource } from '../src/cases/organisation-source';

export const PEOPLE = {
  sw: { id: 'sw-1', name: 'Sam Social' },
  sw2: { id: 'sw-2', name: 'Sasha Worker' },
  tm: { id: 'tm-1', name: 'Taylor Manager' },
  hos: { id: 'hos-1', name: 'Harper Head' },
  hos2: { id: 'hos-2', name: 'Hollis Head' },
  director: { id: 'dir-1', name: 'Dana Director' },
  iro: { id: 'iro-1', name: 'Indra Reviewer' },
  cpt: { id: 'cpt-1', name: 'Casey Placements' },
  deputy: { id: 'dep-1', name: 'Devon Deputy' },
  stranger: { id: 'x-1', name: 'Stranger' },
  managerWithCases: { id: 'swtm-1', name: 'Morgan Manager' },
};

export const ROLES: RoleConfig = parseRoleConfig({
  roles: {
    'social-worker': { users: [PEOPLE.sw, PEOPLE.sw2] },
    // A manager who also holds cases: may agree others' cases, never their own.
    'team-manager': { users: [PEOPLE.tm, PEOPLE.managerWithCases] },
    'head-of-service': { users: [PEOPLE.hos, PEOPLE.hos2] },
    director: { users: [PEOPLE.director, PEOPLE.hos2] },
    iro: { users: [PEOPLE.iro] },
    'placement-team': { users: [PEOPLE.cpt] },
  },
  deputies: [{ role: 'director', deputy: PEOPLE.deputy, for: PEOPLE.director, from: '2026-03-01', to: '2026-03-10' }],
});

/** The IRO channel the world's notices go to (a channel id as Teams gives them). */
export const WORLD_IRO_CHANNEL = '19:iro@thread.tacv2';

export class SettableClock {
  constructor(public current: Date) {}
  now(): Date {
    return new Date(this.current.getTime());
  }
  set(iso: string): void {
    this.current = new Date(iso);
  }
}

export class RecordingNotifier implements Notifier {
  readonly sent: Notice[] = [];
  async send(notice: Notice): Promise<void> {
    this.sent.push(notice);
  }
}

export interface World<N extends Notifier = RecordingNotifier> {
  dir: string;
  config: Readonly<Config>;
  app: App;
  /** The cards the outbox sends, as the bot renders them (WorldPeople.cards), or undefined: notices go as text. */
  cards: CardRenderer | undefined;
  store: CaseStore;
  recorder: SqliteRecorder;
  notifier: N;
  clock: SettableClock;
  service: CaseService;
  scheduler: Scheduler;
  worker: OutboxWorker;
  close(keepFiles?: boolean): Promise<void>;
}

/**
 * The world's own parts: the organisation and directory it runs with (by default ROLES, no
 * directory), and anything else a test brings in place of what configuration builds (a notifier
 * standing for Teams and Outlook, cards, the outbox's retry pacing).
 */
export interface WorldPeople<N extends Notifier = RecordingNotifier> extends Omit<AppParts, 'clock' | 'recorder' | 'notifier' | 'cards'> {
  /** A source lets a test change the organisation file while the world runs. */
  organisation?: RoleConfig | Organisation | OrganisationSource;
  directory?: Directory | null;
  /** Where the world's messages go (default: a RecordingNotifier). */
  notifier?: N;
  /** The configured store as the app is to see it: wrapped to count calls or to fail (support/wrap-store.ts). */
  storeAs?: (store: CaseStore) => CaseStore;
  /** Notices and requests with the cards the bot renders in Teams (the composition root's), or a test's own. */
  cards?: 'as-the-bot' | CardRenderer;
}

/**
 * A world on `dir` (a new temp folder unless given; a given one keeps its store, as a restarted bot
 * would). `env`: settings as the environment gives them (e.g. IRO_VIEW_ON_REVISION), over the world's.
 */
export function makeWorld<N extends Notifier = RecordingNotifier>(start = '2026-03-02T10:00:00Z', env: Record<string, string> = {}, dir = mkdtempSync(join(tmpdir(), 's20-world-')), people: WorldPeople<N> = {}): World<N> {
  const config = loadConfig({ LOG_LEVEL: 'silent', PORT: '0', DATA_DIR: dir, IRO_CHANNEL_ID: WORLD_IRO_CHANNEL, ...env });
  const notifier = people.notifier ?? (new RecordingNotifier() as Notifier as N);
  const clock = new SettableClock(new Date(start));
  const recorder = new SqliteRecorder(config.localFiles.records);
  const { storeAs, cards: withCards, ...parts } = people;
  const appParts = { ...parts, ...(storeAs ? { store: storeAs(openStore(config)) } : {}), clock, notifier, recorder, organisation: people.organisation ?? ROLES, directory: people.directory ?? null };
  const { app, cards } =
    withCards === 'as-the-bot' ? createAppWithCards(config, appParts) : { app: createApp(config, { ...appParts, ...(withCards ? { cards: withCards } : {}) }), cards: withCards };
  return {
    dir, config, app, cards, recorder, notifier, clock,
    store: app.store, service: app.service, scheduler: app.scheduler, worker: app.worker,
    async close(keepFiles = false) {
      await app.close();
      recorder.close();
      if (!keepFiles) rmSync(dir, { recursive: true, force: true });
    },
  };
}
