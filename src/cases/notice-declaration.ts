/** What every notice kind declares once (notice-catalogue.ts gathers them; a kind without one fails the build). */
import type { NoticeData } from '../protocol';

export interface NoticeDeclaration {
  headline: string;
  /** For "did not reach someone": "the notice that …". */
  what: string;
  /** Asks nothing of the reader: no rule ids in its words, and not chased when undelivered. */
  informationOnly: boolean;
  /** The card's accent (an Adaptive Card colour: Default, Accent, Good, Warning, Attention). */
  color: string;
  text(d: NoticeData): string;
}
