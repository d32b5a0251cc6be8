/**
 * The application's wiring (no Teams): the store, recorder, authority, case service, scheduler and
 * outbox worker from validated configuration, in two stages: the foundation (store, Graph, directory,
 * authority) and the services on it. src/composition-root.ts builds the whole product from these two,
 * putting the Teams edge between them; the CLIs, tests and bench build the same parts the same way.
 * With Graph configured, decisions go to the SharePoint lists and roles may come from Entra groups;
 * without it, a local SQLite recorder and configured named users only.
 */
import { hostname } from 'node:os';
import type { Client } from '@microsoft/microsoft-graph-client';
import { graphClientConfigFrom } from './adapters/graph/graph-client-config';
import { azureTableStoreModule, graphModules, managedIdentityCredential } from './adapters/on-demand';
import { createSqliteCaseStore } from './adapters/sqlite/sqlite-case-store';
import { SqliteRecorder } from './adapters/sqlite/sqlite-recorder';
import { SqliteDocumentLibrary } from './adapters/sqlite/sqlite-document-library';
import { CHECKPOINT_PAGES, type CheckpointRole } from './adapters/sqlite/wal-checkpoints';
import { draftLetter } from './bot/letter-draft';
import type { CaseDocumentSettings } from './documents/case-documents';
import { renderDocx } from './documents/render-docx';
import type { DocumentLibrary } from './ports/document-library';
import { Authority } from './cases/authority';
import type { RefusalLogLine } from './cases/refusal-log';
import { CaseService } from './cases/case-service';
import type { MailProblem } from './cases/mail-failure';
import { CardRenderer, createEffectDeliverer, createGiveUpReporter, createRecordBatchDeliverer, type StillWorking } from './cases/effect-delivery';
import { OutboxWorker, type OutboxWorkerOptions } from './cases/outbox-worker';
import { Retention } from './cases/retention';
import { FileOrganisation, type OrganisationSource } from './cases/organisation-source';
import { namesNoLongerInFile, namesNoLongerInFileWarning } from './cases/teams-no-longer-named';
import { teamsManagedBy, type Organisation } from './cases/organisation';
import type { RoleConfig } from './cases/role-config';
import { COVER_STARTS, DIRECTOR_CATCH_UP, REFUSAL_AGEING, Scheduler, SWEEP_FAILED } from './cases/scheduler';
import { RefusalAgeing } from './cases/refusal-ageing';
import { ClosureDaysWatch } from './cases/closure-days-watch';
import { DirectorCatchUp } from './cases/director-catch-up';
import { CoverStarts } from './cases/cover-starts';
import { ConfigError, type Config } from './config';
import type { Logger } from './logging/logger';
import { inSpan, recordOutboxSettlement } from './telemetry/instruments';
import { CasePolicy, DEFAULT_CASE_POLICY } from './protocol';
import type { CaseStore, OutboxItem } from './ports/case-store';
import type { Clock } from './ports/clock';
import { systemClock } from './ports/clock';
import type { Directory } from './ports/directory';
import type { Notifier } from './ports/notifier';
import type { Recorder } from './ports/recorder';

export interface App {
  config: Readonly<Config>;
  clock: Clock;
  store: CaseStore;
  recorder: Recorder;
  /** The case file's documents: the SharePoint document library, or a local SQLite file without Graph. */
  documents: DocumentLibrary;
  /** Entra group membership (Graph), or null when Graph is not configured. */
  directory: Directory | null;
  /** The Microsoft Graph client, or null when Graph is not configured (for the readiness check). */
  graphClient: Client | null;
  authority: Authority;
  service: CaseService;
  scheduler: Scheduler;
  /** Erases the personal data of long-closed cases (the scheduler runs it hourly). */
  retention: Retention;
  worker: OutboxWorker;
  close(): Promise<void>;
}

export function casePolicyFrom(config: Readonly<Config>): CasePolicy {
  return {
    ...DEFAULT_CASE_POLICY,
    directorSignOff: config.policy.directorSignOff,
    iroViewOnRevision: config.policy.iroViewOnRevision,
    visitRemindersOnWorkingDays: config.policy.visitReminderDays === 'working-days',
    reopenWithinDays: config.policy.reopenWithinDays,
    ruling: { ...DEFAULT_CASE_POLICY.ruling, visitOffsetsDays: [...config.policy.visitOffsetsDays] },
    approvalReminderWorkingDays: config.policy.approvalReminderWorkingDays,
    approvalEscalationWorkingDays: config.policy.approvalEscalationWorkingDays,
    extraNonWorkingDays: [...config.policy.extraNonWorkingDays],
  };
}

