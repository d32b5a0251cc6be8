/**
 * Outlook actionable messages through Microsoft Graph: `POST /users/{sender}/sendMail` with an HTML
 * body whose <head> carries the Adaptive Card in `<script type="application/adaptivecard+json">`
 * (as Microsoft's actionable-messages documentation describes). Mail clients without actionable
 * messages show the HTML body, which says what is asked and where to answer it.
 *
 * Failures come back typed for the outbox: throttling and outages are retryable (with Retry-After),
 * a recipient Exchange refuses is unreachable (that one person is skipped), anything else is permanent.
 */
import type { Client } from '@microsoft/microsoft-graph-client';
import { RecipientUnreachableError } from '../../ports/notifier';
import { describeThrown, toRecordError } from './graph-failure';

import type { ActionableMail, Mailer } from '../../ports/mailer';

export interface GraphMailerDeps {
  client: Client;
  /** The mailbox the mail is sent from: a user id or address (MAIL_SENDER_ID). */
  senderId: string;
}

const escapeHtml = (text: string): string =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/**
 * The mail's HTML. The card's JSON escapes every `<` (as \u003c, still the same JSON), so text typed
 * into a case can never close the script element early. The notes and link are the caller's words
 * (where the request is decided), said first in the body as the card says them first.
 */
export function actionableMailHtml(mail: Pick<ActionableMail, 'card' | 'text' | 'notes' | 'link'>): string {
  const json = JSON.stringify(mail.card).replace(/</g, '\\u003c');
  const link = mail.link && /^https:\/\//.test(mail.link.url) ? [`<p><a href="${escapeHtml(mail.link.url)}">${escapeHtml(mail.link.title)}</a></p>`] : [];
  return [
    '<html>',
    '<head>',
    '<meta http-equiv="Content-Type" content="text/html; charset=utf-8">',
    `<script type="application/adaptivecard+json">${json}</script>`,
    '</head>',
    '<body>',
    // The notes first, as on the card: "Open the request to approve" is not read before "nothing can be decided from this mail".
    ...mail.notes.map((note) => `<p>${escapeHtml(note)}</p>`),
    `<p>${escapeHtml(mail.text)}</p>`,
    ...link,
    '</body>',
    '</html>',
  ].join('\n');
}

export function createGraphMailer(deps: GraphMailerDeps): Mailer {
  const path = `/users/${encodeURIComponent(deps.senderId)}/sendMail`;
  return {
    async send(mail: ActionableMail): Promise<void> {
      const message = {
        subject: mail.subject,
        body: { contentType: 'HTML', content: actionableMailHtml(mail) },
        toRecipients: mail.to.map((address) => ({ emailAddress: { address } })),
      };
      try {
        await deps.client.api(path).post({ message, saveToSentItems: false });
      } catch (error) {
        const failure = describeThrown(error);
        // The address is the person's work mail, not a child's data, but the message names only the code.
        if (failure.status === 400 && failure.code === 'ErrorInvalidRecipients') {
          throw new RecipientUnreachableError(`sendMail: Exchange refused the recipient (HTTP 400 ${failure.code})`, 'refused');
        }
        throw toRecordError(error, 'sendMail');
      }
    },
  };
}
