/**
 * The Bot Framework adapter, built from the validated configuration.
 *
 * With no MICROSOFT_APP_ID the credential factory reports authentication as disabled, and
 * botbuilder then accepts requests without a token (checked in botframework-connector's
 * ParameterizedBotFrameworkAuthentication: `isAuthenticationDisabled()` → anonymous claims)
 * and replies without one (PasswordServiceClientCredentialFactory returns empty credentials).
 * With an app id, a request without a valid token is refused with 401 before any bot code runs.
 */
import { randomUUID } from 'node:crypto';
import { ActivityHandler, CloudAdapter, ConfigurationBotFrameworkAuthentication, TurnContext } from 'botbuilder';
import type { BotSettings } from '../config';
import { errorFields, Logger } from '../logging/logger';
import { isStoreFull, STORE_FULL_MESSAGE, STORE_FULL_TITLE } from '../cases/store-full';

/** What the web server needs to know of botbuilder, without importing it. */
export type BotAdapter = CloudAdapter;
export type Bot = ActivityHandler;
export type TurnLogic = (context: TurnContext) => Promise<void>;

/** Where the server's per-request correlation id is kept on a turn, for logs and the apology. */
const CORRELATION_ID = Symbol('correlationId');

export function correlationIdOf(context: TurnContext): string | undefined {
  const value: unknown = context.turnState.get(CORRELATION_ID);
  return typeof value === 'string' ? value : undefined;
}

/** The turn logic for one HTTP request: runs `bot`, tagged with the request's correlation id. */
export function turnLogic(bot: Bot, correlationId: string): TurnLogic {
  return async (context) => {
    context.turnState.set(CORRELATION_ID, correlationId);
    await bot.run(context);
  };
}

/** Plain words for the person whose action failed: what happened and what to do next. */
export function apologyFor(reference: string): string {
  return (
    'Sorry, something went wrong on our side and I could not finish that. ' +
    'Please try again in a few minutes. If it keeps happening, contact your IT service desk ' +
    `and give them this reference: ${reference}`
  );
}

export function createBotAdapter(settings: BotSettings, logger: Logger): BotAdapter {
  const authentication = new ConfigurationBotFrameworkAuthentication({
    MicrosoftAppId: settings.appId,
    MicrosoftAppPassword: settings.appPassword,
    MicrosoftAppTenantId: settings.appTenantId,
    MicrosoftAppType: settings.appType,
  });
  const adapter = new CloudAdapter(authentication);

  adapter.onTurnError = async (context, error) => {
    const correlationId = correlationIdOf(context) ?? randomUUID();
    // The activity's type and channel only: its text may name a child.
    logger.error('turn failed', {
      correlationId,
      activityType: context.activity.type,
      activityName: context.activity.name,
      channelId: context.activity.channelId,
      ...errorFields(error),
    });
    // A proactive turn (a notice from the outbox) has nobody waiting for an answer.
    if (context.activity.type === 'event' && context.activity.name === 'ContinueConversation') return;
    try {
      await context.sendActivity(isStoreFull(error) ? `${STORE_FULL_TITLE}. ${STORE_FULL_MESSAGE}` : apologyFor(correlationId));
    } catch (sendError) {
      logger.error('could not send the apology', { correlationId, ...errorFields(sendError) });
    }
  };
  return adapter;
}
