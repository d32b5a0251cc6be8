/**
 * A first draft of the "Your time in our care" letter (R-LETTER-1), written to the child from what
 * the case records: when care began and ended, how the return home came about, and who agreed what,
 * when. What the case does not know stays a [placeholder in square brackets] for the social worker
 * to write — the draft never invents a reason, a name or a feeling. Recorded views are not quoted:
 * they were written for professionals, not for the child.
 */
import type { ApprovalStage, CaseState, Decision, UnplannedTrigger } from '../protocol';
import { dateInWords, listInWords } from '../protocol';
import { calendarDateIn } from '../cases/org-time';
import { letterAgeBand, letterOpening, letterViewsLine } from '../documents/compose/letter-wording';

export interface LetterContext {
  organisationName: string;
  directorTitle: string;
  /** The organisation's time zone: the day something was recorded is its local day, not UTC's. */
  timeZone: string;
  /** The day the draft is written, for the child's age (defaults to now). */
  now?: Date;
}

/** "2 March 2026" for a recorded instant, on the organisation's calendar. */
function dayInWords(at: string, ctx: LetterContext): string {
  return dateInWords(calendarDateIn(new Date(at), ctx.timeZone));
}

const HOW_IT_CAME_ABOUT: Record<UnplannedTrigger, string> = {
  'consent-withdrawn': 'Your parent decided that you should come home, and we worked with your family to make that as safe as we could.',
  'young-person-left': 'You told us that you wanted to live at home again, and we worked with you and your family to make that as safe as we could.',
  'returned-without-agreement': 'You went home before we had all agreed it, and we worked with your family to make that as safe as we could.',
};

function agreed(stage: ApprovalStage, who: string, ctx: LetterContext): string {
  switch (stage) {
    case 'team-manager':
      return `${who}, the team manager, agreed that it was safe for you to go home.`;
    case 'head-of-service':
      return `${who}, the Head of Service, agreed in writing that you could go home.`;
    case 'director':
      return `${who}, the ${ctx.directorTitle}, agreed that your time in care could end.`;
    case 'placement-end':
      return `${who}, the Head of Service, agreed that the place where you were living could end.`;
  }
}

function refused(stage: ApprovalStage, who: string, ctx: LetterContext): string {
  if (stage === 'placement-end') return `${who}, the Head of Service, decided that the place where you were living should not end then.`;
  const role = stage === 'team-manager' ? 'the team manager' : stage === 'head-of-service' ? 'the Head of Service' : `the ${ctx.directorTitle}`;
  return `${who}, ${role}, decided against you going home at that time.`;
}

function decisionLine(stage: ApprovalStage, d: Decision, ctx: LetterContext): string {
  const who = d.onBehalfOf ? `${d.by.name} (for ${d.onBehalfOf.name})` : d.by.name;
  const when = `On ${dayInWords(d.at, ctx)}, `;
  if (d.outcome === 'approve') return when + agreed(stage, who, ctx);
  // A final no is told as the decision it was, not as a request for more work.
  if (d.outcome === 'reject') return `${when}${refused(stage, who, ctx)}`;
  return `${when}${who} asked for more work to be done before deciding.`;
}

