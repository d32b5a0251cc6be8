/**
 * Notifier over Bot Framework proactive messaging: a 1:1 chat by the person's Entra object id,
 * or the IRO channel (`channel:iro`), each through the conversation reference saved when the
 * person last wrote to the bot (or when the channel was set up). Called by the outbox worker only.
 */
import { CardFactory, CloudAdapter, ConversationReference, MessageFactory } from 'botbuilder';
import type { CaseStore } from '../ports/case-store';
import { Notice, Notifier, RecipientUnreachableError } from '../ports/notifier';

export interface ProactiveNotifierDeps {
  adapter: Pick<CloudAdapter, 'continueConversationAsync'>;
  /** The bot's Microsoft App Id ('' when running without one, e.g. locally). */
  appId: string;
  conversations: Pick<CaseStore, 'getConversation'>;
}

function statusOf(error: unknown): number | undefined {
  const status = (error as { statusCode?: unknown } | null)?.statusCode;
  return typeof status === 'number' ? status : undefined;
}

export class ProactiveNotifier implements Notifier {
  constructor(private readonly deps: ProactiveNotifierDeps) {}

  async send(notice: Notice): Promise<void> {
    const saved = await this.deps.conversations.getConversation(notice.to);
    if (!saved || typeof saved !== 'object' || !('conversation' in saved)) {
      // The key is an object id or channel key, never a child's name: safe in the message.
      throw new RecipientUnreachableError(`no conversation saved for ${notice.to}: they have not opened a chat with the bot yet`, 'no-chat');
    }
    const activity = notice.card === undefined
      ? MessageFactory.text(notice.text)
      : MessageFactory.attachment(CardFactory.adaptiveCard(notice.card), notice.text);
    try {
      // The adapter's onTurnError catches what the callback throws and does not rethrow it, so a
      // failed send would look delivered and the outbox would drop the notice: keep the error
      // here and throw it once the turn is over, so the outbox retries (or parks) it.
      let failure: { error: unknown } | undefined;
      await this.deps.adapter.continueConversationAsync(this.deps.appId, saved as Partial<ConversationReference>, async (context) => {
        try {
          await context.sendActivity(activity);
        } catch (error) {
          failure = { error };
        }
      });
      if (failure) throw failure.error;
    } catch (error) {
      // 403 (MessageWritesBlocked: the app was blocked or uninstalled) and 404 will not heal by retrying.
      const status = statusOf(error);
      if (status === 403 || status === 404) throw new RecipientUnreachableError(`${notice.to} cannot be reached (HTTP ${status})`, 'refused');
      throw error;
    }
  }
}
