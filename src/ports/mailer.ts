/** Mailer: Outlook actionable messages (Microsoft Graph sendMail in production). */
export interface ActionableMail {
  to: string[];
  subject: string;
  /** The Adaptive Card (version 1.4, with `originator`). */
  card: unknown;
  /** Plain words for the body (what a client without actionable messages shows). */
  text: string;
  /** Plain sentences the body says first, before the text (where the request is decided), as the card says them first. */
  notes: readonly string[];
  /** A link the body gives after the notes (to the app's chat in Teams), when there is one. */
  link?: { title: string; url: string };
}

export interface Mailer {
  send(mail: ActionableMail): Promise<void>;
}
