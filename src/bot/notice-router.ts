/**
 * The notifier the outbox worker uses: Teams (1:1 chats and the IRO channel) through the bot, and
 * Outlook mail for `outlook:<Entra object id>` recipients when mail is configured. A person with
 * no configured mail address is unreachable by mail — reported, never blocking the case.
 */
import { OUTLOOK_PREFIX } from '../cases/effect-delivery';
import type { Mailer } from '../ports/mailer';
import { Notice, Notifier, RecipientUnreachableError, SentCopy } from '../ports/notifier';
import { OUTLOOK_DECIDE_IN_TEAMS, OUTLOOK_OPEN_TEAMS } from './outlook-words';

export interface NoticeRouterDeps {
  teams: Notifier;
  /** teamsLink: the app's chat in Teams (src/bot/teams-app-link.ts), given in the mail's body when known. */
  outlook?: { mailer: Mailer; addressOf(id: string): string | undefined; teamsLink?: string | undefined };
}

/**
 * The mail's subject: the notice's first sentence (it names the case and what is needed). A long one
 * (a repeated escalation's) is cut at a word, not inside one ("escalatio..."), within 200 characters.
 */
export function subjectOf(text: string): string {
  const first = /^(.*?[.!?])(\s|$)/.exec(text)?.[1] ?? text;
  if (first.length <= 200) return first;
  const cut = first.slice(0, 199);
  const space = cut.lastIndexOf(' ');
  return `${(space > 150 ? cut.slice(0, space) : cut).replace(/[\s,;:(—-]+$/, '')}…`;
}

export class NoticeRouter implements Notifier {
  constructor(private readonly deps: NoticeRouterDeps) {}

  async update(copy: SentCopy, notice: Omit<Notice, 'to'>): Promise<void> {
    if (!this.deps.teams.update) return;
    await this.deps.teams.update(copy, notice);
  }

  async send(notice: Notice): Promise<SentCopy | void> {
    // Teams answers with the copy it made (kept, to be edited later); mail makes none.
    if (!notice.to.startsWith(OUTLOOK_PREFIX)) return this.deps.teams.send(notice);
    const id = notice.to.slice(OUTLOOK_PREFIX.length);
    const outlook = this.deps.outlook;
    if (!outlook) throw new RecipientUnreachableError('Outlook mail is not configured (MAIL_SENDER_ID)', 'no-mail');
    const address = outlook.addressOf(id);
    if (!address) throw new RecipientUnreachableError(`no mail address is configured for ${id} in the role configuration`, 'no-mail');
    // The body says what the card says first: where the request is decided (one sentence for both).
    const link = outlook.teamsLink ? { link: { title: OUTLOOK_OPEN_TEAMS, url: outlook.teamsLink } } : {};
    await outlook.mailer.send({ to: [address], subject: subjectOf(notice.text), card: notice.card, text: notice.text, notes: [OUTLOOK_DECIDE_IN_TEAMS], ...link });
  }
}
