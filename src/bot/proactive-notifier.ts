/**
 * Notifier over Bot Framework proactive messaging: a 1:1 chat by the person's Entra object id,
 * or the IRO channel (`channel:iro`), each through the conversation reference saved when the
 * person last wrote to the bot (or when the channel was set up). Called by the outbox worker only.
 *
 * Teams' limits are kept here (sources in src/cases/send-rate.ts and teams-errors.ts): posts to
 * one conversation are paced under the documented per-conversation rate, leaving room for the
 * bot's replies to what the person types (OUTBOX_PER_CONVERSATION); a 429 is honoured with
 * its Retry-After; a 413 MessageSizeTooBig is permanent (retrying the same card cannot help).
 */
import { Activity, CardFactory, CloudAdapter, ConversationReference, MessageFactory, TurnContext } from 'botbuilder';
import { escapeMarkdown } from './markdown-escape';
import { deliveryKeys, isChannelKey, recipientKey, type ThreadKey } from '../ports/delivery-keys';
import type { DeliveryState } from '../ports/delivery-state';
import { Notice, Notifier, RecipientUnreachableError, SentCopy } from '../ports/notifier';
import { OUTBOX_PER_APP, OUTBOX_PER_CONVERSATION, SendRate, WHOLE_APP } from '../cases/send-rate';
import { teamsSendError } from './teams-errors';
import { AppInstallError, type AppInstaller } from '../ports/app-installer';

export interface ProactiveNotifierDeps {
  adapter: Pick<CloudAdapter, 'continueConversationAsync' | 'createConversationAsync'>;
  /** The bot's Microsoft App Id ('' when running without one, e.g. locally). */
  appId: string;
  conversations: DeliveryState;
  /** Pacing per conversation (one per process; the outbox's share of Teams' documented limits by default). */
  rate?: SendRate;
  /** Pacing of the app's requests in the tenant, every conversation together (default OUTBOX_PER_APP). */
  appRate?: SendRate;
  /** Longest wait for a slot while holding the outbox item; longer waits go back to the outbox. */
  maxPaceWaitMs?: number;
  /**
   * Proactive installation (TEAMS_APP_CATALOG_ID): someone the bot has never heard from gets the app
   * installed for them through Graph, and their 1:1 chat is opened (see installAndOpen). Without
   * it they are unreachable until they open the app (or a Teams app setup policy installs it).
   */
  install?: {
    installer: AppInstaller;
    /** Where to open the chat when no conversation has told the bot its service URL yet (TEAMS_SERVICE_URL). */
    serviceUrl: string;
    /** The council's tenant (MICROSOFT_APP_TENANT_ID); else the one a saved conversation names. */
    tenantId?: string | undefined;
    /** Installing failed for a reason a retry will not fix: for operators (the message says what to check). */
    onProblem?: (error: AppInstallError) => void;
  };
}

