/** Shared wording for the documents: days in the organisation's calendar, people with the deputy they acted as. */
import { completedYears, correctionInWords, dateInWords, personText, type CalendarDate, type CaseState, type Person } from '../../protocol';
import { calendarDateIn } from '../../cases/org-time';
import { caseFileRef } from '../case-file-ref';

/** The organisation's words and calendar, as configured (ORG_NAME, DIRECTOR_TITLE, CASE_RECORD_SYSTEM_NAME, ORG_TIME_ZONE). */
export interface DocumentContext {
  organisationName: string;
  directorTitle: string;
  caseRecordSystemName: string;
  timeZone: string;
}

/** "2 March 2026" for a recorded step: its organisation day where kept, else the instant's day in the organisation's zone. */
export function dayOf(record: { at: string; on?: CalendarDate | undefined }, ctx: DocumentContext): string {
  return dateInWords(calendarDayOf(record, ctx));
}

/** The organisation day of a recorded step, to compare with the facts' dates. */
export function calendarDayOf(record: { at: string; on?: CalendarDate | undefined }, ctx: DocumentContext): CalendarDate {
  return record.on ?? calendarDateIn(new Date(record.at), ctx.timeZone);
}

/**
 * Whether the child had gone home before what happened on `day` (an agreement, a submission). The
 * same day counts only on the unplanned pathway, where the return home came first; a planned return
 * is recorded after the sign-off, often on the Director's day.
 */
export function homeBefore(state: CaseState, day: CalendarDate): boolean {
  const home = state.facts.returnedHomeOn;
  return home !== null && (home < day || (home === day && state.pathway === 'unplanned'));
}

export function dayOfInstant(at: string, ctx: DocumentContext): string {
  return dateInWords(calendarDateIn(new Date(at), ctx.timeZone));
}

/** "Dee Deputy on behalf of Dana Director": who acted, and whose authority they used, in the words the cards and the audit trail use. */
export function personActing(by: Person, onBehalfOf?: Person | undefined): string {
  return personText(by, onBehalfOf);
}

/** Whose the IRO's view is (L3): one the social worker wrote down as the IRO gave it orally is still the IRO's. */
export function iroViewBy(state: Pick<CaseState, 'iro'>, view: NonNullable<CaseState['iroView']>): string {
  return view.givenOrally ? `${state.iro?.name ?? 'the IRO'}, given orally, recorded by ${view.by.name}` : personActing(view.by, view.onBehalfOf);
}

export function yesNo(value: boolean): string {
  return value ? 'Yes' : 'No';
}

/** The child as the documents name them: by case reference and date of birth (the bot holds no child's name). */
export function childRows(state: CaseState): Array<[string, string]> {
  const facts = state.facts;
  return [
    ['Case reference', caseFileRef(state)],
    ["Child's name", `as recorded in the case-record system under ${caseFileRef(state)}`],
    ['Date of birth', dateInWords(facts.dateOfBirth)],
    ['Legal status', facts.legalStatus === 'S20' ? 'Accommodated under section 20, Children Act 1989' : facts.legalStatus],
    ['Accommodated on', dateInWords(facts.accommodatedOn)],
    ['Returned home on', facts.returnedHomeOn ? dateInWords(facts.returnedHomeOn) : 'Not yet home'],
  ];
}

/** The child's age in whole years on a day (for wording the letter, and on the decision record). */
export function ageOn(state: CaseState, day: CalendarDate): number {
  return completedYears(state.facts.dateOfBirth, day);
}

/**
 * A decision given before a correction of the facts that left what the protocol requires unchanged
 * still stands, but on facts now corrected (the days in care, the return date): its file says so,
 * with what was corrected, so that the case notes copied from it are not read against the old facts.
 */
export function correctedSinceMarks(state: CaseState, decidedAt: string, what: string, rule: string, ctx: DocumentContext): Array<{ type: 'mark'; text: string }> {
  return (state.corrections ?? [])
    .filter((c) => c.at > decidedAt && c.rulingChanged.length === 0)
    .map((c) => ({ type: 'mark' as const, text: `The facts were corrected on ${dayOf(c, ctx)} by ${personActing(c.by, c.onBehalfOf)}, after this ${what} (${correctionInWords(c, dateInWords)}): what the protocol requires is unchanged, so this ${what} stands (${rule}).` }));
}
