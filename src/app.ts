/**
 * The composition root: builds the store, recorder, authority, case service, scheduler and
 * outbox worker from validated configuration. Tests and the CLI build the same parts the same way.
 * With Graph configured, decisions go to the SharePoint lists and roles may come from Entra groups;
 * without it, a local SQLite recorder and configured named users only.
 */
import { join } from 'node:path';
import type { Client } from '@microsoft/microsoft-graph-client';
import { createGraphClient, GraphClientConfig } from './adapters/graph/graph-client';
import { createGraphDirectory } from './adapters/graph/graph-directory';
import { createGraphRecorder } from './adapters/graph/graph-recorder';
import { createSqliteCaseStore } from './adapters/sqlite/sqlite-case-store';
import { SqliteRecorder } from './adapters/sqlite/sqlite-recorder';
import { Authority } from './cases/authority';
import { CaseService } from './cases/case-service';
import { CardRenderer, createEffectDeliverer } from './cases/effect-delivery';
import { OutboxWorker } from './cases/outbox-worker';
import { loadRoleConfig } from './cases/role-config';
import { Scheduler } from './cases/scheduler';
import type { Config, GraphSettings } from './config';
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
  /** Entra group membership (Graph), or null when Graph is not configured. */
  directory: Directory | null;
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
  /** A Graph client to use instead of one built from config.graph (tests give one with a stand-in credential). */
  graphClient?: Client;
  cards?: CardRenderer;
  onError?: (error: unknown, context: string) => void;
  onUnreachable?: (recipient: string, key: string) => void;
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

/**
 * The Graph client settings for config.graph. The configured URL may carry the version
 * (https://graph.microsoft.com/v1.0, as documented in .env.example); the client adds it itself.
 */
export function graphClientConfigFrom(settings: Readonly<GraphSettings>): GraphClientConfig {
  const baseUrl = settings.baseUrl.replace(/\/+$/, '').replace(/\/v1\.0$/, '');
  const auth = settings.auth;
  switch (auth.kind) {
    case 'managed-identity':
      return { baseUrl, auth: auth.clientId === undefined ? { kind: 'managed-identity' } : { kind: 'managed-identity', clientId: auth.clientId } };
    default:
      return { baseUrl, auth };
  }
}

export function createApp(config: Readonly<Config>, parts: AppParts = {}): App {
  const clock = parts.clock ?? systemClock;
  const store = openStore(config);
  const graph = config.graph;
  const graphClient = graph ? (parts.graphClient ?? createGraphClient(graphClientConfigFrom(graph))) : null;
  const localRecorder = parts.recorder || graph ? null : new SqliteRecorder(join(config.dataDir, 'records.sqlite'));
  const recorder: Recorder = parts.recorder ?? (graph && graphClient ? createGraphRecorder({ client: graphClient, siteId: graph.sharePointSiteId }) : localRecorder!);
  // Cached briefly (see graph-directory.ts): a burst of card clicks costs one checkMemberGroups call.
  const directory = parts.directory !== undefined ? parts.directory : graphClient ? createGraphDirectory({ client: graphClient, now: () => clock.now().getTime() }) : null;
  const authority = new Authority(loadRoleConfig(config.rolesFile), directory);
  const service = new CaseService({ store, authority, clock, policy: casePolicyFrom(config), timeZone: config.organisation.timeZone });
  const scheduler = new Scheduler({ store, service, clock, onError: (e, id) => parts.onError?.(e, `deadline ${id}`) });
  const deliver = createEffectDeliverer({ store, recorder, notifier: parts.notifier ?? noNotifier, authority, timeZone: config.organisation.timeZone, ...(parts.cards ? { cards: parts.cards } : {}), ...(parts.onUnreachable ? { onUnreachable: parts.onUnreachable } : {}), now: () => clock.now() });
  const worker = new OutboxWorker(store, deliver, clock, { onError: (e, item) => parts.onError?.(e, `outbox ${item.effectId}`) });
  return {
    config, store, recorder, directory, authority, service, scheduler, worker,
    async close() {
      await scheduler.stop();
      await worker.stop();
      await store.close();
      localRecorder?.close();
    },
  };
}
