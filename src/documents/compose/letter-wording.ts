/**
 * Age-appropriate wording for the "Your time in our care" letter (R-LETTER-1): short, plain
 * sentences for a child under 12; the standard wording from 12 to 15; for a young person of 16 or
 * 17, words that treat them as nearly adult and say their own view counted (R-VOICE-1).
 */
import { completedYears, type CalendarDate, type CaseState } from '../../protocol';

export type LetterAgeBand = 'under-12' | '12-to-15' | '16-or-17';

export function letterAgeBand(state: CaseState, on: CalendarDate): LetterAgeBand {
  const age = completedYears(state.facts.dateOfBirth, on);
  if (age < 12) return 'under-12';
  return age >= 16 ? '16-or-17' : '12-to-15';
}

export function letterOpening(band: LetterAgeBand, organisationName: string): string {
  switch (band) {
    case 'under-12':
      return `This letter is for you. It tells the story of the time you lived away from home, looked after by ${organisationName}. It says why, what happened, and how the grown-ups decided you could go home. You can keep it, and ask someone you trust to read it with you whenever you like.`;
    case '16-or-17':
      return `This letter is a record for you of your time in the care of ${organisationName}: why you came into care, what happened while you were looked after, and how the decisions about going home were made, including what you told us you wanted. It is yours to keep, and you can ask us for anything on your record.`;
    default:
      return `This letter is about your time in the care of ${organisationName}. It tells you why you came into care, what happened while you were looked after, and the decisions that were made about you going home. You can keep it and read it whenever you want.`;
  }
}

/** How the child's own say is put, by age. */
export function letterViewsLine(band: LetterAgeBand): string {
  switch (band) {
    case 'under-12':
      return 'We asked you what you wanted, and we listened.';
    case '16-or-17':
      return 'We asked what you wanted, and your view counted in the decision.';
    default:
      return 'We asked you what you wanted, and we listened.';
  }
}