/**
 * What the caller brings instead of what configuration would build: the tests' and the bench's own
 * parts (a settable clock, a notifier that records, a Graph client for the local Graph server).
 */
export interface AppParts {
  clock?: Clock;
  /** A store opened by the caller (a test's store wrapped to count or to fail) instead of the configured one; closed with the app. */
  store?: CaseStore;
  /** The organisation as given instead of read from ROLES_FILE (a test's people). */
  organisation?: RoleConfig | Organisation | OrganisationSource;
  notifier?: Notifier;
  recorder?: Recorder;
  documents?: DocumentLibrary;
  directory?: Directory | null;
  /** A Graph client to use instead of one built from config.graph (tests give one with a stand-in credential). */
  graphClient?: Client;
  cards?: CardRenderer;
  onError?: (error: unknown, context: string) => void;
  /** Outbox failures and dead items are logged here, each with its effectId as correlation id (instead of going to onError). */
  logger?: Logger;
  onUnreachable?: (recipient: string, key: string) => void;
  /** Mail as a whole is failing (src/cases/mail-failure.ts): for operators, once. */
  onMailProblem?: (problem: MailProblem) => void;
  /**
   * Which of the server's two threads copies the SQLite write-ahead log into the file, and in what steps (src/adapters/sqlite/wal-checkpoints.ts); default SQLite's own rule.
   * The answering thread's commits are also written in a thread of their own (src/adapters/sqlite/sqlite-writer-thread.ts),
   * and so are the background thread's sweep batches, so the next batch is decided while one is written.
   */
  checkpoints?: CheckpointRole;
  /** The outbox's retry pacing instead of the production one (a test retries at once, or gives up sooner). */
  outbox?: Pick<OutboxWorkerOptions, 'maxAttempts' | 'backoffBaseMs' | 'batchSize'>;
  /** The scheduler's batch size instead of the production one. */
  sweepBatchSize?: number;
}

/** A notifier for when no Teams connection exists (CLI tools): refuses, so items stay pending. */
const noNotifier: Notifier = {
  async send() {
    throw new Error('no Teams connection in this process');
  },
};

/** `restoring`: for `admin restore`, which may open a lost SQLite store (see SqliteCaseStoreConfig). */
export function openStore(config: Readonly<Config>, options: { restoring?: boolean; checkpoints?: CheckpointRole } = {}): CaseStore {
  const settings = config.store;
  if (settings.kind === 'azure-tables') {
    // Shared by every instance. Tables are created on first use, so this does no I/O yet.
    const account = 'accountUrl' in settings ? { accountUrl: settings.accountUrl, credential: managedIdentityCredential(settings.managedIdentityClientId) } : { connectionString: settings.connectionString };
    try {
      return azureTableStoreModule().createAzureTableCaseStore({ ...account, ...(settings.tablePrefix !== undefined ? { tablePrefix: settings.tablePrefix } : {}) });
    } catch (error) {
      // The SDK's own words for a connection string it cannot read are a TypeError ("Cannot read properties of undefined").
      if (!('connectionString' in account)) throw error;
      throw new ConfigError('AZURE_STORAGE_CONNECTION_STRING', "AZURE_STORAGE_CONNECTION_STRING is not a connection string Azure Tables can use: copy it whole from the storage account's Access keys page (DefaultEndpointsProtocol=https;AccountName=…;AccountKey=…;EndpointSuffix=core.windows.net), or set UseDevelopmentStorage=true for Azurite");
    }
  }
  return createSqliteCaseStore({ path: config.localFiles.cases, ...(options.restoring ? { restoring: true } : {}), ...(options.checkpoints ? { checkpointAfterPages: CHECKPOINT_PAGES[options.checkpoints] } : {}), ...(options.checkpoints === 'answering' ? { writerThread: true } : {}), ...(options.checkpoints === 'background' ? { batchWriterThread: true } : {}) });
}

/** A social worker's team from their Entra manager: the team that manager manages. The directory not answering means "not known". */
function teamFromEntraManager(managerOf: (id: string) => Promise<string | null>, authority: Authority): (id: string) => Promise<string | undefined> {
  return async (id) => {
    try {
      const manager = await managerOf(id);
      return manager ? teamsManagedBy(authority.organisation, manager)[0]?.name : undefined;
    } catch {
      return undefined;
    }
  };
}

