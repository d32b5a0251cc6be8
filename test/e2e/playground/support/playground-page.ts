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
      const text = await this.card().innerText().catch(() => '');
      if (text !== before && pattern.test(text)) {
        await this.card().scrollIntoViewIfNeeded();
        return text;
      }
      if (Date.now() > deadline) assert.fail(`The card does not show ${pattern}. It shows:\n${text}`);
      await this.page.waitForTimeout(150);
    }
  }

  /** Presses a button on the card worked on and waits for the card to show `expect`. */
  async press(title: RegExp, expect: RegExp): Promise<string> {
    const button = this.card().getByRole('button', { name: title });
    assert.equal(await button.count(), 1, `one button ${title} on the card`);
    for (const field of this.entered) if (!(await field.holds())) await field.enter();
    for (const field of this.entered) assert.ok(await field.holds(), 'what was entered on the card is still there');
    this.entered = [];
    const before = await this.card().innerText();
    await this.click(button, before);
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
        .then(() => true, () => false);
      await button.click();
      if (await sent) return;
      const unchanged = (await this.card().innerText().catch(() => '')) === before;
      if (!unchanged || attempt === 3) return;
    }
  }

  private async inputFor(label: RegExp): Promise<Locator> {
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
    const retried = { holds: () => retrying(holds), enter: () => retrying(enter) };
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
