/** Mailer: Outlook actionable messages (Microsoft Graph sendMail in production). */
export interface ActionableMail {
  to: string[];
  subject: string;
  /** The Adaptive Card (version 1.4, with `originator`). */
  card: unknown;
  /** Plain words for the body (what a client without actionable messages shows). */
  text: string;
}

export interface Mailer {
  send(mail: ActionableMail): Promise<void>;
}