/** The organisation's words for the case file's documents, and the letter's draft from the case. */
export function documentSettingsFrom(config: Readonly<Config>): CaseDocumentSettings {
  const org = config.organisation;
  const context = { organisationName: org.name, directorTitle: org.directorTitle, caseRecordSystemName: org.caseRecordSystemName, timeZone: org.timeZone };
  // Worded for the child's age on the day the letter was recorded, so the same case gives the same letter.
  return { ...context, draftLetter: (state) => draftLetter(state, { ...context, now: new Date(state.letter?.at ?? state.updatedAt) }) };
}

/** What the services stand on: built first, so the Teams edge can use the store and the authority before the services exist. */
export interface AppFoundation {
  clock: Clock;
  store: CaseStore;
  graphClient: Client | null;
  recorder: Recorder;
  documents: DocumentLibrary;
  directory: Directory | null;
  authority: Authority;
  /** The local files this foundation opened (closed with the app). */
  close(): void;
}

export function createFoundation(config: Readonly<Config>, parts: AppParts = {}): AppFoundation {
  const clock = parts.clock ?? systemClock;
  // Read again when it changes: an edit takes effect without a restart; a bad edit leaves the last good file in force.
  // Read before the store opens: a bad file stops the bot before the store's threads, which would keep it running, start.
  const organisation = parts.organisation ?? new FileOrganisation(config.rolesFile, {
    onRefused: (line) => parts.logger?.error(line) ?? parts.onError?.(new Error(line), 'organisation file'),
    onReloaded: () => {
      parts.logger?.info('The organisation file changed and is now in force.');
      warnOfNamesNoLongerInFile();
    },
  });
  const store = parts.store ?? openStore(config, parts.checkpoints ? { checkpoints: parts.checkpoints } : {});
  // Open cases keep the team and service they opened under: a team renamed or moved in the file leaves them unseen by its new manager.
  function warnOfNamesNoLongerInFile(): void {
    const logger = parts.logger;
    if (!logger) return;
    namesNoLongerInFile(store, authority.organisation)
      .then((found) => {
        const warning = namesNoLongerInFileWarning(found);
        if (warning) logger.warn(warning, { teams: found.teams.map((t) => t.name).join(', '), services: found.services.map((s) => s.name).join(', ') });
      })
      .catch((error: unknown) => logger.warn('Could not check whether open cases are filed under teams the organisation file no longer names', { error: String(error) }));
  }
  const graph = config.graph;
  const graphAdapters = graph ? graphModules() : null;
  const graphClient = graph && graphAdapters ? (parts.graphClient ?? graphAdapters.createGraphClient(graphClientConfigFrom(graph))) : null;
  const localRecorder = parts.recorder || graph ? null : new SqliteRecorder(config.localFiles.records);
  const recorder: Recorder = parts.recorder ?? (graph && graphAdapters && graphClient ? graphAdapters.createGraphRecorder({ client: graphClient, siteId: graph.sharePointSiteId }) : localRecorder!);
  // Cached briefly (see graph-directory.ts): a burst of card clicks costs one checkMemberGroups call.
  const directory = parts.directory !== undefined ? parts.directory : graphAdapters && graphClient ? graphAdapters.createGraphDirectory({ client: graphClient, now: () => clock.now().getTime() }) : null;
  const authority = new Authority(organisation, directory);
  warnOfNamesNoLongerInFile();
  const localDocuments = parts.documents || graph ? null : new SqliteDocumentLibrary(config.localFiles.documents, () => clock.now());
  const documents: DocumentLibrary = parts.documents ?? (graph && graphAdapters && graphClient ? graphAdapters.createGraphDocumentLibrary({ client: graphClient, siteId: graph.sharePointSiteId, notes: store }) : localDocuments!);
  return {
    clock, store, graphClient, recorder, documents, directory, authority,
    close() {
      localRecorder?.close();
      localDocuments?.close();
    },
  };
}

