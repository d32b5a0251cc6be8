/**
 * The running product: the case application (store, service, scheduler, outbox worker) with
 * the Teams bot on top — proactive notices through the bot's adapter, approval cards rendered
 * by the bot's card builder. Built once by the server; tests build it the same way.
 */
import { App, AppParts, casePolicyFrom, createApp } from '../app';
import { graphClientConfigFrom } from '../adapters/graph/graph-client-config';
import { graphModules } from '../adapters/on-demand';
import { onceEach } from '../cases/mail-failure';
import { namedPeople, type Organisation } from '../cases/organisation';
import type { Config } from '../config';
import type { Logger } from '../logging/logger';
import { errorFields } from '../logging/logger';
import type { ApprovalStage, CaseRole } from '../protocol';
import { BotAdapter, createBotAdapter } from './adapter';
import { createApprovalCardRenderer } from './approval-card-renderer';
import { NoticeRouter, NoticeRouterDeps } from './notice-router';
import { ProactiveNotifier } from './proactive-notifier';
import { createS20Bot, S20Bot } from './s20-bot';

export interface BotRuntime {
  adapter: BotAdapter;
  bot: S20Bot;
  app: App;
  /** Starts the outbox worker and the scheduler. */
  startWorkers(): void;
  stop(): Promise<void>;
}

/** Outlook mail for approval requests: only with Graph and a sender mailbox configured. */
function outlookMail(config: Readonly<Config>, parts: Omit<AppParts, 'notifier' | 'cards'>, organisation: () => Organisation): NoticeRouterDeps['outlook'] {
  const sender = config.outlook.mailSenderId;
  if (!config.graph || !sender) return undefined;
  const graph = graphModules();
  const client = parts.graphClient ?? graph.createGraphClient(graphClientConfigFrom(config.graph));
  // From the organisation file as it stands (it is read again when it changes).
  return { mailer: graph.createGraphMailer({ client, senderId: sender }), addressOf: (id) => namedPeople(organisation()).get(id)?.email };
}

export function createBotRuntime(config: Readonly<Config>, logger: Logger, parts: Omit<AppParts, 'notifier' | 'cards'> = {}): BotRuntime {
  const adapter = createBotAdapter(config.bot, logger);
  // The notifier reads conversations from the store the app opens just below.
  const holder: { app?: App } = {};
  const teams = new ProactiveNotifier({
    adapter,
    appId: config.bot.appId ?? '',
    conversations: { getConversation: async (key) => holder.app!.store.getConversation(key), saveConversation: async (key, reference) => holder.app!.store.saveConversation(key, reference) },
  });
  const outlook = outlookMail(config, parts, () => holder.app!.authority.organisation);
  const notifier = new NoticeRouter({ teams, ...(outlook ? { outlook } : {}) });
  const approverIds = (stage: ApprovalStage): string[] => {
    const role: CaseRole = stage === 'placement-end' ? 'head-of-service' : stage;
    const authority = holder.app!.authority;
    const today = holder.app!.service.now().today;
    return [...new Set([...authority.holders(role), ...authority.deputies(role, today)].map((p) => p.id))];
  };
  const app = createApp(config, {
    ...parts,
    notifier,
    cards: createApprovalCardRenderer({
      policy: casePolicyFrom(config),
      today: () => holder.app!.service.now().today,
      approverIds,
      conversations: { getConversation: async (key) => holder.app!.store.getConversation(key) },
      timeZone: config.organisation.timeZone,
      ...(outlook ? { outlook: { originatorId: config.outlook.originatorId } } : {}),
    }),
    onError: (error, context) => logger.warn('background work failed; it will be retried', { context, ...errorFields(error) }),
    // The outbox worker logs its own failures, each with the item's effectId as correlation id.
    logger,
    // Once per kind of problem, not per case: a wrong sender would otherwise log for every request.
    onMailProblem: onceEach((problem) => logger.error(`Outlook mail problem: ${problem.message}`, { code: problem.code })),
    onUnreachable: (recipient) => logger.warn('a notice could not be delivered: no conversation with this person or channel, or no mail address', { recipient }),
  });
  holder.app = app;
  const bot = createS20Bot({ service: app.service, conversations: app.store, approverIds, iroChannelId: config.teams.iroChannelId, organisation: config.organisation, timeZone: config.organisation.timeZone, requireEntraIdentity: config.bot.appId !== undefined, tenantId: config.bot.appTenantId });
  return {
    adapter,
    bot,
    app,
    startWorkers() {
      app.worker.start(config.timing.outboxPollMs);
      app.scheduler.start(config.timing.schedulerPollMs);
    },
    async stop() {
      await app.close();
    },
  };
}
