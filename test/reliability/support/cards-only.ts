/**
 * A person working a case only through what the cards show them, over HTTP: they type "case REF",
 * press a button the case card offers, and on the form it opens fill in the fields it shows
 * (what the test says to type, else a plausible answer for each empty required field) and press its
 * submit button. Nothing is hand-built: the verbs and data are the cards' own. Each answer is
 * checked for a refusal ("Not recorded", "Please correct"), so a shown button that refuses fails.
 */
import { strict as assert } from 'node:assert';
import { allActions, inputs } from '../../bot/support/conversation-driver';
import type { OverHttp } from '../../conversations/support/over-http';
import { texts, type Card } from '../../support/http-conversation';

type Who = { id: string; name: string };

/** Verbs that open a form or another view rather than record anything. */
const VIEW_VERBS = new Set(['showCase', 'openStep', 'showApproval', 'refreshApproval']);

export function exactly(title: string): RegExp {
  return new RegExp(`^${title.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`);
}

/**
 * A walk whose day the test moves with `on` (the bot's clock at 10:00 UTC, and the dates the walk
 * types into empty date fields), back to `first` before each test. Call inside `describe`.
 */
export function walkByDay(h: OverHttp, first = '2026-03-02'): { walk: CardsOnly; on: (day: string) => void } {
  let today = first;
  const on = (day: string): void => {
    today = day;
    h.setNow(`${day}T10:00:00Z`);
  };
  beforeEach(() => on(first));
  return { walk: new CardsOnly(h, () => today), on };
}

export class CardsOnly {
  /** Every button pressed, in order: "who: title". */
  readonly pressed: string[] = [];

  constructor(private readonly h: OverHttp, private readonly today: () => string) {}

  /** What an empty field the card shows gets when the test did not say. */
  private fill(form: Card, typed: Record<string, string>): Record<string, string> {
    const out: Record<string, string> = {};
    for (const [id, input] of inputs(form) as Map<string, { type: string; value?: unknown; isRequired?: boolean; choices?: { value: string }[] }>) {
      if (id in typed || !input.isRequired || (input.value !== undefined && input.value !== '')) continue;
      if (input.type === 'Input.Date') out[id] = this.today();
      else if (input.type === 'Input.ChoiceSet') out[id] = input.choices![0]!.value;
      else if (/url/i.test(id)) out[id] = `https://contoso.sharepoint.com/sites/cases/${id}-${this.pressed.length}`;
      else out[id] = 'Recorded on the walk.';
    }
    return { ...out, ...typed };
  }

  async press(who: Who, card: Card, title: RegExp, typed: Record<string, string> = {}): Promise<Card> {
    const answer = await this.h.talk.press(who, card, title, typed);
    this.pressed.push(`${who.name}: ${title.source}`);
    assert.doesNotMatch(texts(answer), /Not recorded|Nothing new was recorded|Please correct the fields|That action could not be read|That action is not known|That step is not known|There is no case/, `${who.name} pressed ${title}: ${texts(answer).slice(0, 600)}`);
    return answer;
  }

  /** The case card as this person sees it. */
  caseCard(who: Who, ref: string): Promise<Card> {
    return this.h.talk.sayForCard(who, `case ${ref}`);
  }

  /**
   * From the card given (or the case card), presses `button`; when that opens a form, fills it and
   * presses its one recording button. Returns the card the bot answered last.
   */
  async step(who: Who, ref: string, button: RegExp, typed: Record<string, string> = {}, from?: Card): Promise<Card> {
    const source = from ?? (await this.caseCard(who, ref));
    const action = allActions(source).find((a) => button.test(a.title));
    // A button that records by itself (Approve, Inform the IRO now): pressed with what was typed.
    if (action && !VIEW_VERBS.has(action.verb)) return this.press(who, source, button, typed);
    const opened = await this.press(who, source, button);
    const submit = allActions(opened).filter((a) => !VIEW_VERBS.has(a.verb));
    assert.equal(submit.length, 1, `one button records the form: ${this.titles(opened).join(', ')}`);
    return this.press(who, opened, exactly(submit[0]!.title), this.fill(opened, typed));
  }

  /** The buttons' titles on a card. */
  titles(card: Card): string[] {
    return allActions(card).map((a) => a.title);
  }
}