/** The services on a foundation (built from `parts` unless the composition root built it already). */
export function createApp(config: Readonly<Config>, parts: AppParts = {}, foundation: AppFoundation = createFoundation(config, parts)): App {
  const { clock, store, graphClient, recorder, documents, directory, authority } = foundation;
  const teamFromManager = config.teamFromEntraManager && directory?.managerOf ? teamFromEntraManager(directory.managerOf.bind(directory), authority) : undefined;
  const service = new CaseService({
    store, authority, clock, policy: casePolicyFrom(config), timeZone: config.organisation.timeZone,
    documents: documentSettingsFrom(config),
    ...(teamFromManager ? { teamFromManager } : {}),
    // Every refusal kept is also logged (M7): codes and ids, no child data.
    ...(parts.logger ? { onRefusal: (line: RefusalLogLine) => parts.logger?.warn('authority refusal', { ...line }) } : {}),
  });
  const retention = new Retention({ store, clock, daysAfterClose: config.policy.retentionDaysAfterClose, ...(documents instanceof SqliteDocumentLibrary ? { documents } : {}), onError: (e, id) => parts.onError?.(e, `retention of case ${id}`) });
  const coverStarts = new CoverStarts({ store, authority, service, timeZone: config.organisation.timeZone });
  const directorCatchUp = new DirectorCatchUp({ store, authority, clock, policy: casePolicyFrom(config), timeZone: config.organisation.timeZone, documents: documentSettingsFrom(config) });
  const closureDays = new ClosureDaysWatch({ days: config.policy.extraNonWorkingDays, timeZone: config.organisation.timeZone, startedAt: clock.now(), warn: (line) => parts.logger?.warn(line) });
  const refusalAgeing = new RefusalAgeing({ store, clock });
  const scheduler = new Scheduler({ store, service, clock, retention, refusalAgeing, coverStarts, directorCatchUp, closureDays, onError: (e, id) => parts.onError?.(e, id === SWEEP_FAILED ? 'the sweep of due deadlines' : id === REFUSAL_AGEING ? 'deleting refusals older than a year' : id === COVER_STARTS ? 'telling deputies whose cover began' : id === DIRECTOR_CATCH_UP ? "putting the organisation file's Director on open cases" : `deadline ${id}`), onRecovered: (failures, since) => parts.logger?.info('the sweep of due deadlines works again: deadlines that fell due meanwhile fire now', { failedSweeps: failures, failingSince: since.toISOString() }), ...(parts.sweepBatchSize ? { batchSize: parts.sweepBatchSize } : {}) });
  const deliver = createEffectDeliverer({ store, recorder, notifier: parts.notifier ?? noNotifier, authority, directory, timeZone: config.organisation.timeZone, iroChannelConfigured: config.teams.iroChannelId !== undefined, documents: { library: documents, render: (doc) => renderDocx(doc, { organisationName: config.organisation.name }) }, ...(parts.cards ? { cards: parts.cards } : {}), ...(parts.onUnreachable ? { onUnreachable: parts.onUnreachable } : {}), ...(parts.onMailProblem ? { onMailProblem: parts.onMailProblem } : {}), now: () => clock.now() });
  // A span per delivery, so its Graph and Bot Connector calls show under it in Application Insights.
  const tracedDeliver = (item: OutboxItem, stillWorking: StillWorking) => inSpan('outbox delivery', { 'outbox.effect_id': item.effectId, 'outbox.kind': item.kind, 'outbox.attempt': item.attempts + 1 }, () => deliver(item, stillWorking));
  const worker = new OutboxWorker(store, tracedDeliver, clock, {
    leaseMs: config.timing.outboxLeaseMs,
    // One stable id per instance (host and port), so a restarted instance takes its own claimed
    // items straight back instead of waiting out their leases. Port 0 (tests) gets a random id.
    ...(config.server.port !== 0 ? { owner: `${hostname()}:${config.server.port}` } : {}),
    onSettled: recordOutboxSettlement,
    onDead: createGiveUpReporter({ store, now: () => clock.now() }),
    deliverBatch: createRecordBatchDeliverer(recorder),
    batchable: (item) => item.kind === 'record',
    ...(parts.logger ? { logger: parts.logger } : { onError: (e: unknown, item: OutboxItem) => parts.onError?.(e, `outbox ${item.effectId}`) }),
    ...parts.outbox,
  });
  return {
    config, clock, store, recorder, documents, directory, graphClient, authority, service, scheduler, retention, worker,
    async close() {
      await scheduler.stop();
      await worker.stop();
      await store.close();
      foundation.close();
    },
  };
}
