/** Whole bot turns through botbuilder's TestAdapter against a real case service (SQLite world). */
import { strict as assert } from 'node:assert';
import { Activity, TestAdapter } from 'botbuilder';
import { BotOverrides, caseApproversOn, createBotOn } from '../../../src/composition-root';
import { makeWorld, World } from '../../../support/world';
import { cardProblems } from './card-check';

export type Who = { id: string; name: string };
export type CardAction = { type: string; title: string; verb: string; data: Record<string, string> };
export type Card = { body?: unknown[]; actions?: CardAction[]; version?: string };

export { cardTexts as texts } from '../../../support/card-texts';

/** The input elements of a card (anywhere in its body), by id. */
export function inputs(card: Card): Map<string, { type: string; value?: unknown; choices?: { value: string }[] }> {
  const found = new Map<string, { type: string; value?: unknown; choices?: { value: string }[] }>();
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (node && typeof node === 'object') {
      const n = node as { type?: unknown; id?: unknown };
      if (typeof n.type === 'string' && n.type.startsWith('Input.') && typeof n.id === 'string') found.set(n.id, node as { type: string });
      Object.values(node).forEach(walk);
    }
  };
  walk(card.body);
  return found;
}

/** The card's actions and those of the ActionSets in its body (the case card's "If something is wrong" row). */
export function allActions(card: Card): CardAction[] {
  const found: CardAction[] = [...(card.actions ?? [])];
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (node && typeof node === 'object') {
      const n = node as { type?: unknown; actions?: CardAction[] };
      if (n.type === 'ActionSet' && Array.isArray(n.actions)) found.push(...n.actions);
      Object.values(node).forEach(walk);
    }
  };
  walk(card.body);
  return found;
}

export class ConversationDriver {
  readonly adapter: TestAdapter;
  private nextId = 0;

  /** The bot as the composition root builds it on the world's services; `settings`: what a test sets of the bot's configuration. */
  constructor(readonly world: World, settings: BotOverrides = {}) {
    const bot = createBotOn(world.config, world.app, caseApproversOn(world.config, world.app), settings);
    this.adapter = new TestAdapter(async (context) => bot.run(context));
  }

  private from(who: Who) {
    return { id: `29:${who.id}`, aadObjectId: who.id, name: who.name };
  }

  async replies(activity: Partial<Activity>): Promise<Partial<Activity>[]> {
    await this.adapter.processActivity(activity);
    const out: Partial<Activity>[] = [];
    for (let r = this.adapter.activeQueue.shift(); r; r = this.adapter.activeQueue.shift()) out.push(r);
    return out;
  }

  async say(who: Who, text: string): Promise<Partial<Activity>[]> {
    return this.replies({ type: 'message', text, from: this.from(who), id: `m-${++this.nextId}` });
  }

  async sayForCard(who: Who, text: string): Promise<Card> {
    const [reply] = await this.say(who, text);
    const card = reply?.attachments?.[0]?.content as Card | undefined;
    assert.ok(card, `expected a card for "${text}"`);
    assert.deepEqual(cardProblems(card), []);
    return card;
  }

  /** An adaptiveCard/action invoke with `value` as Teams would send it (or not); the invoke response it got. */
  async invoke(who: Who, value: unknown): Promise<{ status: number; body: { statusCode: number; type: string; value: Card } }> {
    const out = await this.replies({ type: 'invoke', name: 'adaptiveCard/action', id: `i-${++this.nextId}`, from: this.from(who), value });
    const response = out.find((a) => a.type === 'invokeResponse');
    assert.ok(response, 'an invoke response');
    return response.value as { status: number; body: { statusCode: number; type: string; value: Card } };
  }

  /** One click: an adaptiveCard/action invoke; returns the card in the HTTP 200 invoke response. */
  async click(who: Who, verb: string, data: unknown): Promise<Card> {
    const { status, body } = await this.invoke(who, { action: { type: 'Action.Execute', verb, data }, trigger: 'manual' });
    assert.equal(status, 200);
    assert.equal(body.type, 'application/vnd.microsoft.card.adaptive');
    assert.deepEqual(cardProblems(body.value), [], 'the card parses cleanly');
    return body.value;
  }

  action(card: Card, title: RegExp): CardAction {
    const all = allActions(card);
    const found = all.find((a) => title.test(a.title));
    assert.ok(found, `no action ${title} among ${all.map((a) => a.title).join(', ')}`);
    return found;
  }

  /**
   * Presses a button as Teams does: the action's data plus the card's inputs with their current
   * values (what the form showed), overridden by what the person typed (`typed`).
   */
  async press(who: Who, card: Card, title: RegExp, typed: Record<string, unknown> = {}): Promise<Card> {
    const a = this.action(card, title);
    const shown: Record<string, unknown> = {};
    if ((a as { associatedInputs?: string }).associatedInputs !== 'none') {
      for (const [id, input] of inputs(card)) if (input.value !== undefined && input.value !== '') shown[id] = input.value;
    }
    return this.click(who, a.verb, { ...shown, ...a.data, ...typed });
  }
}

/**
 * For a suite: before each test a new world (2 March 2026) and the bot the composition root builds
 * on it, closed after each. Read `world` and `driver` inside the tests.
 */
export function botOnEachWorld(): { readonly world: World; readonly driver: ConversationDriver } {
  const current = {} as { world: World; driver: ConversationDriver };
  beforeEach(() => {
    current.world = makeWorld('2026-03-02T10:00:00Z');
    current.driver = new ConversationDriver(current.world);
  });
  afterEach(async () => current.world.close());
  return current;
}
