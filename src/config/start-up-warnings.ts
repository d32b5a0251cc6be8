/**
 * Settings that are allowed but leave staff short of something the operator may not know about:
 * said once at start-up (stderr and the log), so the operator hears of it before the approvers do.
 */
import type { Config } from '../config';
import type { CalendarDate } from '../protocol/calendar-date';
import { closureDayWarnings } from './closure-day-warnings';

/** Each warning in plain words: what approvers will see, and which setting to change. */
/** `today`: the organisation's date as the bot starts. */
export function startUpWarnings(config: Pick<Config, 'outlook' | 'policy' | 'store'>, today: CalendarDate): string[] {
  const warnings: string[] = closureDayWarnings(config.policy.extraNonWorkingDays, today);
  if (config.store.kind === 'sqlite' && config.store.connectionStringIgnored === true) {
    // Never the string itself: it holds the account key.
    warnings.push(
      `AZURE_STORAGE_CONNECTION_STRING is set but STORE is sqlite: cases are kept in SQLite in DATA_DIR (${config.store.dataDir}), not in Azure Table Storage, and the connection string is not used. ` +
        'To keep cases in the tables, set STORE=azure-tables; otherwise clear AZURE_STORAGE_CONNECTION_STRING (your shell may export it) and this warning goes',
    );
  }
  if (config.outlook.mailSenderId !== undefined && config.outlook.originatorId === undefined) {
    // Outlook drops an actionable card whose originator is not registered: the mail arrives as text only.
    warnings.push(
      'MAIL_SENDER_ID is set but OUTLOOK_ORIGINATOR_ID is empty: approval requests are mailed, but Outlook shows no approval card in them, only the mail\'s text (what is asked, and that decisions are made in Teams with "my cases"). ' +
        'To show the card, set OUTLOOK_ORIGINATOR_ID to the originator id from the Actionable Email Developer Dashboard; to send no mail, clear MAIL_SENDER_ID',
    );
  }
  return warnings;
}
