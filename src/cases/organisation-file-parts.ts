/**
 * The parts an organisation file is made of (a person, an Entra group, holders of a part, a
 * deputy with their dates), shared by its current shape (organisation.ts) and the earlier
 * one-list-per-role shape (role-config.ts), so both read a person or a deputy the same way.
 */
import { z } from 'zod';
import { CASE_ROLES, isCalendarDate } from '../protocol';
import { entraObjectId } from './entra-object-id';

/** An Entra object id as written in the file, read as the bot compares it (entra-object-id.ts). */
const objectId = z.string().transform(entraObjectId).pipe(z.string().min(1));

/** `email`: where approval requests are mailed as Outlook actionable messages (MAIL_SENDER_ID). */
export const person = z.strictObject({ id: objectId, name: z.string().trim().min(1), email: z.email({ error: 'must be a mail address such as name@example.gov.uk' }).optional() });
export const group = z.strictObject({ id: objectId, name: z.string().trim().min(1) });
export const calendarDate = z.string().refine(isCalendarDate, { error: 'must be a real date written YYYY-MM-DD' });

/** Named people and/or Entra groups (whose members, transitively, hold the part). */
export const holders = z.strictObject({ users: z.array(person).default([]), groups: z.array(group).default([]) });
export const noHolders = () => ({ users: [], groups: [] });

export const deputy = z.strictObject({
  role: z.enum(CASE_ROLES),
  deputy: person,
  /** The person they cover: they are asked, and may act, wherever that person is named in that role. */
  for: person,
  from: calendarDate,
  to: calendarDate,
});
