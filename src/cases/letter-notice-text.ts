/**
 * The notices of the "Your time in our care" letter's contributions (issue 13, R-LETTER-1): the
 * IRO asked for their words, and the social worker told they came. One declaration each, in the
 * shape of lifecycle-notice-text.ts. Case reference and staff names only.
 */
import type { NoticeData, NoticeKind } from '../protocol';
import { dateText } from '../protocol';
import type { NoticeDeclaration } from './notice-declaration';

type LetterKind = Extract<NoticeKind, 'letter-contribution-asked' | 'letter-contribution-given' | 'letter-recorded'>;

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
  // To the IRO asked for their words: the letter is done, with or without them, and nothing is left for them.
  'letter-recorded': {
    headline: "The child's letter is recorded",
    what: "the notice to the IRO that the child's letter was recorded",
    informationOnly: true,
    color: 'Good',
    text: (d) => {
      const words = d['withYourWords'] === true ? 'with the words you wrote for it as IRO' : d['youWrote'] === true ? 'without the words you wrote for it (ask the social worker if you want to know why)' : 'before your words for it came, so they are no longer needed';
      return `Case ${str(d, 'ref')}: ${str(d, 'socialWorker')} recorded the child's "Your time in our care" letter, written on ${dateText(str(d, 'writtenOn'))}, ${words}. Nothing more is needed from you for the letter.`;
    },
  },
};
