/**
 * Every card the bot sends in a whole case, collected over HTTP as Teams shows them (answers to
 * clicks, replies, notices), checked for what people using a screen reader, the keyboard alone, high
 * contrast or large text need (test/bot/support/card-access.ts).
 */
import { strict as assert } from 'node:assert';
import { overHttp, PEOPLE, START, texts, type Card } from '../conversations/support/over-http';
import { exactly, walkByDay } from '../reliability/support/cards-only';
import { allActions } from '../bot/support/conversation-driver';
import { accessProblems } from '../bot/support/card-access';

describe('accessibility: every card of a whole case, over HTTP', function () {
  this.timeout(180_000);
  const h = overHttp('2026-03-02T10:00:00Z');
  const { walk, on } = walkByDay(h, '2026-03-02');
  const people = Object.values(PEOPLE);
  /** An answer longer than a request card shows whole (1,500 characters). */
  const LONG = (words: string): string => `${words} `.repeat(Math.ceil(1_700 / (words.length + 1))).trim();

  async function everything(): Promise<Card[]> {
    for (const who of people) await h.talk.notices(who);
    return h.talk.seen;
  }

  const CASE_PEOPLE = [PEOPLE.sw, PEOPLE.tm, PEOPLE.iro, PEOPLE.hos, PEOPLE.director, PEOPLE.cpt];

  /** Opens, without sending, every form and request each of the case's people can open from their case card now. */
  async function openEverything(ref: string): Promise<void> {
    for (const who of CASE_PEOPLE) {
      const card = await walk.caseCard(who, ref).catch(() => undefined); // not everyone sees the case at every stage
      if (!card) continue;
      for (const action of allActions(card).filter((a) => a.verb === 'openStep' || a.verb === 'showApproval')) await h.talk.press(who, card, exactly(action.title));
    }
  }

  async function wholeCase(ref: string): Promise<void> {
    const sw = PEOPLE.sw;
    await h.talk.sayForCard(sw, 'help').catch(() => undefined);
    let card = await walk.press(sw, await h.talk.sayForCard(sw, 'new case'), /Start the case/, { ...START, ref, iro: PEOPLE.iro.id });
    card = await walk.step(sw, ref, /Record the child's views/, { views: LONG('Wants to go home.') }, card);
    for (const button of [/Record the immediate risk check/, /Record the parents' views/, /^Inform the IRO$/]) card = await walk.step(sw, ref, button, {}, card);
    // Long answers: the request shortens each, with a button to read that one in full.
    await walk.step(sw, ref, /Submit the assessment/, { viable: 'true', riskAnalysis: LONG('Risk is low.'), safetyPlan: LONG('Daily contact.'), stepdown: 'family-group-conference', purpose: 'Build the family network.' }, card);
    await openEverything(ref);
    for (const who of people) await h.talk.say(who, 'my cases');
    const tmRequest = await walk.press(PEOPLE.tm, await walk.caseCard(PEOPLE.tm, ref), /Open the request: Team manager's agreement/);
    assert.deepEqual(walk.titles(tmRequest).filter((t) => /in full/.test(t)), ['Read the risks in full', 'Read the safety plan in full', "Read the child's views in full"]);
    await walk.press(PEOPLE.tm, tmRequest, /Read the safety plan in full/);
    await walk.press(PEOPLE.tm, tmRequest, /^Approve$/, { comment: 'Agreed.' });
    await walk.step(PEOPLE.iro, ref, /Record the IRO's view/, { view: 'Supports the return.' });
    await walk.press(PEOPLE.hos, await walk.press(PEOPLE.hos, await walk.caseCard(PEOPLE.hos, ref), /Open the request: Head of Service's written agreement/), /^Approve$/, { comment: 'Agreed.' });
    // Hollis Head is a Head of Service and a Director: the consent to end the placement and the Director's authorisation both wait for them.
    await walk.step(sw, ref, /Ask to end the placement/, { proposedEndDate: '2026-03-09' });
    const hollis = PEOPLE.hos2;
    const mine = await h.talk.sayForCard(hollis, 'my cases');
    assert.deepEqual(walk.titles(mine).filter((t) => t.includes(ref)).sort(), [`Open ${ref}: Director's authorisation`, `Open ${ref}: Head of Service's consent to end the placement`]);
    await walk.press(hollis, await walk.press(hollis, mine, new RegExp(`Open ${ref}: Head of Service's consent`)), /^Approve$/, { comment: 'Agreed.' });
    await walk.press(PEOPLE.director, await walk.press(PEOPLE.director, await walk.caseCard(PEOPLE.director, ref), /Open the request: Director's authorisation/), /^Approve$/, { comment: 'Agreed.' });
    await openEverything(ref);
    on('2026-03-03');
    // After the return: a visit, the placement's end, then what the case card offers next.
    await walk.step(sw, ref, /Record the first home visit/);
    await walk.step(sw, ref, /Record the end of the placement/);
    assert.equal((await h.stateOf(ref)).placement.status, 'ended');
    await openEverything(ref);
    for (const who of [PEOPLE.sw, PEOPLE.tm, PEOPLE.iro, PEOPLE.hos, PEOPLE.director]) await walk.caseCard(who, ref);
  }

  it('no card leaves an input unlabelled, a required input without its spoken error, a button vague or repeated, or text cut short', async () => {
    await wholeCase('ACCESS-1');
    const cards = await everything();
    assert.ok(cards.length > 40, `${cards.length} cards seen`);
    const found = cards.flatMap((card) => accessProblems(card).map((problem) => `${texts(card).split('\n')[0]}: ${problem}`));
    assert.deepEqual([...new Set(found)], []);
    // What a screen reader reads aloud, perhaps in an open office: never the child's date of birth.
    assert.doesNotMatch(JSON.stringify(cards), /2009-05-14|14 May 2009|14\/05\/2009/);
  });
});