export function draftLetter(state: CaseState, ctx: LetterContext): string {
  const org = ctx.organisationName;
  const lines: string[] = [];
  const para = (...text: string[]) => lines.push(text.filter(Boolean).join(' '), '');

  // Worded for the child's age on the day it is drafted: under 12, 12 to 15, or 16 and 17.
  const writtenOn = calendarDateIn(ctx.now ?? new Date(), ctx.timeZone);
  const band = letterAgeBand(state, writtenOn);
  para('Dear [your name],');
  para(letterOpening(band, org));

  lines.push('Why you came into care');
  para(
    `You started to be looked after by us on ${dateInWords(state.facts.accommodatedOn)}.`,
    state.facts.legalStatus === 'S20' ? 'Your family agreed with us that you would live away from home for a while. This is called being "accommodated under section 20".' : '',
    '[why you came into care]',
  );

  lines.push('What happened');
  para('[where you lived and who looked after you]');
  const reunification = state.steps.reunification;
  const changed = state.pathwayChanges.length > 0;
  if (reunification) {
    para(
      `From ${dateInWords(reunification.startedOn)} we worked with you and your family to plan for you to go home.`,
      reunification.edgeOfCare === 'framework' ? 'The Edge of Care team helped your family, using a careful way of planning called the reunification framework.' : '',
      reunification.edgeOfCare === 'support-only' ? 'The Edge of Care team gave your family extra support.' : '',
    );
  }
  if (state.pathway === 'unplanned') para(state.trigger ? HOW_IT_CAME_ABOUT[state.trigger] : '[how your return home came about]', changed ? 'This happened before the plan for you to go home was finished.' : '');
  const s = state.steps;
  const home = state.facts.returnedHomeOn ? `You went home on ${dateInWords(state.facts.returnedHomeOn)}.` : 'You went home on [the date you went home].';
  // The story in the order it happened: a child who went home before we asked them is told so first.
  const viewDays = [s.childViews, s.parentsConsulted].flatMap((r) => (r ? [calendarDateIn(new Date(r.at), ctx.timeZone)] : []));
  const homeFirst = state.facts.returnedHomeOn !== null && viewDays.length > 0 && viewDays.every((day) => day > state.facts.returnedHomeOn!);
  if (homeFirst) para(home);
  if (s.childViews || s.parentsConsulted) {
    para(
      s.childViews ? `On ${dayInWords(s.childViews.at, ctx)} ${letterViewsLine(band).charAt(0).toLowerCase()}${letterViewsLine(band).slice(1)}` : '',
      s.parentsConsulted ? `On ${dayInWords(s.parentsConsulted.at, ctx)} we talked with your parents about you going home.` : '',
      '[what you told us]',
    );
  }
  if (!homeFirst) para(home);
  const visits = state.visits.filter((v) => v.doneOn).map((v) => dateInWords(v.doneOn!));
  if (visits.length > 0) para(`After you went home, your social worker came to see you on ${listInWords(visits)}.`);
  // The placement and the care episode end in either order: told in the order they happened.
  const endings: { day: string; line: string }[] = [];
  // The placement may be recorded as ending on a day still to come when the letter is written.
  const placementEnd = state.placement.endDate;
  if (state.placement.status === 'ended' && placementEnd) endings.push({ day: placementEnd, line: `The place where you had been living while you were in care ${placementEnd > writtenOn ? 'ends' : 'ended'} on ${dateInWords(placementEnd)}.` });
  if (state.episodeEnded) endings.push({ day: calendarDateIn(new Date(state.episodeEnded.at), ctx.timeZone), line: `Your time in care ended on ${dayInWords(state.episodeEnded.at, ctx)}.` });
  for (const ending of endings.sort((a, b) => (a.day < b.day ? -1 : a.day > b.day ? 1 : 0))) para(ending.line);

  lines.push('The decisions we made');
  const dated = state.approvals.filter((a) => a.decision && !a.cancelledAt).map((a) => ({ at: a.decision!.at, line: decisionLine(a.stage, a.decision!, ctx) }));
  // A view the social worker wrote down for the IRO is still the IRO's: name the IRO, not the writer (L3).
  if (state.iroView) dated.push({ at: state.iroView.at, line: `On ${dayInWords(state.iroView.at, ctx)}, ${state.iroView.givenOrally ? (state.iro?.name ?? 'your IRO') : state.iroView.by.name}, your Independent Reviewing Officer (IRO), gave their view about you going home.` });
  // In the order they happened, as the child would tell the story (the IRO's view comes before the Head of Service's, R-SIGN-4).
  const decisions = dated.sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0)).map((d) => d.line);
  para(decisions.length > 0 ? decisions.join('\n') : '[the decisions made about you going home]');
  para('[why these decisions were made, in words you will understand]');

  lines.push('What people want to say to you');
  lines.push(`From your Independent Reviewing Officer${state.iro ? ` (${state.iro.name})` : ''}: [IRO to add]`);
  lines.push('From your carers: [carers to add]');
  lines.push('From your parents: [parents to add]');
  lines.push('');
  para('[anything else you want to say]');
  lines.push('With best wishes,');
  lines.push(state.socialWorker.name);
  lines.push(`Your social worker, ${org}`);
  return lines.join('\n');
}
