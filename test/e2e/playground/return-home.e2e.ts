/**
 * The bot in the Microsoft 365 Agents Playground, driven through its page in headless Chromium:
 * what staff see and press, role by role. The Playground signs in one mock person per run
 * and cannot switch while running, so each change of person restarts it with that person
 * signed in (the bot and its data keep running). Screenshots go to test/e2e/artifacts/.
 */
import { strict as assert } from 'node:assert';
import { existsSync } from 'node:fs';
import { Browser, chromium } from 'playwright-core';
import { PlaygroundRole, playgroundUser, RunningPlayground, startPlayground } from '../../../src/local/agents-playground';
import { dateText } from '../../../src/protocol';
import { LocalBot, startLocalBot } from './support/local-bot';
import { freePort } from '../../../support/local-http';
import { PlaygroundPage } from './support/playground-page';
import { caseCard, isoDaysFromToday, prepare, recordIroView, startCase, submitAssessment } from './support/return-home-steps';

const CHROMIUM = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';
const CHROMIUM_FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

describe('The bot in the Agents Playground (headless Chromium)', function () {
  this.timeout(180_000);
  let bot: LocalBot;
  let browser: Browser;
  let playground: RunningPlayground | undefined;
  let view: PlaygroundPage | undefined;
  const screenshots: string[] = [];

  before(async function () {
    assert.ok(existsSync(CHROMIUM), `Chromium is needed at ${CHROMIUM} (run test/e2e/run-e2e.sh, which installs it)`);
    [bot, browser] = await Promise.all([startLocalBot(), chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_FLAGS })]);
  });

  async function signOut(): Promise<void> {
    await view?.close();
    view = undefined;
    await playground?.stop();
    playground = undefined;
  }

  after(async () => {
    await signOut();
    await browser?.close();
    await bot?.stop();
    process.stdout.write(`      screenshots (test/e2e/artifacts/): ${screenshots.join(', ')}\n`);
  });

  afterEach(async function () {
    if (this.currentTest?.state === 'failed') {
      await view?.shot('failure').catch(() => undefined);
      process.stdout.write(`      bot output:\n${bot.log().slice(-3000)}\n`);
    }
  });

  /** (Re)starts the Playground with this role's mock person signed in, and opens its page. */
  async function signInAs(role: PlaygroundRole, prefix: string): Promise<PlaygroundPage> {
    await signOut();
    const user = playgroundUser(role);
    playground = await startPlayground({ botEndpoint: bot.endpoint, port: await freePort(), user });
    view = await PlaygroundPage.open(browser, playground.url, prefix, screenshots);
    // The Playground installs the bot in the personal chat on load; the bot welcomes the person.
    await view.page.getByRole('paragraph').filter({ hasText: /^Welcome\. I help you follow the protocol/ }).waitFor({ timeout: 20_000 });
    assert.match(await view.page.getByText(user.name, { exact: true }).first().innerText(), new RegExp(user.name));
    return view;
  }

  /** An approver opens the case, then the request, and approves; the card shows the decision. */
  async function approve(role: PlaygroundRole, prefix: string, ref: string, asks: RegExp, fromWelcome = false): Promise<string> {
    const p = await signInAs(role, prefix);
    // Their first chat with the app: the welcome says a decision already waits for them, with a button to open it.
    await p.page.getByText(/1 decision is already waiting for you/).first().waitFor({ timeout: 20_000 });
    let request: string;
    if (fromWelcome) {
      await p.useCard(new RegExp(`Waiting for your decision[\\s\\S]*${ref}`));
      await p.shot('welcome');
      request = await p.press(new RegExp(`^Open ${ref}: `), /^Approve$|Approve/m);
    } else {
      await p.say(`case ${ref}`, caseCard(ref));
      await p.shot('case');
      request = await p.press(/Open the request/, /^Approve$|Approve/m);
    }
    assert.match(request, asks);
    assert.deepEqual(await p.card().getByRole('button').allInnerTexts(), ['Approve', 'Request changes (back to the social worker)', 'Reject (end this return home)']);
    await p.shot('request');
    const status = await p.press(/^Approve$/, new RegExp(`Approved by ${playgroundUser(role).name}`));
    assert.equal(await p.card().getByRole('button', { name: /^Approve$/ }).count(), 0, 'no buttons to decide again');
    await p.shot('approved');
    return status;
  }

  it('unplanned and viable: the social worker prepares, the team manager, Head of Service and Director approve, the episode ends with visits scheduled', async () => {
    const ref = 'PG-1001';
    let p = await signInAs('social worker', 'viable-1-social-worker');
    await p.shot('welcome');
    await startCase(p, ref);
    await prepare(p);
    await submitAssessment(p, true);

    await approve('team manager', 'viable-2-team-manager', ref, /Low risk with support/);

    await recordIroView(await signInAs('IRO', 'viable-3-iro'), ref);

    await approve('Head of Service', 'viable-4-head-of-service', ref, /Supports the return/, true);
    const director = await approve('Director', 'viable-5-director', ref, /Director's authorisation/);
    assert.match(director, /retrospective/);

    p = await signInAs('social worker', 'viable-6-social-worker');
    const authorised = await p.say(`case ${ref}`, caseCard(ref, 'Authorised by the Director'));
    // The IRO was left 'not known yet' on the start form, so the IRO manager of the local roles (Patti Fernandez) was told;
    // she had not opened a chat with the app when the IRO was informed, and the card says so.
    assert.match(authorised, /Messages that did not reach someone[\s\S]*the notice to the IRO \(R-UNPL-3\) did not reach Patti Fernandez \(IRO, Playground\) — they have not opened a chat with the Return home app in Teams yet\./);
    await p.card().getByText('Messages that did not reach someone').scrollIntoViewIfNeeded();
    await p.shot('not-delivered');
    await p.card().scrollIntoViewIfNeeded();
    await p.shot('authorised');
    await p.press(/end of the care episode/, /Director's agreement is uploaded/);
    await p.tick("The Director's agreement is uploaded to the child's record");
    await p.tick('Agencies involved have been told');
    const card = await p.press(/^Record /, /Care episode ended/);
    for (const visit of [/First home visit[\s\S]*Due/, /Weekly check-in 1[\s\S]*Due/, /Weekly check-in 4[\s\S]*Due/]) assert.match(card, visit);
    assert.match(card, new RegExp(`First home visit[\\s\\S]*Due ${dateText(isoDaysFromToday(1))}`), 'R-VISIT-1: first visit 3 days after the return home, in words ("Wed 2 Dec 2026")');
    await p.shot('episode-ended');
  });

  it('unplanned and not viable: the social worker records the R-UNPL-8 actions; one left out is refused on the card', async () => {
    const ref = 'PG-1002';
    const p = await signInAs('social worker', 'not-viable-social-worker');
    await startCase(p, ref);
    await prepare(p);
    const card = await submitAssessment(p, false);
    assert.match(card, /not viable/i);
    await p.press(/not-viable actions/, /The child and the parents or carers have been told/);
    await p.tick('A Legal Planning Meeting is booked');
    const refused = await p.press(/^Record /, /R-UNPL-8/);
    assert.match(refused, /Tell the child and the parents/);
    await p.shot('not-viable-refused');
    await p.tick('The child and the parents or carers have been told');
    await p.tick('A Legal Planning Meeting is booked');
    await p.press(/^Record /, /Not-viable actions recorded/);
    await p.shot('not-viable-recorded');
  });

  it('changes requested: the revised form opens filled in under the comment, the team manager sees what changed and approves; a duplicate case is withdrawn', async () => {
    const ref = 'PG-1003';
    const tm = playgroundUser('team manager').name;
    let p = await signInAs('social worker', 'revise-1-social-worker');
    await startCase(p, ref);
    await prepare(p);
    await submitAssessment(p, true);

    p = await signInAs('team manager', 'revise-2-team-manager');
    await p.say(`case ${ref}`, caseCard(ref));
    await p.press(/Open the request/, /Request changes sends the assessment back to the social worker/);
    await p.fillText(/^Comment/, "Add the school's view to the safety plan.");
    await p.shot('request-changes');
    await p.press(/^Request changes/, new RegExp(`Changes requested by ${tm}`));
    await p.shot('changes-requested');

    p = await signInAs('social worker', 'revise-3-social-worker');
    await p.say(`case ${ref}`, caseCard(ref, `sent back for changes by ${tm}[\\s\\S]*Add the school's view to the safety plan`));
    await p.shot('sent-back');
    const form = await p.press(/Submit the assessment/, /sent this back on/);
    assert.match(form, new RegExp(`${tm}.* sent this back on .*: "Add the school's view to the safety plan\\."`));
    assert.equal(await p.valueOf(/^Analysis of risk/), 'Low risk with support.', 'the form opens with what was sent');
    assert.equal(await p.valueOf(/^Safety plan/), 'Daily contact with school.');
    assert.equal(await p.valueOf(/^What the stepdown plan is meant to achieve/), 'Build the family network.');
    await p.shot('revise-prefilled');
    await p.fillText(/^Safety plan/, 'Daily contact with school; the head teacher checks in on Mondays.');
    await p.press(/^Submit for agreement$/, /sent to the team manager/);
    await p.shot('resubmitted');

    p = await signInAs('team manager', 'revise-4-team-manager');
    await p.say(`case ${ref}`, caseCard(ref));
    const request = await p.press(/Open the request/, /What changed since the last version/);
    assert.match(request, /Safety plan: was "Daily contact with school\."/);
    assert.match(request, new RegExp(`Team manager ${tm}.* asked for changes`));
    await p.shot('what-changed');
    await p.press(/^Approve$/, new RegExp(`Approved by ${tm}`));
    await p.shot('approved');

    const duplicate = 'PG-1004';
    p = await signInAs('social worker', 'withdraw-1-social-worker');
    await startCase(p, duplicate);
    p = await signInAs('team manager', 'withdraw-2-team-manager');
    await p.say(`case ${duplicate}`, caseCard(duplicate));
    await p.press(/^Withdraw the case/, /In a few words/);
    await p.choose(/^Why/, 'A duplicate of another case');
    await p.fillText(/^In a few words/, 'Opened twice by mistake.');
    await p.shot('withdraw-form');
    const withdrawn = await p.press(/^Withdraw the case$/, /Case withdrawn by the team manager/);
    assert.match(withdrawn, new RegExp(`its reference ${duplicate} is free again`));
    assert.match(withdrawn, /Closed: the case was withdrawn/);
    await p.shot('withdrawn');
  });
});
