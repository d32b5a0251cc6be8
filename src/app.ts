/**
 * The composition root: builds the store, recorder, authority, case service, scheduler and
 * outbox worker from validated configuration. Tests and the CLI build the same parts the same way.
 */
import { join } from 'node:path';
import { createSqliteCaseStore } from './adapters/sqlite/sqlite-case-store';
import { SqliteRecorder } from './adapters/sqlite/sqlite-recorder';
import { Authority } from './cases/authority';
import { CaseService } from './cases/case-service';
import { CardRenderer, createEffectDeliverer } from './cases/effect-delivery';
import { OutboxWorker } from './cases/outbox-worker';
import { loadRoleConfig } from './cases/role-config';
import { Scheduler } from './cases/scheduler';
import type { Config } from './config';
import { CasePolicy, DEFAULT_CASE_POLICY } from './protocol';
import type { CaseStore } from './ports/case-store';
import type { Clock } from './ports/clock';
import { systemClock } from './ports/clock';
import type { Directory } from './ports/directory';
import type { Notifier } from './ports/notifier';
import type { Recorder } from './ports/recorder';

export interface App {
  config: Readonly<Config>;
  store: CaseStore;
  recorder: Recorder;
  authority: Authority;
  service: CaseService;
  scheduler: Scheduler;
  worker: OutboxWorker;
  close(): Promise<void>;
}

export function casePolicyFrom(config: Readonly<Config>): CasePolicy {
  return {
    ...DEFAULT_CASE_POLICY,
    directorSignOff: config.policy.directorSignOff,
    ruling: { ...DEFAULT_CASE_POLICY.ruling, visitOffsetsDays: [...config.policy.visitOffsetsDays] },
    approvalReminderWorkingDays: config.policy.approvalReminderWorkingDays,
    approvalEscalationWorkingDays: config.policy.approvalEscalationWorkingDays,
    extraNonWorkingDays: [...config.policy.extraNonWorkingDays],
  };
}

export interface AppParts {
  clock?: Clock;
  notifier?: Notifier;
  recorder?: Recorder;
  directory?: Directory | null;
  cards?: CardRenderer;
  onError?: (error: unknown, context: string) => void;
}

/** A notifier for when no Teams connection exists (CLI tools): refuses, so items stay pending. */
const noNotifier: Notifier = {
  async send() {
    throw new Error('no Teams connection in this process');
  },
};

export function openStore(config: Readonly<Config>): CaseStore {
  if (config.store.kind !== 'sqlite') throw new Error('STORE=azure-tables is not available yet in this version; use STORE=sqlite');
  return createSqliteCaseStore({ path: join(config.store.dataDir, 'cases.sqlite') });
}

export function createApp(config: Readonly<Config>, parts: AppParts = {}): App {
  const clock = parts.clock ?? systemClock;
  const store = openStore(config);
  const localRecorder = parts.recorder ? null : new SqliteRecorder(join(config.dataDir, 'records.sqlite'));
  const recorder = parts.recorder ?? localRecorder!;
  const authority = new Authority(loadRoleConfig(config.rolesFile), parts.directory ?? null);
  const service = new CaseService({ store, authority, clock, policy: casePolicyFrom(config), timeZone: config.organisation.timeZone });
  const scheduler = new Scheduler({ store, service, clock, onError: (e, id) => parts.onError?.(e, `deadline ${id}`) });
  const deliver = createEffectDeliverer({ store, recorder, notifier: parts.notifier ?? noNotifier, authority, timeZone: config.organisation.timeZone, ...(parts.cards ? { cards: parts.cards } : {}), now: () => clock.now() });
  const worker = new OutboxWorker(store, deliver, clock, { onError: (e, item) => parts.onError?.(e, `outbox ${item.effectId}`) });
  return {
    config, store, recorder, authority, service, scheduler, worker,
    async close() {
      await scheduler.stop();
      await worker.stop();
      await store.close();
      localRecorder?.close();
    },
  };
}
