/**
 * Drives the Agents Playground's page as a person would: types in the compose box, fills card
 * inputs found by their visible labels, presses buttons by their titles, and reads the texts
 * on the newest card. Every step can leave a screenshot under test/e2e/artifacts/.
 */
import { strict as assert } from 'node:assert';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Locator, Page } from 'playwright-core';

export const ARTIFACTS = join(__dirname, '..', '..', 'artifacts');

/** How long a card may take to come back (the bot answers within a second or two). */
const CARD_WAIT_MS = 20_000;

/** How long a click may take to reach the Playground's server (it goes at once; the machine may be busy). */
const CLICK_SENT_WAIT_MS = 10_000;

/** A page element as the test marks it (the page's own types are not loaded here). */
type Marked = { dataset: Record<string, string | undefined> };

/** How long a card must stay the same element before it is worked on. */
const SETTLE_MS = 250;

/** How long one attempt at a field may wait before the field is looked up afresh. */
const FIELD_WAIT_MS = 4_000;

async function retrying<T>(attempt: () => Promise<T>): Promise<T> {
  const deadline = Date.now() + CARD_WAIT_MS;
  for (;;) {
    try {
      return await attempt();
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }
}

export function displayDate(iso: string): string {
  // The Playground's date picker parses what a person types, in the page's locale (en-US).
  const [y, m, d] = iso.split('-').map(Number) as [number, number, number];
  return new Date(y, m - 1, d).toLocaleDateString('en-US', { dateStyle: 'long' });
}

export class PlaygroundPage {
  private shots = 0;
  /** Which message's card this person is working on (its position in the chat; clicks replace it in place). */
  private current = -1;
  /**
   * What was entered on the card since the last press, to check just before pressing: the page
   * re-renders cards when the bot's own notices arrive, which can clear what was typed.
   */
  private entered: { holds(): Promise<boolean>; enter(): Promise<void> }[] = [];
  /**
   * The words of the card worked on when last seen. The page has no id per message, so a card is
   * found again by its words whenever it is no longer at `current`: a message the page places
   * above it (a notice stamped earlier but delivered later) moves it down one.
   */
  private known = '';
  /** What the last click sent to the Playground's server, shown when the answer is not the one expected. */
  private lastSent = '';

  private constructor(
    readonly page: Page,
    private readonly prefix: string,
    private readonly taken: string[],
  ) {}

  static async open(browser: Browser, url: string, prefix: string, taken: string[]): Promise<PlaygroundPage> {
    const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
    // Short per-action waits: a field that went stale is found again by `retrying`, not waited on.
    page.setDefaultTimeout(FIELD_WAIT_MS);
    page.setDefaultNavigationTimeout(60_000);
    // Offline: the page asks a CDN for fonts; refuse at once rather than wait for DNS.
    await page.route((u) => !['localhost', '127.0.0.1'].includes(u.hostname), (route) => route.abort());
    await page.goto(url);
    const view = new PlaygroundPage(page, prefix, taken);
    await view.editor().waitFor({ timeout: 30_000 });
    return view;
  }

  private editor(): Locator {
    return this.page.locator('[data-lexical-editor="true"]');
  }

  private panels(): Locator {
    return this.page.locator('.ac-preview-panel');
  }

  /**
   * The card being worked on: the one that answered the last message typed. Cards answered by a
   * click are replaced where they are; notices the bot sends on its own arrive below and are skipped.
   */
  card(): Locator {
    return this.panels().nth(this.current).locator('> .ac-adaptiveCard');
  }

  async shot(name: string): Promise<void> {
    mkdirSync(ARTIFACTS, { recursive: true });
    const file = `${this.prefix}-${String(++this.shots).padStart(2, '0')}-${name}.png`;
    await this.page.screenshot({ path: join(ARTIFACTS, file), timeout: 30_000 });
    this.taken.push(file);
  }

  /** Types a message and waits for a card answering it that shows `expect`; that card becomes the one worked on. */
  async say(text: string, expect: RegExp): Promise<string> {
    const before = await this.panels().count();
    await this.editor().click();
    await this.page.keyboard.type(text);
    await this.page.keyboard.press('Enter');
    const deadline = Date.now() + CARD_WAIT_MS;
    for (;;) {
      const texts = (await this.panels().allInnerTexts()).slice(before);
      const found = texts.findIndex((t) => expect.test(t));
      if (found >= 0) {
        this.current = before + found;
        this.known = '';
        break;
      }
      if (Date.now() > deadline) assert.fail(`No card answering "${text}" shows ${expect}. New messages:\n${texts.join('\n---\n')}`);
      await this.page.waitForTimeout(150);
    }
    return this.expectCard(expect);
  }

  /** Types a message and waits for an answer in plain text (not a card) that shows `expect`. */
  async ask(text: string, expect: RegExp): Promise<string> {
    await this.editor().click();
    await this.page.keyboard.type(text);
    await this.page.keyboard.press('Enter');
    const answer = this.page.getByText(expect).last();
    await answer.waitFor({ timeout: CARD_WAIT_MS });
    return answer.innerText();
  }

  /** Everything the page shows in words: the chat, its cards and the Playground's own panels. */
  async everything(): Promise<string> {
    return this.page.locator('body').innerText();
  }

  /** Waits for a card already in the chat (the welcome's, say) that shows `pattern`; it becomes the one worked on. */
  async useCard(pattern: RegExp): Promise<string> {
    const deadline = Date.now() + CARD_WAIT_MS;
    for (;;) {
      const found = (await this.panels().allInnerTexts()).findIndex((t) => pattern.test(t));
      if (found >= 0) {
        this.current = found;
        this.known = '';
        return this.expectCard(pattern);
      }
      if (Date.now() > deadline) assert.fail(`No card in the chat shows ${pattern}.`);
      await this.page.waitForTimeout(150);
    }
  }

  /** Waits until the card worked on shows `pattern` (and, after a click or an edit, differs from `before`); fails naming what it shows. */
  async expectCard(pattern: RegExp, before?: string, waitMs = CARD_WAIT_MS): Promise<string> {
    const deadline = Date.now() + waitMs;
    for (;;) {
      await this.locate();
      const text = await this.card().innerText().catch(() => '');
      if (text !== before && pattern.test(text)) {
        this.known = text;
        await this.settled();
        await this.card().scrollIntoViewIfNeeded();
        return this.card().innerText().catch(() => text);
      }
      if (Date.now() > deadline) assert.fail(`The card does not show ${pattern}. It shows:\n${text}\n${await this.whatThePageShows()}`);
      await this.page.waitForTimeout(150);
    }
  }

  /** Presses a button on the card worked on and waits for the card to show `expect`. */
  async press(title: RegExp, expect: RegExp): Promise<string> {
    await this.buttonOnCard(title);
    // Entered, checked, and only then clicked on a card that has stopped being drawn again: a card
    // drawn anew between the check and the click would send empty fields.
    for (let round = 1; ; round++) {
      await this.settled();
      let held = true;
      for (const field of this.entered) {
        if (await field.holds()) continue;
        held = false;
        await field.enter();
      }
      if (held) break;
      assert.ok(round < 5, 'what was entered on the card is still there');
    }
    this.entered = [];
    const before = await this.card().innerText();
    await this.click(this.card().getByRole('button', { name: title }), before);
    // The answer replaces the card where it is; its old words are not looked for elsewhere meanwhile.
    this.known = '';
    // The answer replaces the card: wait for the new one, not the old one still showing.
    return this.expectCard(expect, before);
  }

  /**
   * Clicks, and clicks again if the page sent nothing: a card re-rendered by a notice arriving at that
   * moment can swallow the click (seen once in many runs). The page sends each click to the
   * Playground's server (POST /_conversation/v1/invoke, read from its client); only when no such
   * request went out and the card is unchanged is it clicked again, so the bot never gets one twice.
   */
  private async click(button: Locator, before: string): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      const sent = this.page
        .waitForRequest((r) => r.method() === 'POST' && r.url().includes('/_conversation/v1/invoke'), { timeout: CLICK_SENT_WAIT_MS })
        .then((r) => {
          this.lastSent = r.postData() ?? '';
          return true;
        }, () => false);
      await button.click();
      if (await sent) return;
      const unchanged = (await this.card().innerText().catch(() => '')) === before;
      if (!unchanged || attempt === 3) return;
    }
  }

  /** The one button titled `title` on the card worked on, waited for while the card is found again or re-rendered. */
  private async buttonOnCard(title: RegExp): Promise<Locator> {
    const deadline = Date.now() + CARD_WAIT_MS;
    for (;;) {
      await this.locate();
      const button = this.card().getByRole('button', { name: title });
      const count = await button.count();
      if (count === 1) return button;
      if (Date.now() > deadline) assert.fail(`one button ${title} on the card, found ${count}. The card shows:\n${await this.card().innerText().catch(() => '')}\n${await this.whatThePageShows()}`);
      await this.page.waitForTimeout(150);
    }
  }

  /**
   * Waits until the card worked on is the same element for a moment: the page sometimes draws a card
   * again just after it arrives (new elements, fields empty), and what is entered before that is lost.
   */
  private async settled(): Promise<void> {
    const deadline = Date.now() + CARD_WAIT_MS;
    for (;;) {
      await this.locate();
      const token = `${Date.now()}-${Math.random()}`;
      const card = this.card();
      const marked = await card.evaluate((el, t) => ((el as unknown as Marked).dataset['e2eSeen'] = t), token).then(() => true, () => false);
      await this.page.waitForTimeout(SETTLE_MS);
      const same = marked && (await card.evaluate((el, t) => (el as unknown as Marked).dataset['e2eSeen'] === t, token).catch(() => false));
      if (same || Date.now() > deadline) return;
    }
  }

  /** Finds the card worked on again by its words if another message has taken its place in the chat. */
  private async locate(): Promise<void> {
    if (!this.known || this.current < 0) return;
    const texts = await this.panels().allInnerTexts();
    if (texts[this.current] === this.known) return;
    let nearest = -1;
    texts.forEach((t, i) => {
      if (t === this.known && (nearest < 0 || Math.abs(i - this.current) < Math.abs(nearest - this.current))) nearest = i;
    });
    // Not found: the bot edited the card in place (its answer, or a copy brought up to date); it stays where it is.
    if (nearest >= 0) this.current = nearest;
  }

  /** For a failure's message: every card in the chat (first line each) and what the last click sent. */
  private async whatThePageShows(): Promise<string> {
    const texts = await this.panels().allInnerTexts().catch(() => [] as string[]);
    const cards = texts.map((t, i) => `${i === this.current ? '>' : ' '} ${i}: ${t.split('\n').find((l) => l.trim()) ?? ''}`).join('\n');
    return `Cards in the chat (> the one worked on):\n${cards}\nThe last click sent: ${this.lastSent.slice(0, 2000)}`;
  }

  private async inputFor(label: RegExp): Promise<Locator> {
    await this.locate();
    const labels = this.card().locator('label').filter({ hasText: label });
    assert.equal(await labels.count(), 1, `one field labelled ${label}`);
    const id = await labels.getAttribute('for');
    assert.ok(id, `the label ${label} names its field`);
    return this.card().locator(`[id="${id}"]`);
  }

  /**
   * Entering and checking a field are retried: a card re-rendered by an arriving notice gets new
   * element ids between finding a label and reaching its field, which is not a failure of the bot.
   */
  private async remember(holds: () => Promise<boolean>, enter: () => Promise<void>): Promise<void> {
    const retried = {
      holds: () => retrying(holds),
      enter: async () => {
        await retrying(enter);
        // A drop-down shows what was chosen in the card's words: the card is known by them now.
        this.known = await this.card().innerText().catch(() => this.known);
      },
    };
    await retried.enter();
    this.entered.push(retried);
  }

  /** What a text field on the card worked on holds now (a form opened filled in, say). */
  async valueOf(label: RegExp): Promise<string> {
    return retrying(async () => (await this.inputFor(label)).inputValue());
  }

  async fillText(label: RegExp, value: string): Promise<void> {
    await this.remember(
      async () => (await (await this.inputFor(label)).inputValue()) === value,
      async () => (await this.inputFor(label)).fill(value),
    );
  }

  async fillDate(label: RegExp, iso: string): Promise<void> {
    await this.remember(
      async () => (await (await this.inputFor(label)).inputValue()) === displayDate(iso),
      () => this.enterDate(label, iso),
    );
  }

  private async enterDate(label: RegExp, iso: string): Promise<void> {
    const input = await this.inputFor(label);
    // Focus rather than click: a click opens the calendar, which swallows the first key.
    await input.focus();
    await input.pressSequentially(displayDate(iso));
    await input.press('Enter');
    await input.press('Escape');
    assert.equal(await input.inputValue(), displayDate(iso), `the date picker took ${iso}`);
  }

  /** A choice, shown either as radio buttons or as a drop-down. */
  async choose(label: RegExp, option: string): Promise<void> {
    await this.remember(
      async () => {
        const field = await this.inputFor(label);
        if ((await field.getAttribute('role')) === 'radiogroup') return field.getByLabel(option, { exact: true }).isChecked();
        return (await field.inputValue()).includes(option);
      },
      () => this.enterChoice(label, option),
    );
  }

  private async enterChoice(label: RegExp, option: string): Promise<void> {
    const field = await this.inputFor(label);
    if ((await field.getAttribute('role')) === 'radiogroup') {
      await field.getByLabel(option, { exact: true }).check();
      return;
    }
    // A drop-down (single or multi-select): open it, pick, and close it if it stays open.
    await field.click();
    // The options open in a pop-up outside the card; the multi-select's are boxes, not options.
    await this.page.getByText(option, { exact: true }).last().click();
    if ((await field.getAttribute('aria-expanded')) === 'true') await this.page.keyboard.press('Escape');
  }

  /** A toggle or one box of a multi-select, by its own title. */
  async tick(title: string): Promise<void> {
    const box = (): Locator => this.card().getByLabel(title, { exact: true });
    await this.remember(() => box().isChecked(), () => box().check());
  }

  async close(): Promise<void> {
    await this.page.close();
  }
}