/** An Entra object id (a person): the only recipients the app can be installed for. */
const ENTRA_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The audience of tokens for the Bot Connector (botframework-connector's ToChannelFromBotOAuthScope). */
const BOT_CONNECTOR_AUDIENCE = 'https://api.botframework.com';

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

function messageOf(notice: Pick<Notice, 'text' | 'card'>): Partial<Activity> {
  // Teams renders a message's text as Markdown: escaped, so free text quoted in it is not a live link (L4).
  const text = escapeMarkdown(notice.text);
  return notice.card === undefined ? MessageFactory.text(text) : MessageFactory.attachment(CardFactory.adaptiveCard(notice.card), text);
}

export class ProactiveNotifier implements Notifier {
  private readonly rate: SendRate;
  private readonly appRate: SendRate;

  constructor(private readonly deps: ProactiveNotifierDeps) {
    this.rate = deps.rate ?? new SendRate(OUTBOX_PER_CONVERSATION);
    this.appRate = deps.appRate ?? new SendRate(OUTBOX_PER_APP);
  }

  async send(notice: Notice): Promise<SentCopy> {
    const recipient = recipientKey(notice.to);
    const saved = await this.deps.conversations.getConversation(recipient);
    let reference: Partial<ConversationReference>;
    if (!saved || typeof saved !== 'object' || !('conversation' in saved)) {
      // The key is an object id or channel key, never a child's name: safe in the message.
      if (!this.deps.install || !ENTRA_ID.test(notice.to)) throw new RecipientUnreachableError(`no conversation saved for ${notice.to}: they have not opened a chat with the bot yet`, 'no-chat');
      reference = await this.installAndOpen(notice.to, this.deps.install);
    } else {
      reference = saved as Partial<ConversationReference>;
      this.learn(reference);
    }
    if (notice.thread !== undefined && isChannelKey(recipient)) {
      const threadKey = deliveryKeys.thread(recipient, notice.thread);
      const thread = (await this.deps.conversations.getConversation(threadKey)) as Partial<ConversationReference> | undefined;
      if (!thread?.conversation) return this.startThread(reference, threadKey, notice);
      reference = thread;
    }
    const activityId = await this.inTurn(reference, notice.to, async (context) => (await context.sendActivity(messageOf(notice)))?.id);
    return { conversation: reference, activityId: activityId ?? '' };
  }

  /**
   * A case's first notice in a channel starts a new thread: createConversation with `isGroup` and
   * the channel's id ("Send proactive messages" / "Create the conversation",
   * https://learn.microsoft.com/microsoftteams/platform/bots/how-to/conversations/send-proactive-messages),
   * standard channels only. The thread's reference is kept, so the case's later notices reply in it.
   */
  private async startThread(channel: Partial<ConversationReference>, threadKey: ThreadKey, notice: Notice): Promise<SentCopy> {
    const channelId = channel.conversation?.id ?? notice.to;
    const serviceUrl = channel.serviceUrl ?? '';
    const takenAt = await this.pace(channelId);
    let threadId: string | undefined;
    try {
      await this.deps.adapter.createConversationAsync(
        this.deps.appId,
        channel.channelId ?? 'msteams',
        serviceUrl,
        // The Bot Connector's audience; none when running without an app id (locally).
        this.deps.appId ? BOT_CONNECTOR_AUDIENCE : '',
        {
          isGroup: true,
          channelData: { channel: { id: channelId } },
          activity: messageOf(notice) as Activity,
          ...(channel.bot ? { bot: channel.bot } : {}),
          ...(channel.conversation?.tenantId ? { tenantId: channel.conversation.tenantId } : {}),
        } as Parameters<CloudAdapter['createConversationAsync']>[4],
        async (context) => {
          threadId = context.activity.conversation?.id;
        },
      );
    } catch (error) {
      this.settle(channelId, takenAt);
      const typed = teamsSendError(error, notice.to);
      if (typed.retryAfterMs !== undefined) this.rate.holdOff(channelId, typed.retryAfterMs);
      throw typed.error;
    }
    this.settle(channelId, takenAt);
    if (!threadId) throw new Error('Teams did not answer the new thread\'s id');
    const thread = { ...channel, conversation: { ...channel.conversation, id: threadId } } as Partial<ConversationReference>;
    await this.deps.conversations.saveConversation(threadKey, thread);
    // Teams names a thread by its first post: "{channel};messageid={activity id}".
    return { conversation: thread, activityId: /;messageid=(.+)$/.exec(threadId)?.[1] ?? '' };
  }

  /** The service URL and tenant of a conversation Teams gave the bot: preferred to the configured ones. */
  private learned: { serviceUrl?: string; tenantId?: string } = {};

  private learn(reference: Partial<ConversationReference>): void {
    if (reference.channelId !== undefined && reference.channelId !== 'msteams') return;
    if (reference.serviceUrl) this.learned.serviceUrl = reference.serviceUrl;
    if (reference.conversation?.tenantId) this.learned.tenantId = reference.conversation.tenantId;
  }

  /**
   * Someone who never opened the app: install it for them (Graph; a 409 "already installed" is
   * fine), read their chat with the bot, then open that 1:1 conversation through the Bot Connector
   * (createConversation with them as the one member and the tenant: "Send proactive messages",
   * https://learn.microsoft.com/microsoftteams/platform/bots/how-to/conversations/send-proactive-messages).
   * The reference is kept, so later messages go straight there. The service URL is the one a real
   * conversation gave the bot, else the configured one (Microsoft's global
   * https://smba.trafficmanager.net/teams/ by default, "use only when no serviceUrl was received").
   */
  private async installAndOpen(to: string, install: NonNullable<ProactiveNotifierDeps['install']>): Promise<Partial<ConversationReference>> {
    let chatId: string;
    try {
      chatId = await install.installer.chatWith(to);
    } catch (error) {
      if (!(error instanceof AppInstallError)) throw error;
      install.onProblem?.(error);
      throw new RecipientUnreachableError(`the app could not be installed for ${to} (${error.failure})`, 'install-failed');
    }
    const serviceUrl = this.learned.serviceUrl ?? install.serviceUrl;
    const tenantId = install.tenantId ?? this.learned.tenantId;
    const bot = this.deps.appId ? { id: `28:${this.deps.appId}`, name: '' } : undefined;
    let opened: { id?: string; serviceUrl?: string } = {};
    const appTakenAt = await this.paceApp();
    try {
      await this.deps.adapter.createConversationAsync(
        this.deps.appId,
        'msteams',
        serviceUrl,
        this.deps.appId ? BOT_CONNECTOR_AUDIENCE : '',
        {
          isGroup: false,
          members: [{ id: to, name: '' }],
          ...(bot ? { bot } : {}),
          ...(tenantId ? { tenantId, channelData: { tenant: { id: tenantId } } } : {}),
        } as Parameters<CloudAdapter['createConversationAsync']>[4],
        async (context) => {
          opened = { ...(context.activity.conversation?.id ? { id: context.activity.conversation.id } : {}), ...(context.activity.serviceUrl ? { serviceUrl: context.activity.serviceUrl } : {}) };
        },
      );
    } catch (error) {
      this.appRate.settle(WHOLE_APP, appTakenAt);
      throw teamsSendError(error, to).error;
    }
    this.appRate.settle(WHOLE_APP, appTakenAt);
    // The Bot Connector's own id for the 1:1 is the one to send to (it may be written differently
    // from Graph's chat id, "19:…@unq.gbl.spaces"); Graph's chat is the sign that the install is done.
    const reference: Partial<ConversationReference> = {
      channelId: 'msteams',
      serviceUrl: opened.serviceUrl ?? serviceUrl,
      conversation: { id: opened.id ?? chatId, conversationType: 'personal', isGroup: false, name: '', ...(tenantId ? { tenantId } : {}) },
      // Their Teams id (29:...) is learnt when they first write; until then, their Entra object id.
      user: { id: to, name: '', aadObjectId: to },
      ...(bot ? { bot } : {}),
    };
    await this.deps.conversations.saveConversation(deliveryKeys.person(to), reference);
    return reference;
  }

  /**
   * An edited copy is the card alone, as in Microsoft's "Update cards" sample (MessageFactory.attachment,
   * then updateActivity): an edit notifies nobody, so the text, a notification's preview, would only
   * leave the old "is needed" words above the decision. The Agents Playground also refuses an edit
   * with text and a card (400 BadSyntax, "Activity resulted into multiple skype activities").
   */
  async update(copy: SentCopy, notice: Omit<Notice, 'to'>): Promise<void> {
    const reference = copy.conversation as Partial<ConversationReference>;
    const edited = notice.card === undefined ? messageOf(notice) : MessageFactory.attachment(CardFactory.adaptiveCard(notice.card));
    await this.inTurn(reference, reference.conversation?.id ?? '(unknown)', async (context) => {
      await context.updateActivity({ ...edited, id: copy.activityId });
      return copy.activityId;
    });
  }

  /** One proactive turn in `reference`'s conversation, paced, with Teams' errors made typed. */
  private async inTurn(reference: Partial<ConversationReference>, who: string, work: (context: TurnContext) => Promise<string | undefined>): Promise<string | undefined> {
    const conversationId = reference.conversation?.id ?? who;
    const takenAt = await this.pace(conversationId);
    try {
      // The adapter's onTurnError catches what the callback throws and does not rethrow it, so a
      // failed send would look delivered and the outbox would drop the notice: keep the error
      // here and throw it once the turn is over, so the outbox retries (or parks) it.
      let failure: { error: unknown } | undefined;
      let id: string | undefined;
      await this.deps.adapter.continueConversationAsync(this.deps.appId, reference, async (context) => {
        try {
          id = await work(context);
        } catch (error) {
          failure = { error };
        }
      });
      this.settle(conversationId, takenAt);
      if (failure) throw failure.error;
      return id;
    } catch (error) {
      this.settle(conversationId, takenAt);
      const typed = teamsSendError(error, who);
      if (typed.retryAfterMs !== undefined) this.rate.holdOff(conversationId, typed.retryAfterMs);
      throw typed.error;
    }
  }

  /**
   * Waits for a slot in the app's rate in the tenant (50 requests a second for every conversation
   * together: a morning's reminders to 150 people must not all go in the same second), then in the
   * conversation's; returns when the conversation's was taken.
   */
  private async pace(conversationId: string): Promise<{ at: number; appAt: number }> {
    const appAt = await this.paceApp();
    const limit = this.deps.maxPaceWaitMs ?? 2_000;
    for (;;) {
      const { wait, at } = this.rate.takeAt(conversationId);
      if (wait === 0) return { at, appAt };
      // A long wait (the 30-second or hourly window is full) goes back to the outbox, which tries again then.
      if (wait > limit) {
        this.appRate.settle(WHOLE_APP, appAt);
        throw teamsSendError({ statusCode: 429, paced: wait }, conversationId).error;
      }
      await sleep(wait);
    }
  }

  /** Waits for a slot in the app's rate (a second at a time: its one window is a second long); returns when it was taken. */
  private async paceApp(): Promise<number> {
    for (;;) {
      const { wait, at } = this.appRate.takeAt(WHOLE_APP);
      if (wait === 0) return at;
      await sleep(wait);
    }
  }

  /** The request taken at `taken` was answered: both rates count it from now (Teams counts it when it arrives). */
  private settle(conversationId: string, taken: { at: number; appAt: number }): void {
    this.rate.settle(conversationId, taken.at);
    this.appRate.settle(WHOLE_APP, taken.appAt);
  }
}
