/**
 * Several people at once, each in their own Agents Playground page (one Playground per mock person,
 * all pointed at the same bot, as config/roles.local.json places them): the other team's manager is
 * never asked about a case (issue 11), and the social worker's copy of an approval request, open on
 * their page, changes to "Approved by …" without a reload when the approver decides on theirs (issue 14).
 * Screenshots go to test/e2e/artifacts/.
 */
import { strict as assert } from 'node:assert';
import { existsSync } from 'node:fs';
import { Browser, chromium } from 'playwright-core';
import { PlaygroundRole, playgroundUser, RunningPlayground, startPlayground } from '../../../src/local/agents-playground';
import { LocalBot, startLocalBot } from './support/local-bot';
import { freePort } from '../../../support/local-http';
import { PlaygroundPage } from './support/playground-page';
import { caseCard, prepare, recordIroView, startCase, submitAssessment } from './support/return-home-steps';

const CHROMIUM = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';
const CHROMIUM_FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

/** An edit goes through the bot's outbox, after the decision's other messages; the machine may be busy. */
const LIVE_EDIT_WAIT_MS = 90_000;

interface Person {
  view: PlaygroundPage;
  playground: RunningPlayground;
}

describe('Two teams, several people at once in the Agents Playground (headless Chromium)', function () {
  this.timeout(600_000);
  let bot: LocalBot;
  let browser: Browser;
  const open: Person[] = [];
  const screenshots: string[] = [];

  before(async function () {
    assert.ok(existsSync(CHROMIUM), `Chromium is needed at ${CHROMIUM} (run test/e2e/run-e2e.sh, which installs it)`);
    [bot, browser] = await Promise.all([startLocalBot(), chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_FLAGS })]);
  });

  async function close(person: Person): Promise<void> {
    open.splice(open.indexOf(person), 1);
    await person.view.close();
    await person.playground.stop();
  }

  after(async () => {
    for (const person of [...open]) await close(person);
    await browser?.close();
    await bot?.stop();
    process.stdout.write(`      screenshots (test/e2e/artifacts/): ${screenshots.join(', ')}\n`);
  });

  afterEach(async function () {
    if (this.currentTest?.state === 'failed') {
      for (const person of open) await person.view.shot('failure').catch(() => undefined);
      process.stdout.write(`      bot output:\n${bot.log().slice(-3000)}\n`);
    }
  });

  /** A Playground of its own with this role's mock person signed in, its page open; the others stay open. */
  async function signIn(role: PlaygroundRole, prefix: string): Promise<Person> {
    const user = playgroundUser(role);
    const playground = await startPlayground({ botEndpoint: bot.endpoint, port: await freePort(), user });
    const view = await PlaygroundPage.open(browser, playground.url, prefix, screenshots);
    const person = { view, playground };
    open.push(person);
    // The Playground installs the bot in the personal chat on load; the bot welcomes the person.
    await view.page.getByRole('paragraph').filter({ hasText: /^Welcome\. I help you follow the protocol/ }).waitFor({ timeout: 30_000 });
    assert.match(await view.page.getByText(user.name, { exact: true }).first().innerText(), new RegExp(user.name));
    return person;
  }

  it("a case of Alex Wilber's team asks Megan Bowen, not the other team's manager, who cannot open it; Alex's open copy of each request turns to 'Approved by …' without a reload", async () => {
    const ref = 'PG-2001';
    const megan = playgroundUser('team manager').name;
    const adele = playgroundUser('Head of Service').name;
    const other = playgroundUser("other team's manager").name;

    // Both managers have a chat with the app before the case exists, so either could be sent its request.
    const johanna = await signIn("other team's manager", 'two-teams-1-other-team-manager');
    await johanna.view.shot('welcome');
    const manager = await signIn('team manager', 'two-teams-2-team-manager');
    const alex = await signIn('social worker', 'two-teams-3-social-worker');
    await startCase(alex.view, ref);
    await prepare(alex.view);
    await submitAssessment(alex.view, true);

    // The request reaches the case's own team manager, on her page as it is open.
    await manager.view.useCard(new RegExp(`${ref}[\\s\\S]*Low risk with support`));
    await manager.view.shot('request-arrived');

    // The social worker opens the same request from the case card, which names only their team's manager.
    const shown = await alex.view.say(`case ${ref}`, caseCard(ref));
    assert.match(shown, new RegExp(`Team manager\\s+${megan}`));
    assert.doesNotMatch(shown, new RegExp(other));
    const asked = await alex.view.press(/^Open the request/, /Low risk with support/);
    assert.doesNotMatch(asked, /Approved by/);
    await alex.view.shot('request-opened');

    await manager.view.press(/^Approve$/, new RegExp(`Approved by ${megan}`));
    await manager.view.shot('approved');

    // Alex's page is not reloaded: the bot edits the copy of the request it showed (updateActivity).
    await alex.view.expectCard(new RegExp(`Approved by ${megan}`), asked, LIVE_EDIT_WAIT_MS);
    await alex.view.shot('copy-updated-team-manager');

    // That edit is a later message of the case than the request (the outbox sends a case's messages in
    // order), so by now anything for the other team's manager would have reached her page too.
    assert.doesNotMatch(await johanna.view.everything(), new RegExp(ref), `${other}'s page shows nothing of ${ref}`);
    const refused = await johanna.view.ask(`case ${ref}`, new RegExp(`There is no case with reference ${ref} that you can see`));
    assert.doesNotMatch(refused, /Low risk|Megan|Alex/);
    await johanna.view.shot('case-not-seen');
    await close(johanna);
    await close(manager);

    await recordIroView((await signIn('IRO', 'two-teams-4-iro')).view, ref);
    await close(open.find((p) => p.playground.user.role === 'IRO')!);

    await alex.view.say(`case ${ref}`, caseCard(ref));
    const headAsked = await alex.view.press(/^Open the request/, /Supports the return/);
    assert.doesNotMatch(headAsked, /Approved by/);
    await alex.view.shot('head-request-opened');

    // The Head of Service decides on another page, from the welcome's list of what waits for them.
    const head = await signIn('Head of Service', 'two-teams-5-head-of-service');
    await head.view.useCard(new RegExp(`Waiting for your decision[\\s\\S]*${ref}`));
    await head.view.press(new RegExp(`^Open ${ref}: `), /^Approve$|Approve/m);
    await head.view.press(/^Approve$/, new RegExp(`Approved by ${adele}`));
    await head.view.shot('approved');

    await alex.view.expectCard(new RegExp(`Approved by ${adele}`), headAsked, LIVE_EDIT_WAIT_MS);
    await alex.view.shot('copy-updated-head-of-service');
  });
});
