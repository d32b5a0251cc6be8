/**
 * The notices of the "Your time in our care" letter's contributions (issue 13, R-LETTER-1): the
 * IRO asked for their words, and the social worker told they came. One declaration each, in the
 * shape of lifecycle-notice-text.ts. Case reference and staff names only.
 */
import type { NoticeData, NoticeKind } from '../protocol';
import type { NoticeDeclaration } from './notice-declaration';

type LetterKind = Extract<NoticeKind, 'letter-contribution-asked' | 'letter-contribution-given'>;

const str = (data: NoticeData, key: string): string => (data[key] === null || data[key] === undefined ? '' : String(data[key]));

export const LETTER_NOTICES: Record<LetterKind, NoticeDeclaration> = {
  'letter-contribution-asked': {
    headline: "Words for the child's letter",
    what: "the request for the IRO's words for the child's letter",
    informationOnly: false,
    color: 'Accent',
    text: (d) => `Case ${str(d, 'ref')}: ${str(d, 'socialWorker')} is writing the child's "Your time in our care" letter and asks what you would like to say to the child. Open the case and choose "Write for the child's letter"; your words go into the letter.`,
  },
  'letter-contribution-given': {
    headline: 'The IRO wrote for the letter',
    what: "the notice that the IRO's words for the letter came",
    informationOnly: false,
    color: 'Good',
    text: (d) => `Case ${str(d, 'ref')}: ${str(d, 'from')} (IRO) has written what they want to say in the child's letter. It is filled in when you open "Record the letter".`,
  },
};
