/**
 * An approver sent to the case card ("my cases", a notice) to open the request waiting for them
 * finds its button under the case's facts, before the long parts of the card (what the protocol
 * requires, the checklist, the visits): on a phone, at the card's end, it was a long scroll away.
 */
import { strict as assert } from 'node:assert';
import { overHttp, PEOPLE, START, type Card } from '../conversations/support/over-http';
import { walkByDay } from '../reliability/support/cards-only';

/** Where in the card's body a button with this title is, or where the checklist heading is; -1 when not in the body. */
function placeOf(card: Card, test: (node: Record<string, unknown>) => boolean): number {
  const body = (card as { body?: unknown[] }).body ?? [];
  const holds = (node: unknown): boolean => {
    if (Array.isArray(node)) return node.some(holds);
    if (!node || typeof node !== 'object') return false;
    return test(node as Record<string, unknown>) || Object.values(node).some(holds);
  };
  return body.findIndex(holds);
}

describe("the case card puts the request waiting for its reader before the checklist", function () {
  this.timeout(60_000);
  const h = overHttp('2026-03-02T10:00:00Z');
  const { walk } = walkByDay(h, '2026-03-02');

  it("the team manager's 'Open the request' comes before 'What the protocol requires' and the checklist; the social worker's steps stay at the end", async () => {
    const sw = PEOPLE.sw;
    let card = await walk.press(sw, await h.talk.sayForCard(sw, 'new case'), /Start the case/, { ...START, ref: 'FIRST-1', iro: PEOPLE.iro.id });
    for (const button of [/Record the child's views/, /Record the immediate risk check/, /Record the parents' views/, /^Inform the IRO$/]) card = await walk.step(sw, 'FIRST-1', button, {}, card);
    await walk.step(sw, 'FIRST-1', /Submit the assessment/, { viable: 'true', stepdown: 'family-group-conference', purpose: 'Build the family network.' }, card);
    const tm = await walk.caseCard(PEOPLE.tm, 'FIRST-1');
    const button = placeOf(tm, (n) => n['title'] === "Open the request: Team manager's agreement");
    const requires = placeOf(tm, (n) => n['text'] === 'What the protocol requires');
    const checklist = placeOf(tm, (n) => n['text'] === 'Checklist');
    assert.ok(button >= 0 && button < requires && requires < checklist, `request button at ${button}, requirements at ${requires}, checklist at ${checklist}`);
    // Pressed from there, it opens the request as before.
    assert.match(JSON.stringify(await walk.press(PEOPLE.tm, tm, /Open the request: Team manager's agreement/)), /Approve/);
    // The social worker's own steps are not requests: they stay in the card's actions.
    const swCard = await walk.caseCard(sw, 'FIRST-1');
    assert.ok(((swCard as { actions?: { title: string }[] }).actions ?? []).some((a) => /Record the first home visit/.test(a.title)));
  });
});
