/**
 * The approval request as mailed to Outlook: the Teams card to read, without its comment box, its
 * Approve / Request changes / Reject buttons, its "Read in full" buttons and its refresh. Who presses
 * a button in Outlook is not yet known for sure (src/bot/outlook-invoke.ts), so the buttons could
 * only ever answer "nothing was recorded", after a comment had been typed for nothing; the mail says
 * first where the request is decided, and links there when it can (src/bot/teams-app-link.ts).
 * No refresh either: Outlook honours a card's refresh for everyone who opens the mail (it ignores
 * `refresh.userIds`, which are Teams ids), and the bot could only answer it with the same words.
 */
import { SHORTENED_HERE } from './card-budget';
import type { CardJson } from './card-builder';
import { OUTLOOK_DECIDE_IN_TEAMS, OUTLOOK_OPEN_TEAMS, OUTLOOK_SHORTENED_HERE } from './outlook-words';

export interface MailCardOptions {
  /** The actionable-message originator (OUTLOOK_ORIGINATOR_ID): Outlook shows no card without one. */
  originatorId: string | undefined;
  /** The link to the app's chat in Teams, when there is one. */
  teamsLink: string | undefined;
  /** The Teams card's line about what its buttons do: not said where there are none. */
  buttonsText: string;
}

type Element = Record<string, unknown>;

/** Inputs, button rows and the buttons' explanation: what only makes sense with buttons that record. */
function forReading(element: Element, buttonsText: string): boolean {
  const type = String(element['type'] ?? '');
  if (type.startsWith('Input.') || type === 'ActionSet') return false;
  return !(type === 'TextBlock' && element['text'] === buttonsText);
}

/** A long answer's "choose Read in full below" becomes where the rest is, as the mail has no such button. */
function withoutReadInFull(element: Element): Element {
  const text = element['text'];
  const items = element['items'];
  return {
    ...element,
    ...(typeof text === 'string' ? { text: text.split(SHORTENED_HERE).join(OUTLOOK_SHORTENED_HERE) } : {}),
    ...(Array.isArray(items) ? { items: (items as Element[]).map(withoutReadInFull) } : {}),
  };
}

export function mailRequestCard(card: CardJson, options: MailCardOptions): CardJson {
  const rest = Object.fromEntries(Object.entries(card).filter(([key]) => key !== 'refresh' && key !== 'actions'));
  const body = (Array.isArray(card['body']) ? (card['body'] as Element[]) : []).filter((e) => forReading(e, options.buttonsText)).map(withoutReadInFull);
  const first = { type: 'TextBlock', wrap: true, weight: 'Bolder', color: 'Attention', text: OUTLOOK_DECIDE_IN_TEAMS };
  return {
    ...rest,
    // Outlook renders Universal Actions cards from 1.4; the originator ties the mail to the registered provider.
    version: '1.4',
    ...(options.originatorId ? { originator: options.originatorId } : {}),
    body: [first, ...body],
    actions: options.teamsLink ? [{ type: 'Action.OpenUrl', title: OUTLOOK_OPEN_TEAMS, url: options.teamsLink }] : [],
  };
}
