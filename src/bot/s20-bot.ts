/**
 * The case bot for personal chat: the botbuilder turn. Text commands go to src/bot/text-commands.ts;
 * `adaptiveCard/action` invokes are read once against the union of verbs (src/bot/invoke-verbs.ts)
 * and routed by src/bot/invoke-router.ts. The person acting is taken only from the activity
 * (`from.aadObjectId`), never from card data; every answer to a click is a card (HTTP 200), with any
 * refusal shown on it in plain words and its rule id.
 */
import { createHash } from 'node:crypto';
import { Activity, ActivityHandler, AdaptiveCardInvokeResponse, AdaptiveCardInvokeValue, CardFactory, MessageFactory, TurnContext } from 'botbuilder';
import type { Person } from '../protocol';
import { APP_NAME } from '../protocol';
import { refusal } from './answer-cards';
import { listContextOf, type S20BotDeps } from './bot-deps';
import type { CardJson } from './card-builder';
import { routeInvoke } from './invoke-router';
import { readInvoke } from './invoke-verbs';
import { noteShownCard } from './opened-copies';
import { isFromOutlook, MESSAGE_RESPONSE_TYPE, outlookAnswer } from './outlook-invoke';
import { OUTLOOK_MESSAGE } from './outlook-words';
import { isSharedConversation, ReferenceKeeper } from './reference-keeper';
import { answerText, CHANNEL_TEXT, type ChatAnswer, commandText, WELCOME_TEXT } from './text-commands';
import { waitingCard } from './waiting-card';
import { entraObjectId } from '../cases/entra-object-id';

export type { S20BotDeps } from './bot-deps';
export { HELP_TEXT, WELCOME_TEXT } from './text-commands';

const CARD_RESPONSE_TYPE = 'application/vnd.microsoft.card.adaptive';

/** A click's answer: the card, shown in place of the one clicked. */
export function cardResponse(card: CardJson): AdaptiveCardInvokeResponse {
  return { statusCode: 200, type: CARD_RESPONSE_TYPE, value: card };
}

function chatMessage(answer: ChatAnswer): Partial<Activity> {
  return answer.card ? MessageFactory.attachment(CardFactory.adaptiveCard(answer.card), answer.text) : MessageFactory.text(answer.text ?? '');
}

/** The person acting: their Entra object id (the test adapter and Playground may omit it). */
export function actorOf(context: TurnContext): Person {
  const from = context.activity.from;
  return { id: entraObjectId(from.aadObjectId ?? from.id), name: from.name ?? '' };
}

const UNKNOWN_ACTION = (): CardJson => refusal('That action is not known', `This card is out of date or was not made by ${APP_NAME}. Type "help" to see what you can do.`);
const UNREADABLE_ACTION = (): CardJson => refusal('That action could not be read', 'The card sent incomplete data. Type "case" and the reference to open the case again.');

export class S20Bot extends ActivityHandler {
  private readonly references: ReferenceKeeper;

  constructor(private readonly deps: S20BotDeps) {
    super();
    this.references = new ReferenceKeeper(deps.conversations, deps.iroChannelId);
    this.onMessage(async (context, next) => {
      const problem = this.callerProblem(context);
      if (problem) {
        await context.sendActivity(MessageFactory.text(problem));
        return;
      }
      // Typed from Outlook: who sent it is as unsure as for an action there, so nothing of a case is shown.
      if (isFromOutlook(context)) {
        await context.sendActivity(MessageFactory.text(OUTLOOK_MESSAGE));
        return;
      }
      await this.references.save(context, actorOf(context).id);
      // In a channel (the IRO channel, a team the app is in), the personal commands would only answer with help for a chat that is elsewhere.
      if (isSharedConversation(context.activity)) {
        await context.sendActivity(MessageFactory.text(CHANNEL_TEXT));
        return;
      }
      await context.sendActivity(chatMessage(await answerText(this.deps, actorOf(context), commandText(context.activity.text), context.activity.id)));
      await next();
    });
    this.onMembersAdded(async (context, next) => {
      const added = context.activity.membersAdded ?? [];
      if (isFromOutlook(context)) {
        // Not the person's Teams chat (src/bot/outlook-invoke.ts): nothing kept, no welcome.
      } else if (isSharedConversation(context.activity)) {
        // Installed in a team: remember the IRO channel if this is it. No welcome in a channel, group
        // chat or meeting chat: it would tell everyone there what waits for whoever added someone.
        await this.references.save(context, actorOf(context).id);
      } else if (added.some((m) => m.id !== context.activity.recipient.id)) {
        await this.references.save(context, actorOf(context).id);
        await context.sendActivity(await this.welcome(context));
      }
      await next();
    });
  }

