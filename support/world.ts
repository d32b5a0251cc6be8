/** A whole case service on a real SQLite file, with a settable clock and a recording notifier (the Teams edge). */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createSqliteCaseStore } from '../src/adapters/sqlite/sqlite-case-store';
import { SqliteRecorder } from '../src/adapters/sqlite/sqlite-recorder';
import { Authority } from '../src/cases/authority';
import { CaseService } from '../src/cases/case-service';
import { createEffectDeliverer } from '../src/cases/effect-delivery';
import { OutboxWorker } from '../src/cases/outbox-worker';
import { parseRoleConfig, RoleConfig } from '../src/cases/role-config';
import { Scheduler } from '../src/cases/scheduler';
import { DEFAULT_CASE_POLICY, CasePolicy } from '../src/protocol';
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

export interface World {
  dir: string;
  store: CaseStore;
  recorder: SqliteRecorder;
  notifier: RecordingNotifier;
  clock: SettableClock;
  service: CaseService;
  scheduler: Scheduler;
  worker: OutboxWorker;
  close(keepFiles?: boolean): Promise<void>;
}

/** The organisation and directory a world runs with (by default ROLES, no directory). */
export interface WorldPeople {
  /** A source lets a test change the organisation file while the world runs. */
  organisation?: RoleConfig | Organisation | OrganisationSource;
  directory?: Directory | null;
}

export function makeWorld(start = '2026-03-02T10:00:00Z', policy: CasePolicy = DEFAULT_CASE_POLICY, dir = mkdtempSync(join(tmpdir(), 's20-world-')), people: WorldPeople = {}): World {
  const store = createSqliteCaseStore({ path: join(dir, 'cases.sqlite') });
  const recorder = new SqliteRecorder(join(dir, 'records.sqlite'));
  const notifier = new RecordingNotifier();
  const clock = new SettableClock(new Date(start));
  const authority = new Authority(people.organisation ?? ROLES, people.directory ?? null);
  const service = new CaseService({ store, authority, clock, policy, timeZone: 'Europe/London' });
  const scheduler = new Scheduler({ store, service, clock });
  const deliver = createEffectDeliverer({ store, recorder, notifier, authority, directory: people.directory ?? null, timeZone: 'Europe/London', now: () => clock.now() });
  const worker = new OutboxWorker(store, deliver, clock, { owner: 'test-worker' });
  return {
    dir, store, recorder, notifier, clock, service, scheduler, worker,
    async close(keepFiles = false) {
      await store.close();
      recorder.close();
      if (!keepFiles) rmSync(dir, { recursive: true, force: true });
    },
  };
}
