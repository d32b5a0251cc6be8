/**
 * People talking to the real bot over HTTP, as Teams carries them: each message and card action is
 * POSTed to the running server's /api/messages, and what the bot says back is read where Teams would
 * show it — a message's reply from the strict local Bot Connector, a card action's answer from the
 * invoke response, a notice from the Connector once the outbox has sent it. A button is pressed only
 * if the card shows it, with the action's own data and the card's inputs as shown; a person may type
 * only into inputs the card has.
 */
import { strict as assert } from 'node:assert';
import { activityId, invokeActivity, isInvokeBody, messageActivity, Who } from '../../support/bot-over-http/activities';
import { postJson } from '../../support/bot-over-http/http-post';
import { cardProblems } from '../bot/support/card-check';
import { allActions, Card, CardAction, inputs } from '../bot/support/conversation-driver';
import type { ConnectorCall, LocalBotConnector } from '../../support/local-bot-connector';
import { cardTexts as cardTextsOf } from '../../support/card-texts';

export { cardTexts as texts } from '../../support/card-texts';
export type { Card, CardAction };

const ADAPTIVE = 'application/vnd.microsoft.card.adaptive';

function cardOf(call: ConnectorCall): Card | undefined {
  const attachment = (call.body['attachments'] as { contentType?: string; content?: Card }[] | undefined)?.find((a) => a.contentType === ADAPTIVE);
  return attachment?.content;
}

export class HttpConversation {
  /** The Connector's ids of the notices a test has read. */
  private readonly read = new Set<string>();
  /** The Connector's ids of the bot's direct replies to what someone typed (not notices). */
  private readonly replies = new Set<string>();
  /** Every card this conversation was shown, oldest first: answers, replies and notices read. */
  readonly seen: Card[] = [];

  constructor(private readonly bot: { url: string; drain(): Promise<void> }, private readonly connector: LocalBotConnector) {}

  private chat(who: Who): string {
    return `a:personal-${who.id}`;
  }

  /** Everything the bot posted into this person's chat, oldest first. */
  private posts(who: Who): ConnectorCall[] {
    return this.connector.posts.filter((p) => p.conversation === this.chat(who));
  }

  /** A message typed in the bot's chat; the bot's replies as the Connector received them. */
  async say(who: Who, text: string): Promise<ConnectorCall[]> {
    const id = activityId('msg');
    const answer = await postJson(`${this.bot.url}/api/messages`, messageActivity(this.connector.url, who, text, id));
    assert.equal(answer.status, 200, `"${text}" answered ${answer.status}: ${answer.text}`);
    const replies = this.posts(who).filter((p) => p.body['replyToId'] === id);
    for (const reply of replies) this.replies.add(reply.activityId);
    this.seen.push(...replies.map(cardOf).filter((card): card is Card => card !== undefined));
    return replies;
  }

  async sayForCard(who: Who, text: string): Promise<Card> {
    const card = (await this.say(who, text)).map(cardOf).find(Boolean);
    assert.ok(card, `expected a card for "${text}"`);
    assert.deepEqual(cardProblems(card), [], 'the card parses cleanly');
    return card;
  }

  private async click(who: Who, verb: string, data: Record<string, unknown>): Promise<Card> {
    const answer = await postJson(`${this.bot.url}/api/messages`, invokeActivity(this.connector.url, who, verb, data));
    assert.equal(answer.status, 200, `${verb} answered ${answer.status}: ${answer.text}`);
    assert.ok(isInvokeBody(answer.json), `an invoke response: ${answer.text.slice(0, 300)}`);
    assert.equal(answer.json.statusCode, 200);
    assert.equal(answer.json.type, ADAPTIVE);
    const card = answer.json.value as Card;
    assert.deepEqual(cardProblems(card), [], 'the card parses cleanly');
    this.seen.push(card);
    return card;
  }

  /** The titles of every button the card shows. */
  titles(card: Card): string[] {
    return allActions(card).map((a) => a.title);
  }

  /**
   * Presses the button titled `title`, as Teams does: the action's own data and the card's inputs
   * with the values shown, overridden by what the person typed into them.
   */
  async press(who: Who, card: Card, title: RegExp, typed: Record<string, string> = {}): Promise<Card> {
    const actions = allActions(card);
    const action = actions.find((a) => title.test(a.title));
    assert.ok(action, `no button ${title} on the card; it shows: ${actions.map((a) => a.title).join(' | ')}`);
    const fields = inputs(card);
    const strange = Object.keys(typed).filter((id) => !fields.has(id));
    assert.deepEqual(strange, [], `typed into fields the card does not have (it has ${[...fields.keys()].join(', ')})`);
    const shown: Record<string, unknown> = {};
    if ((action as { associatedInputs?: string }).associatedInputs !== 'none') {
      for (const [id, input] of fields) if (input.value !== undefined && input.value !== '') shown[id] = input.value;
    }
    return this.click(who, action.verb, { ...shown, ...action.data, ...typed });
  }

  /** A card action with data no card showed (a tampered or stale client): for hostile tests only. */
  forged(who: Who, verb: string, data: Record<string, unknown>): Promise<Card> {
    return this.click(who, verb, data);
  }

  /**
   * What Teams does when this person views a card whose refresh.userIds holds their Teams id: it
   * sends the card's refresh action (its own verb and data) and shows the answer instead.
   */
  async refresh(who: Who, card: Card): Promise<Card> {
    const refresh = (card as { refresh?: { action?: { verb?: string; data?: Record<string, unknown> }; userIds?: string[] } }).refresh;
    assert.ok(refresh?.action?.verb, 'the card refreshes');
    assert.ok(refresh.userIds?.includes(`29:${who.id}`), `Teams refreshes it for ${who.name}`);
    return this.click(who, refresh.action.verb, refresh.action.data ?? {});
  }

  /** Lets the outbox send what is waiting; the notices posted into this person's chat not yet read. */
  private async unread(who: Who): Promise<ConnectorCall[]> {
    await this.bot.drain();
    // A notice is sent into the chat proactively; Teams threads it under the person's last message.
    return this.posts(who).filter((p) => !this.replies.has(p.activityId) && !this.read.has(p.activityId) && cardOf(p));
  }

  /** Every notice card not yet read, oldest first; they are then read. */
  async notices(who: Who): Promise<Card[]> {
    const calls = await this.unread(who);
    for (const call of calls) this.read.add(call.activityId);
    const cards = calls.map((c) => cardOf(c)!);
    this.seen.push(...cards);
    return cards;
  }

  /** The newest unread notice to this person whose words match `about` (the others stay unread). */
  async notice(who: Who, about: RegExp): Promise<Card> {
    const found = (await this.unread(who)).filter((c) => about.test(cardTextsOf(cardOf(c))));
    assert.ok(found.length > 0, `no notice to ${who.name} matching ${about}`);
    const call = found.at(-1)!;
    this.read.add(call.activityId);
    const card = cardOf(call)!;
    assert.deepEqual(cardProblems(card), [], 'the card parses cleanly');
    this.seen.push(card);
    return card;
  }
}