  /**
   * The welcome, and what already waits for them: a manager who installs the app after being
   * asked (the request could not reach them before) learns of it at once.
   */
  private async welcome(context: TurnContext): Promise<Partial<Activity>> {
    if (this.callerProblem(context)) return MessageFactory.text(WELCOME_TEXT);
    const waiting = (await this.deps.service.waitingFor(actorOf(context))).decisions;
    if (waiting.length === 0) return MessageFactory.text(WELCOME_TEXT);
    const count = waiting.length === 1 ? '1 decision is' : `${waiting.length} decisions are`;
    const text = `${WELCOME_TEXT}\n\n${count} already waiting for you: open ${waiting.length === 1 ? 'it' : 'them'} below, or type **my cases** later.`;
    return chatMessage({ text, card: waitingCard(waiting, listContextOf(this.deps)) });
  }

  /**
   * Who may talk to the bot at all: when an app id is configured (a real tenant), the caller must
   * carry an Entra object id — a client-chosen `from.id` is never taken for one — and, when a
   * tenant is configured, come from that tenant. Locally (no app id) the Playground and the
   * test adapter may identify users by `from.id`.
   */
  private callerProblem(context: TurnContext): string | undefined {
    const activity = context.activity;
    if (this.deps.requireEntraIdentity && !activity.from?.aadObjectId) {
      return `Your Microsoft 365 account could not be identified, so nothing was done. Please use ${APP_NAME} in Teams or Outlook with your work account.`;
    }
    const tenant = activity.conversation?.tenantId ?? (activity.channelData as { tenant?: { id?: string } } | undefined)?.tenant?.id;
    // Tenant ids are GUIDs: compared in any case (L10). The HTTP edge has refused other tenants already.
    if (this.deps.tenantId && tenant?.toLowerCase() !== this.deps.tenantId.toLowerCase()) {
      return 'This app serves one organisation only, and your account belongs to another, so nothing was done.';
    }
    return undefined;
  }

  protected override async onAdaptiveCardInvoke(context: TurnContext, invokeValue: AdaptiveCardInvokeValue): Promise<AdaptiveCardInvokeResponse> {
    // An action from Outlook (src/bot/outlook-invoke.ts): nothing is recorded, and since who clicked
    // is not yet known for sure, nothing of the case is shown either; a message, so the mail keeps the request.
    // The botbuilder type allows an object only; a message answer's value is its text, as documented.
    if (isFromOutlook(context)) return { statusCode: 200, type: MESSAGE_RESPONSE_TYPE, value: outlookAnswer(invokeValue.action?.verb) as unknown as Record<string, unknown> };
    const problem = this.callerProblem(context);
    if (problem) return cardResponse(refusal('Not done', problem));
    const read = readInvoke(invokeValue);
    if (!read.ok) return cardResponse(read.problem === 'UNKNOWN_VERB' ? UNKNOWN_ACTION() : UNREADABLE_ACTION());
    const actor = actorOf(context);
    // Scoped to the person, the case, the verb and the activity (L2): a client's activity id is not
    // unique across people or cases, so reusing one can never answer a click with another's outcome.
    const sent = read.data as Record<string, unknown> | undefined;
    const key = createHash('sha256').update(JSON.stringify([actor.id, String(sent?.['caseId'] ?? ''), read.action.verb, context.activity.id ?? sent])).digest('hex');
    // A failure on our side (a full disk too, L8) goes to the adapter's onTurnError, which answers on the card whether anything was recorded.
    const card = await routeInvoke(this.deps, { actor, key, activityId: context.activity.id }, read.action);
    // A request opened on a message is one more copy to edit once it is decided. A refresh is
    // one person's view of the message, not a change of it, so it is left out.
    if (read.action.verb !== 'refreshApproval') await noteShownCard(this.deps.conversations, context, card);
    return cardResponse(card);
  }
}

export function createS20Bot(deps: S20BotDeps): S20Bot {
  return new S20Bot(deps);
}
