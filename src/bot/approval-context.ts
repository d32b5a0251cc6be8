/**
 * What an approver needs beside the assessment so nobody decides blind: every earlier decision in
 * the chain (who, when, what they said), whether the child is already home, the immediate risk
 * check's answers (R-UNPL-2), and what changed since the version sent back.
 */
import {
  retrospectiveWords,
  APPROVER_NAMES,
  Assessment,
  ASSESSMENT_FORM_NAMES,
  CaseState,
  dateOf,
  dateText,
  personText,
  sentenceCase,
  STEPDOWN_OPTION_NAMES,
  withdrawnWhy,
} from '../protocol';
import type { Approval } from '../protocol';
import { quoted } from './card-budget';

const STAGE_WHO = (stage: Approval['stage']): string => sentenceCase(APPROVER_NAMES[stage]);

const OUTCOME_WORDS = { approve: 'agreed', 'request-changes': 'asked for changes', reject: 'rejected' } as const;

/** Every decision given before this request, oldest first: "Head of Service Harper Head agreed on Tue 3 Mar 2026 (version 1): "…"". */
export function chainSoFar(state: CaseState, approvalId: string): string[] {
  const lines: string[] = [];
  for (const approval of state.approvals) {
    if (approval.approvalId === approvalId) break;
    const d = approval.decision;
    if (approval.stage === 'placement-end') continue;
    if (!d) {
      if (approval.cancelledAt) lines.push(`${STAGE_WHO(approval.stage)}: request of ${dateText(approval.requestedOn)} withdrawn (${withdrawnWhy(approval)}).`);
      continue;
    }
    const by = personText(d.by, d.onBehalfOf);
    // Quoted short: the card has a size limit (src/bot/card-budget.ts); the decision keeps it whole.
    const comment = d.comment ? `: "${quoted(d.comment, 500)}"` : '';
    lines.push(`${STAGE_WHO(approval.stage)} ${by} ${OUTCOME_WORDS[d.outcome]} on ${dateText(dateOf(d))} (version ${approval.round})${comment}${retrospectiveWords(approval)}.`);
  }
  return lines;
}

/** Whether the child is home, in words; for the Director, that their authorisation would be retrospective. */
export function homeText(state: CaseState, forDirector: boolean): string {
  const home = state.facts.returnedHomeOn;
  if (!home) return 'No: the child is still accommodated.';
  return `Yes, since ${dateText(home)}${forDirector ? ': your authorisation will be retrospective (R-SIGN-5)' : ''}.`;
}

/** The immediate risk check's answers (R-UNPL-2), or why there are none. */
export function riskCheckText(state: CaseState): string {
  const risk = state.steps.immediateRisk;
  if (!risk) return state.pathway === 'planned' ? 'Not part of a planned return.' : 'Not recorded.';
  const yesNo = (b: boolean) => (b ? 'needed' : 'not needed');
  const manager = risk.consulted === 'head-of-service' ? 'Head of Service' : 'team manager';
  // A deputy's record says on whose behalf, as the case card's checklist does.
  const who = personText(risk.by, risk.onBehalfOf);
  if (risk.viewAwaited && state.pathway === 'planned') return `The risk check (${who}, ${dateText(dateOf(risk))}) flagged a possible need; the case then moved to the planned pathway, so the ${manager}'s view on a Legal Planning Meeting or ICPC was no longer asked (R-UNPL-2).`;
  if (risk.viewAwaited) return `The risk check (${who}, ${dateText(dateOf(risk))}) flags a possible need; waiting for the ${manager}'s view on a Legal Planning Meeting or ICPC.`;
  const answers = `Legal Planning Meeting ${yesNo(risk.legalPlanningMeetingNeeded)}; Initial Child Protection Conference ${yesNo(risk.childProtectionConferenceNeeded)}`;
  if (risk.viewBy) return `${answers}: the view of ${personText(risk.viewBy.by, risk.viewBy.onBehalfOf)} (${manager}), given by them on ${dateText(dateOf(risk.viewBy))}${risk.view ? `: "${quoted(risk.view)}"` : ''}.`;
  if (risk.flagged) return `The risk check (${who}, ${dateText(dateOf(risk))}, ${manager} consulted) flagged no need for a Legal Planning Meeting or ICPC, so no view was asked for.`;
  // Recorded before the manager gave every view themselves: say who recorded it.
  return `${answers} (the ${manager}'s view as recorded by ${who}, ${dateText(dateOf(risk))}).`;
}

function stepdownText(a: Assessment): string {
  return a.stepdownPlan.map((i) => `${STEPDOWN_OPTION_NAMES[i.option]}: ${i.purpose}`).join('; ');
}

/** What changed between the version sent back and this one, part by part; empty for a first version. */
export function changesSinceLastVersion(state: CaseState): string[] {
  const current = state.assessment;
  const earlier = state.earlierAssessments?.at(-1);
  if (!current || !earlier) return [];
  const changes: string[] = [];
  if (earlier.form !== current.form) changes.push(`Form: was ${ASSESSMENT_FORM_NAMES[earlier.form]}, now ${ASSESSMENT_FORM_NAMES[current.form]}.`);
  if (earlier.viable !== current.viable) changes.push(`Viability: now ${current.viable ? 'viable' : 'not viable'}.`);
  // The earlier words are quoted short: the card has a size limit (src/bot/card-budget.ts).
  if (earlier.riskAnalysis !== current.riskAnalysis) changes.push(`Risks: was "${quoted(earlier.riskAnalysis)}".`);
  if (earlier.safetyPlan !== current.safetyPlan) changes.push(`Safety plan: was "${quoted(earlier.safetyPlan)}".`);
  if (stepdownText(earlier) !== stepdownText(current)) changes.push(`Stepdown plan: was "${quoted(stepdownText(earlier)) || 'none'}".`);
  if (earlier.completedOn && current.completedOn && earlier.completedOn !== current.completedOn) changes.push(`Assessment date: was ${dateText(earlier.completedOn)}, now ${dateText(current.completedOn)}.`);
  return changes.length > 0 ? [`Version ${current.round} (version ${earlier.round} ${howItEnded(state, earlier.round)}):`, ...changes] : [`Version ${current.round}: nothing in the assessment changed since version ${earlier.round}.`];
}

/** How an earlier version stopped going round: sent back or rejected by an approver, or its request withdrawn undecided (a step undone, the pathway moved). */
function howItEnded(state: CaseState, round: number): string {
  const ofRound = state.approvals.filter((a) => a.round === round && a.stage !== 'placement-end');
  const decided = ofRound.find((a) => a.decision && a.decision.outcome !== 'approve' && !a.cancelledAt);
  if (decided) return decided.decision?.outcome === 'reject' ? 'was rejected' : 'was sent back';
  const withdrawn = ofRound.filter((a) => a.cancelledAt).at(-1);
  return withdrawn ? `was withdrawn: ${withdrawnWhy(withdrawn)}` : 'was sent back';
}
