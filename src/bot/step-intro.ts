/** What a step's form says at its top before anything is typed: on a revision, who sent it back and why. */
import type { CaseState } from '../protocol';
import type { StepId } from './case-steps';
import { lastSentBack } from './case-view';

export function stepIntro(state: CaseState, step: StepId): { shown: boolean; message: string } {
  if (step !== 'assessment') return { shown: false, message: '' };
  const sent = lastSentBack(state);
  if (!sent) return { shown: false, message: '' };
  return { shown: true, message: `${sent.by} sent this back on ${sent.on}: "${sent.comment}" — the form below holds what you sent: change what is needed and submit it again.` };
}
