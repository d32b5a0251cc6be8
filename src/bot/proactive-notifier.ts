/**
 * Notifier over Bot Framework proactive messaging: a 1:1 chat by the person's Entra object id,
 * or the IRO channel (`channel:iro`), each through the conversation reference saved when the
 * person last wrote to the bot (or when the channel was set up). Called by the outbox worker only.
 *
 * Teams' limits are kept here (sources in src/cases/send-rate.ts and teams-errors.ts): posts to
 * one conversation are paced under the documented per-conversation rate; a 429 is honoured with
 * its Retry-After; a 413 MessageSizeTooBig is permanent (retrying the same card cannot help).
 */
import { Activity, CardFactory, CloudAdapter, ConversationReference, MessageFactory, TurnContext } from 'botbuilder';
import { escapeMarkdown } from './markdown-escape';
import type { CaseStore } from '../ports/case-store';
import { Notice, Notifier, RecipientUnreachableError, SentCopy } from '../ports/notifier';
import { SendRate } from '../cases/send-rate';
import { teamsSendError } from './teams-errors';

export interface ProactiveNotifierDeps {
  adapter: Pick<CloudAdapter, 'continueConversationAsync' | 'createConversationAsync'>;
  /** The bot's Microsoft App Id ('' when running without one, e.g. locally). */
  appId: string;
  conversations: Pick<CaseStore, 'getConversation' | 'saveConversation'>;
  /** Pacing per conversation (one per process; the documented Teams limits by default). */
  rate?: SendRate;
  /** Longest wait for a slot while holding the outbox item; longer waits go back to the outbox. */
  maxPaceWaitMs?: number;
}

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

  constructor(private readonly deps: ProactiveNotifierDeps) {
    this.rate = deps.rate ?? new SendRate();
  }

  async send(notice: Notice): Promise<SentCopy> {
    const saved = await this.deps.conversations.getConversation(notice.to);
    if (!saved || typeof saved !== 'object' || !('conversation' in saved)) {
      // The key is an object id or channel key, never a child's name: safe in the message.
      throw new RecipientUnreachableError(`no conversation saved for ${notice.to}: they have not opened a chat with the bot yet`, 'no-chat');
    }
    let reference = saved as Partial<ConversationReference>;
    if (notice.thread !== undefined && notice.to.startsWith('channel:')) {
      const threadKey = `thread:${notice.to}:${notice.thread}`;
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
  private async startThread(channel: Partial<ConversationReference>, threadKey: string, notice: Notice): Promise<SentCopy> {
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
      this.rate.settle(channelId, takenAt);
      const typed = teamsSendError(error, notice.to);
      if (typed.retryAfterMs !== undefined) this.rate.holdOff(channelId, typed.retryAfterMs);
      throw typed.error;
    }
    this.rate.settle(channelId, takenAt);
    if (!threadId) throw new Error('Teams did not answer the new thread\'s id');
    const thread = { ...channel, conversation: { ...channel.conversation, id: threadId } } as Partial<ConversationReference>;
    await this.deps.conversations.saveConversation(threadKey, thread);
    // Teams names a thread by its first post: "{channel};messageid={activity id}".
    return { conversation: thread, activityId: /;messageid=(.+)$/.exec(threadId)?.[1] ?? '' };
  }

  async update(copy: SentCopy, notice: Omit<Notice, 'to'>): Promise<void> {
    const reference = copy.conversation as Partial<ConversationReference>;
    await this.inTurn(reference, reference.conversation?.id ?? '(unknown)', async (context) => {
      await context.updateActivity({ ...messageOf(notice), id: copy.activityId });
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
      this.rate.settle(conversationId, takenAt);
      if (failure) throw failure.error;
      return id;
    } catch (error) {
      this.rate.settle(conversationId, takenAt);
      const typed = teamsSendError(error, who);
      if (typed.retryAfterMs !== undefined) this.rate.holdOff(conversationId, typed.retryAfterMs);
      throw typed.error;
    }
  }

  /** Waits for a slot in the conversation's rate; returns when it was taken. */
  private async pace(conversationId: string): Promise<number> {
    const limit = this.deps.maxPaceWaitMs ?? 2_000;
    for (;;) {
      const { wait, at } = this.rate.takeAt(conversationId);
      if (wait === 0) return at;
      // A long wait (the 30-second or hourly window is full) goes back to the outbox, which tries again then.
      if (wait > limit) throw teamsSendError({ statusCode: 429, paced: wait }, conversationId).error;
      await sleep(wait);
    }
  }
}
