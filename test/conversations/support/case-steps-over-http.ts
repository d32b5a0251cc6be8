/** The usual steps of a case, pressed through the cards over HTTP (test/support/http-conversation.ts). */
import type { Card, HttpConversation } from '../../support/http-conversation';
import { PEOPLE } from '../../../support/world';
import { VIABLE_ASSESSMENT_FORM } from '../../support/case-inputs';


type Who = { id: string; name: string };

export async function openCase(talk: HttpConversation, start: Record<string, string>): Promise<Card> {
  return talk.press(PEOPLE.sw, await talk.sayForCard(PEOPLE.sw, 'new case'), /Start the case/, start);
}

/** Records the four steps before the assessment; `risk` overrides the risk check's answers. */
export async function prepare(talk: HttpConversation, card: Card, options: { risk?: Record<string, string>; plannedReturnAgreed?: string } = {}): Promise<Card> {
  const sw = PEOPLE.sw;
  let c = await talk.press(sw, await talk.press(sw, card, /child's views/), /^Record /, { views: 'Wants to go home.' });
  c = await talk.press(sw, await talk.press(sw, c, /immediate risk/), /^Record /, { summary: 'Considered at the home visit.', consulted: 'team-manager', ...(options.risk ?? {}) });
  c = await talk.press(sw, await talk.press(sw, c, /parents' views/), /^Record /, { views: 'Mother wants the child home.', plannedReturnAgreed: options.plannedReturnAgreed ?? 'false' });
  return talk.press(sw, await talk.press(sw, c, /Inform the IRO/), /Inform the IRO now/);
}

/** A planned return's steps before the assessment (R-PLAN-1, R-PLAN-6): Edge of Care's support, the views, the IRO told. */
export async function preparePlanned(talk: HttpConversation, card: Card): Promise<Card> {
  const sw = PEOPLE.sw;
  let c = await talk.press(sw, await talk.press(sw, card, /start of reunification work/), /^Record /, { startedOn: '2026-02-23', edgeOfCare: 'support-only' });
  c = await talk.press(sw, await talk.press(sw, c, /child's views/), /^Record /, { views: 'Wants to go home.' });
  c = await talk.press(sw, await talk.press(sw, c, /parents' views/), /^Record /, { views: 'Mother wants the child home.' });
  return talk.press(sw, await talk.press(sw, c, /Inform the IRO/), /Inform the IRO now/);
}

export async function submit(talk: HttpConversation, card: Card, values: Record<string, string> = VIABLE_ASSESSMENT_FORM): Promise<Card> {
  return talk.press(PEOPLE.sw, await talk.press(PEOPLE.sw, card, /Submit the assessment/), /Submit for agreement/, values);
}

export async function caseCard(talk: HttpConversation, who: Who, ref: string): Promise<Card> {
  return talk.sayForCard(who, `case ${ref}`);
}

/** The approval request as the approver opens it from the notice the bot sent them. */
export async function requestFromNotice(talk: HttpConversation, who: Who, ref: string): Promise<Card> {
  const notice = await talk.notice(who, new RegExp(`case ${ref}`, 'i'));
  return talk.press(who, notice, /Open the request/);
}

/** The IRO records their view from the case card (R-SIGN-4). */
export async function iroView(talk: HttpConversation, ref: string, view = 'Supports the return.'): Promise<Card> {
  return talk.press(PEOPLE.iro, await talk.press(PEOPLE.iro, await caseCard(talk, PEOPLE.iro, ref), /IRO's view/), /^Record /, { view });
}
