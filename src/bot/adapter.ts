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
import { Activity, ActivityHandler, CloudAdapter, ConfigurationBotFrameworkAuthentication, ConfigurationServiceClientCredentialFactory, InvokeResponse, TurnContext } from 'botbuilder';
import type { BotSettings } from '../config';
import { errorFields, Logger } from '../logging/logger';
import { inTurn, type TurnRecord } from '../cases/recorded-in-turn';
import { refusal } from './answer-cards';
import { cardResponse } from './s20-bot';
import { turnFailure } from './turn-failure';
import { recordTurnFailure } from '../telemetry/instruments';
import { appIdOf, keptConnectorFactory, KeptClients, withKeptConnector } from './connector-cache';
import { teamsSendError } from './teams-errors';
import { SignInFailedError } from '../ports/recorder';

/** botbuilder's result of checking a request's token, handed on to the turn. */
type AuthenticatedRequest = Exclude<Parameters<CloudAdapter['processActivity']>[0], string>;
type ConnectorClient = Awaited<ReturnType<NonNullable<AuthenticatedRequest['connectorFactory']>['create']>>;

/** The token check's verdict, in the web server's terms (it does not import botbuilder). */
export type TokenCheck =
  | { ok: true; request: AuthenticatedRequest }
  /** 401: the token is missing, forged, expired or not for this bot. 503: the signing keys could not be fetched (the channel retries). */
  | { ok: false; status: 401 | 503; code: 'INVALID_TOKEN' | 'EXPIRED_TOKEN' | 'KEYS_UNAVAILABLE'; errorName: string };

/** Good tokens remembered at once: the Bot Connector uses a few at a time; the oldest is forgotten first. */
const GOOD_TOKENS_KEPT = 100;

const TOKEN_ERRORS = new Set(['JsonWebTokenError', 'NotBeforeError']);

/** As CloudAdapter.process does before a turn (its validateAndFixActivity): the activity's times as Dates. */
function withDates(activity: Record<string, unknown>): Activity {
  for (const [field, raw] of [['timestamp', 'rawTimestamp'], ['expiration', 'rawExpiration'], ['localTimestamp', 'rawLocalTimestamp']] as const) {
    const value = activity[field];
    if (typeof value === 'string') {
      activity[raw] = value;
      activity[field] = new Date(value);
    }
  }
  return activity as unknown as Activity;
}

/**
 * botbuilder's CloudAdapter with its two steps apart, through its public API: the server checks the
 * token (authenticateRequest) and answers every failure itself — a forged signature would otherwise
 * escape as a 500 with a stack trace on the console (issue 15, L1) — and refuses channels and
 * tenants it does not serve before the turn runs (processActivity with the checked request).
 */
export class EdgeAdapter extends CloudAdapter {
  /** The Bot Connector clients, kept between turns and proactive turns alike (connector-cache.ts). */
  private readonly connectors: KeptClients<ConnectorClient>;

  /** The issuer of the channels' tokens: the only tokens this bot takes. */
  private readonly channelIssuer: string;

  constructor(private readonly authentication: KeptClientsAuthentication) {
    super(authentication);
    this.connectors = authentication.connectors;
    this.channelIssuer = authentication.channelIssuer;
  }

  /**
   * For /readyz: undefined when the bot can get its token for Teams (or has no app id), else what is
   * wrong and what to check, in the words the outbox logs (teams-errors.ts), never MSAL's message.
   */
  async signInProblem(): Promise<string | undefined> {
    try {
      await this.authentication.signIn();
      return undefined;
    } catch (error) {
      // MSAL's name and code only ('ServerError invalid_client'): its message names the app and the tenant.
      const code = (error as { errorCode?: unknown } | null)?.errorCode;
      const cause = `${error instanceof Error ? error.name : 'unknown error'}${typeof code === 'string' ? ` ${code}` : ''}`;
      const typed = teamsSendError(error, 'the readiness check').error;
      const advice = typed instanceof SignInFailedError ? typed.advice : 'check MICROSOFT_APP_ID, MICROSOFT_APP_TENANT_ID and MICROSOFT_APP_PASSWORD';
      return `the bot cannot sign in to the Bot Framework, so no Teams message can be sent (${cause}): ${advice}`;
    }
  }

  /** Authorization headers whose token was found good before a body was read, each with when it expires (seconds). */
  private readonly goodTokens = new Map<string, number>();

