/**
 * The composition root: the whole running product, built in one place and one order, from the
 * validated configuration. The foundation (store, Graph, directory, authority: src/app.ts) comes
 * first, then the Teams edge that needs it (the bot's adapter, proactive notices, approval cards,
 * Outlook mail), then the services that deliver through that edge, then the bot on the services.
 * Nothing is used before it exists, so nothing is filled in later. The server builds it; the tests
 * and the bench build it the same way, with their own parts (a clock, a Graph client).
 */
import { App, AppFoundation, AppParts, casePolicyFrom, createApp, createFoundation } from './app';
import { graphModules } from './adapters/on-demand';
import { onceEach } from './cases/mail-failure';
import { nowIn } from './cases/org-time';
import { namedPeople } from './cases/organisation';
import type { Config } from './config';
import type { Logger } from './logging/logger';
import { errorFields } from './logging/logger';
import type { ApprovalStage, CaseState } from './protocol';
import { caseApproverIds } from './cases/case-approvers';
import { BotAdapter, createBotAdapter } from './bot/adapter';
import { createApprovalCardRenderer } from './bot/approval-card-renderer';
import type { CardRenderer } from './cases/effect-delivery';
import { NoticeRouter } from './bot/notice-router';
import { teamsAppChatLink } from './bot/teams-app-link';
import { ProactiveNotifier } from './bot/proactive-notifier';
import { proactiveInstall } from './proactive-install';
import { createS20Bot, S20Bot, type S20BotDeps } from './bot/s20-bot';

export interface BotRuntime {
  adapter: BotAdapter;
  bot: S20Bot;
  app: App;
  /**
   * Starts the outbox worker and the scheduler, each unless `false` (the server runs both in a
   * thread of their own, src/outbox-thread.ts, and neither on the thread that answers people).
   */
  startWorkers(options?: { outbox?: boolean; scheduler?: boolean }): void;
  stop(): Promise<void>;
}

export function createBotRuntime(config: Readonly<Config>, logger: Logger, parts: Omit<AppParts, 'notifier' | 'cards'> = {}): BotRuntime {
  const appParts: AppParts = {
    ...parts,
    // `work`, not `context`: the logger drops any field whose name holds "text", so the line never said which work failed.
    onError: (error, context) => logger.warn('background work failed; it will be retried', { work: context, ...errorFields(error) }),
    // The outbox worker logs its own failures, each with the item's effectId as correlation id.
    logger,
    // Once per kind of problem, not per case: a wrong sender would otherwise log for every request.
    onMailProblem: onceEach((problem) => logger.error(`Outlook mail problem: ${problem.message}`, { code: problem.code })),
    onUnreachable: (recipient) => logger.warn('a notice could not be delivered: no conversation with this person or channel, or no mail address', { recipient }),
  };
  const foundation = createFoundation(config, appParts);
  const { store, authority } = foundation;
  const approverIds = caseApproversOn(config, foundation);

  const adapter = createBotAdapter(config.bot, logger);
  // People who never opened the app get it installed for them, when TEAMS_APP_CATALOG_ID is set.
  const install = proactiveInstall(config, parts, logger);
  const teams = new ProactiveNotifier({ adapter, appId: config.bot.appId ?? '', conversations: store, ...(install ? { install } : {}) });
  // Outlook mail for approval requests: only with Graph and a sender mailbox configured.
  const sender = config.outlook.mailSenderId;
  const outlook =
    sender && foundation.graphClient
      ? {
          mailer: graphModules().createGraphMailer({ client: foundation.graphClient, senderId: sender }),
          // From the organisation file as it stands (it is read again when it changes).
          addressOf: (id: string) => namedPeople(authority.organisation).get(id)?.email,
          teamsLink: teamsAppChatLink(config.teams.appCatalogId, config.bot.appTenantId),
        }
      : undefined;
  const notifier = new NoticeRouter({ teams, ...(outlook ? { outlook } : {}) });
  const cards = approvalCardsOn(config, foundation, { outlook: outlook !== undefined });

  const app = createApp(config, { ...appParts, notifier, cards }, foundation);
  const bot = createBotOn(config, app, approverIds);
  return {
    adapter,
    bot,
    app,
    startWorkers(options = {}) {
      if (options.outbox !== false) app.worker.start(config.timing.outboxPollMs);
      if (options.scheduler !== false) app.scheduler.start(config.timing.schedulerPollMs);
    },
    async stop() {
      await app.close();
    },
  };
}

/**
 * The cards the outbox sends (approval requests, notices, decision and handover statuses) from the
 * case as it is now, with Outlook's twin of the request card when requests are also mailed.
 */
export function approvalCardsOn(config: Readonly<Config>, foundation: Pick<AppFoundation, 'authority' | 'directory' | 'clock' | 'store'>, options: { outlook: boolean }): CardRenderer {
  return createApprovalCardRenderer({
    policy: casePolicyFrom(config),
    today: () => nowIn(foundation.clock.now(), config.organisation.timeZone).today,
    approverIds: caseApproversOn(config, foundation),
    conversations: foundation.store,
    timeZone: config.organisation.timeZone,
    ...(options.outlook ? { outlook: { originatorId: config.outlook.originatorId, teamsLink: teamsAppChatLink(config.teams.appCatalogId, config.bot.appTenantId) } } : {}),
  });
}

/**
 * The services with the cards the bot renders in Teams, without the Teams edge: for the tests and
 * the bench, which bring their own notifier (standing for Teams) in `parts`.
 */
export function createAppWithCards(config: Readonly<Config>, parts: Omit<AppParts, 'cards'>): { app: App; cards: CardRenderer } {
  const foundation = createFoundation(config, parts);
  const cards = approvalCardsOn(config, foundation, { outlook: false });
  return { app: createApp(config, { ...parts, cards }, foundation), cards };
}

/** Who may decide a case's approval at a stage: the case's own people (named, active deputies, group members), not every holder of the role. */
export function caseApproversOn(config: Readonly<Config>, foundation: Pick<AppFoundation, 'authority' | 'directory' | 'clock'>): S20BotDeps['approverIds'] {
  return (stage: ApprovalStage, state: CaseState): Promise<string[]> => caseApproverIds(foundation.authority, foundation.directory, state, stage, nowIn(foundation.clock.now(), config.organisation.timeZone).today);
}

/**
 * The bot's turn handling on the services, configured as the server runs it. `settings`: what a
 * test sets of the bot's own configuration without an app registration (its Entra identity check).
 */
export type BotOverrides = Partial<Pick<S20BotDeps, 'requireEntraIdentity' | 'tenantId'>>;

export function createBotOn(config: Readonly<Config>, app: App, approverIds: S20BotDeps['approverIds'], settings: BotOverrides = {}): S20Bot {
  return createS20Bot({
    service: app.service,
    conversations: app.store,
    approverIds,
    iroChannelId: config.teams.iroChannelId,
    organisation: config.organisation,
    timeZone: config.organisation.timeZone,
    requireEntraIdentity: config.bot.appId !== undefined,
    tenantId: config.bot.appTenantId,
    ...settings,
  });
}
