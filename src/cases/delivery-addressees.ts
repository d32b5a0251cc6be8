/**
 * Whom a message goes to, as the notifier addresses them (a person's Entra object id, the IRO
 * channel, their Outlook mailbox) and as people name them in the undelivered list.
 */
import type { CaseRole, Person, Recipient } from '../protocol';
import { ROLE_NAMES } from '../protocol';
import { deliveryKeys } from '../ports/delivery-keys';

export const IRO_CHANNEL = deliveryKeys.channel('iro');
/**
 * A recipient key for the same person by Outlook mail (`outlook:<Entra object id>`): the notifier
 * finds their address. Its own receipt makes each mail once per (effect, person), like a Teams send.
 */
export const OUTLOOK_PREFIX = 'outlook:';

/** One recipient of a message: the key it is sent to, and how people name them ("Pat Smith (Head of Service)"). */
export interface Addressee {
  key: string;
  label: string;
  /** Reached only as the next person up the line from someone who has gone (routing.ts): not one who decides a request. */
  upTheLine?: readonly Person[];
}

/** How a role reads after a name: short, as colleagues say it. */
const ROLE_AFTER_NAME: Record<CaseRole, string> = { ...ROLE_NAMES, iro: 'IRO' };

/** "Pat Smith (Head of Service)"; a name that already says its role is left as it is. */
export function personLabel(name: string, role: CaseRole): string {
  const trimmed = name.trim();
  if (trimmed === '') return `the ${ROLE_NAMES[role]}`;
  const roleText = ROLE_AFTER_NAME[role];
  return trimmed.toLowerCase().includes(roleText.toLowerCase()) ? trimmed : `${trimmed} (${roleText})`;
}

/** Who a message was for, as people name them: "the Head of Service", "Pat Smith", "the IRO channel". */
export function recipientText(to: Recipient): string {
  if (to.kind === 'person') return to.name;
  if (to.kind === 'iro-channel') return 'the IRO channel';
  return `the ${ROLE_NAMES[to.role]}`;
}