  /**
   * The token alone, before the body is read: its signature, issuer, audience and expiry. The service
   * URL and the channel's endorsement of the key need the activity; checkToken checks them, and all
   * the rest again, once it is read. Without this, a request with any Authorization header had up to
   * 256 KB of hostile JSON parsed and walked (about 0.1 s of the answering thread) before being refused.
   * A token found good is remembered until it expires (the Bot Connector sends one for an hour), so a
   * channel's requests pay for one check, as before.
   */
  async checkTokenAlone(authorization: string, nowSeconds = Date.now() / 1000): Promise<TokenCheck | { ok: true }> {
    const expires = this.goodTokens.get(authorization);
    if (expires !== undefined && expires > nowSeconds) return { ok: true };
    // An empty channel id asks for no key endorsement (botbuilder's EndorsementsValidator); an empty service URL is not compared.
    const check = await this.checkToken({ channelId: '', serviceUrl: '' }, authorization);
    if (check.ok) {
      if (this.goodTokens.size >= GOOD_TOKENS_KEPT) this.goodTokens.delete(this.goodTokens.keys().next().value!);
      const exp = Number(check.request.claimsIdentity.getClaimValue('exp'));
      this.goodTokens.set(authorization, Number.isFinite(exp) ? exp : nowSeconds);
    }
    return check;
  }

  async checkToken(activity: unknown, authorization: string): Promise<TokenCheck> {
    try {
      const request = await this.botFrameworkAuthentication.authenticateRequest(activity as Activity, authorization);
      // A channel's token always says when it ends; jsonwebtoken accepts one that does not, and it would never expire.
      // (Without an app id there is no token: the identity has no claims at all.)
      const claims = request.claimsIdentity.claims;
      if (claims.length > 0 && !claims.some((claim) => claim.type === 'exp')) return { ok: false, status: 401, code: 'INVALID_TOKEN', errorName: 'NoExpiry' };
      // botbuilder also takes the Bot Framework Emulator's tokens: an Entra ID token for this app, got by this
      // app, with no service URL bound. Whoever holds the app's secret (or its managed identity) could then
      // post as anyone. Teams and Outlook send only the Bot Connector's tokens.
      if (claims.length > 0 && !claims.some((claim) => claim.type === 'iss' && claim.value === this.channelIssuer)) return { ok: false, status: 401, code: 'INVALID_TOKEN', errorName: 'NotChannelToken' };
      return { ok: true, request };
    } catch (error) {
      const name = error instanceof Error ? error.name : typeof error;
      const statusCode = (error as { statusCode?: unknown } | null)?.statusCode;
      if (name === 'FetchError' || (typeof statusCode === 'number' && statusCode >= 500)) {
        return { ok: false, status: 503, code: 'KEYS_UNAVAILABLE', errorName: name };
      }
      if (name === 'TokenExpiredError' || (error instanceof Error && /expired/i.test(error.message))) {
        return { ok: false, status: 401, code: 'EXPIRED_TOKEN', errorName: name };
      }
      // Anything else fails closed: botbuilder's AuthenticationError, jsonwebtoken's errors, the unforeseen.
      return { ok: false, status: 401, code: 'INVALID_TOKEN', errorName: TOKEN_ERRORS.has(name) || typeof statusCode === 'number' ? name : 'Error' };
    }
  }

  /** Runs the turn for an activity whose token was checked; the invoke response, if any. */
  async runTurn(request: AuthenticatedRequest, activity: unknown, logic: TurnLogic): Promise<InvokeResponse | undefined> {
    return this.processActivity(withKeptConnector(request, this.connectors), withDates(activity as Record<string, unknown>), logic);
  }
}

/** What the web server needs to know of botbuilder, without importing it. */
export type BotAdapter = EdgeAdapter;
export type Bot = ActivityHandler;
export type TurnLogic = (context: TurnContext) => Promise<void>;

/** Where the server's per-request correlation id is kept on a turn, for logs and the apology. */
const CORRELATION_ID = Symbol('correlationId');
/** What the turn has recorded so far (src/cases/recorded-in-turn.ts), for the apology. */
const RECORDED = Symbol('recorded');

export function correlationIdOf(context: TurnContext): string | undefined {
  const value: unknown = context.turnState.get(CORRELATION_ID);
  return typeof value === 'string' ? value : undefined;
}

function recordedIn(context: TurnContext): readonly string[] {
  return (context.turnState.get(RECORDED) as TurnRecord | undefined)?.refs ?? [];
}

/** The turn logic for one HTTP request: runs `bot`, tagged with the request's correlation id, noting what it records. */
export function turnLogic(bot: Bot, correlationId: string): TurnLogic {
  return async (context) => {
    const record: TurnRecord = { refs: [] };
    context.turnState.set(CORRELATION_ID, correlationId);
    context.turnState.set(RECORDED, record);
    await inTurn(record, () => bot.run(context));
  };
}

/** A click's invoke is answered with a card (HTTP 200), as every other answer to a click is; Teams shows a bare error for anything else. */
const isCardAction = (context: TurnContext): boolean => context.activity.type === 'invoke' && context.activity.name === 'adaptiveCard/action';

/**
 * The public Azure cloud's values (botframework-connector's AuthenticationConstants), given in full
 * when the channel's token issuer is overridden: botbuilder then takes every setting as given.
 */
const PUBLIC_CLOUD = {
  ToChannelFromBotLoginUrl: 'https://login.microsoftonline.com/botframework.com',
  ToChannelFromBotOAuthScope: 'https://api.botframework.com',
  OAuthUrl: 'https://api.botframework.com',
  ToBotFromEmulatorOpenIdMetadataUrl: 'https://login.microsoftonline.com/common/v2.0/.well-known/openid-configuration',
  CallerId: 'urn:botframework:azure',
  ValidateAuthority: true,
} as const;

