/** What a step's form says at its top before anything is typed: on a revision, who sent it back and why. */
import type { CaseState } from '../protocol';
import type { StepId } from './case-steps';
import { lastSentBack } from './case-view';

export function stepIntro(state: CaseState, step: StepId): { shown: boolean; message: string } {
  if (step === 'immediateRisk') {
    return { shown: true, message: 'The view on whether a Legal Planning Meeting or an ICPC is needed is the manager\'s (R-UNPL-2): if the check flags either, or you are not sure, the manager you consulted is sent a card to give their view, and the assessment waits for it.' };
  }
  if (step !== 'assessment') return { shown: false, message: '' };
  const sent = lastSentBack(state);
  if (!sent) return { shown: false, message: '' };
  const how = sent.rejected ? `${sent.by} rejected this on ${sent.on}: "${sent.comment}", and the case was reopened` : `${sent.by} sent this back on ${sent.on}: "${sent.comment}"`;
  return { shown: true, message: `${how} — the form below holds what you sent: change what is needed and submit it again.` };
}