/** botframework-connector's AuthenticationConstants.ToBotFromChannelTokenIssuer: the issuer of every Teams and Outlook token. */
const BOT_FRAMEWORK_CHANNEL_ISSUER = 'https://api.botframework.com';

type UserTokenClient = Awaited<ReturnType<ConfigurationBotFrameworkAuthentication['createUserTokenClient']>>;
type ClaimsIdentityOf = Parameters<ConfigurationBotFrameworkAuthentication['createConnectorFactory']>[0];
type BotConnectorFactory = ReturnType<ConfigurationBotFrameworkAuthentication['createConnectorFactory']>;

/**
 * botbuilder's authentication, with the clients it makes for every turn kept (connector-cache.ts):
 * the UserTokenClient per app id, and the Bot Connector clients of proactive turns (the outbox
 * thread's notices and card edits: continueConversationAsync, createConversationAsync), which
 * botbuilder otherwise builds anew, each with its own HTTP pipeline, for every message sent.
 */
export class KeptClientsAuthentication extends ConfigurationBotFrameworkAuthentication {
  private readonly userTokenClients = new KeptClients<UserTokenClient>();
  /** Shared with the adapter's turns (EdgeAdapter.runTurn). */
  readonly connectors = new KeptClients<ConnectorClient>();
  /** Who issues the channels' tokens: the Bot Framework's own issuer unless the settings name another. */
  readonly channelIssuer: string;

  /** The factory of the bot's own credentials, the one botbuilder signs its messages with (given to it below). */
  private readonly credentials: ConfigurationServiceClientCredentialFactory;

  /** The bot's app id, if it has one. */
  private readonly appId: string | undefined;

  constructor(settings: ConstructorParameters<typeof ConfigurationBotFrameworkAuthentication>[0] = {}) {
    const credentials = new ConfigurationServiceClientCredentialFactory(settings);
    super(settings, credentials);
    this.credentials = credentials;
    this.appId = settings.MicrosoftAppId;
    this.channelIssuer = settings.ToBotFromChannelTokenIssuer ?? BOT_FRAMEWORK_CHANNEL_ISSUER;
  }

  /**
   * Gets the token the bot sends Teams messages with, as a send does: from botbuilder's cache
   * (kept until five minutes before it expires, shared by every send), else from Entra ID. Throws
   * MSAL's error when the bot cannot sign in; nothing to do without an app id.
   */
  async signIn(): Promise<void> {
    const appId = this.appId;
    if (!appId) return;
    const credentials = (await this.credentials.createCredentials(appId, PUBLIC_CLOUD.ToChannelFromBotOAuthScope, PUBLIC_CLOUD.ToChannelFromBotLoginUrl, true)) as { getToken?(forceRefresh?: boolean): Promise<string> };
    await credentials.getToken?.();
  }

  override createConnectorFactory(identity: ClaimsIdentityOf): BotConnectorFactory {
    return keptConnectorFactory(identity, super.createConnectorFactory(identity), this.connectors) as BotConnectorFactory;
  }

  override createUserTokenClient(identity: Parameters<ConfigurationBotFrameworkAuthentication['createUserTokenClient']>[0]): Promise<UserTokenClient> {
    return this.userTokenClients.get(appIdOf(identity), () => super.createUserTokenClient(identity));
  }
}

export function createBotAdapter(settings: BotSettings, logger: Logger): BotAdapter {
  const issuer = settings.channelTokenIssuer;
  const authentication = new KeptClientsAuthentication({
    MicrosoftAppId: settings.appId,
    MicrosoftAppPassword: settings.appPassword,
    MicrosoftAppTenantId: settings.appTenantId,
    MicrosoftAppType: settings.appType,
    // botbuilder's documented settings for where a channel's tokens come from (a local issuer in tests).
    ...(issuer ? { ...PUBLIC_CLOUD, ToBotFromChannelOpenIdMetadataUrl: issuer.openIdMetadataUrl, ToBotFromChannelTokenIssuer: issuer.issuer } : {}),
  });
  const adapter = new EdgeAdapter(authentication);

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
    const kind = isCardAction(context) ? 'click' : context.activity.type === 'message' ? 'command' : 'other';
    recordTurnFailure(context.activity.type, kind);
    // A turn nobody asked for (the welcome when the app is added, an install update): there is nothing to
    // try again, so the person is not told "nothing was recorded"; the log line and the count above remain.
    if (kind === 'other') return;
    const failure = turnFailure(error, correlationId, recordedIn(context));
    try {
      if (isCardAction(context)) {
        await context.sendActivity({ type: 'invokeResponse', value: { status: 200, body: cardResponse(refusal(failure.title, failure.text)) } });
      } else await context.sendActivity(failure.chat);
    } catch (sendError) {
      logger.error('could not send the apology', { correlationId, ...errorFields(sendError) });
    }
  };
  return adapter;
}
