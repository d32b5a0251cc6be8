/**
 * The social worker's steps of an unplanned return home, as they are done on the Playground's page:
 * open the case, record what comes before the assessment, submit it. Shared by the browser tests.
 */
import { strict as assert } from 'node:assert';
import type { PlaygroundPage } from './playground-page';

export function isoDaysFromToday(days: number): string {
  const d = new Date();
  d.setDate(d.getDate() + days);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

/**
 * The case card of `ref` (its heading "Case REF", then "Pathway", under any banner), and what else it must show:
 * a notice about the case ("Case opened — case REF", "Case REF has been …") arriving just then is not it.
 */
export function caseCard(ref: string, showing = ''): RegExp {
  return new RegExp(`^${showing ? `(?=[\\s\\S]*${showing})` : ''}[\\s\\S]*?(?:^|\\n)Case ${ref}\\s+Pathway`);
}

export async function startCase(p: PlaygroundPage, ref: string): Promise<void> {
  await p.say('new case', /Case reference/);
  await p.shot('start-form');
  await p.fillText(/^Case reference/, ref);
  await p.choose(/^Legal status/, 'Section 20 (voluntary accommodation)');
  await p.choose(/^Pathway/, 'Unplanned return home');
  await p.choose(/^What started the unplanned return/, 'Parent withdrew agreement to S20 accommodation');
  await p.fillDate(/^Child's date of birth/, '2009-05-14');
  await p.fillDate(/^Date accommodated/, isoDaysFromToday(-60));
  await p.fillDate(/^Date the child went home/, isoDaysFromToday(-2));
  await p.shot('start-form-filled');
  const card = await p.press(/^Start the case$/, new RegExp(`Case ${ref}`));
  assert.match(card, /First home visit/);
  await p.shot('case-opened');
}

export async function prepare(p: PlaygroundPage): Promise<void> {
  await p.press(/child's views/, /The child's views/);
  await p.fillText(/^The child's views/, 'Wants to go home to mum.');
  await p.press(/^Record /, /Child's views recorded|child's views/i);
  await p.shot('child-views');
  await p.press(/immediate risk/, /What was considered/);
  await p.fillText(/^What was considered/, 'No immediate risk.');
  await p.choose(/^Whose view was sought/, 'Team manager');
  await p.press(/^Record /, /Immediate risk/i);
  await p.shot('immediate-risk');
  await p.press(/parents' views/, /The parents' views/);
  await p.fillText(/^The parents' views/, 'Mother wants the child home.');
  await p.press(/^Record /, /parents/i);
  await p.shot('parents-views');
  await p.press(/^Inform the IRO$/, /Inform the IRO now/);
  await p.press(/^Inform the IRO now$/, /IRO informed|IRO/);
  await p.shot('iro-informed');
}

export async function submitAssessment(p: PlaygroundPage, viable: boolean): Promise<string> {
  await p.press(/Submit the assessment/, /Assessment form used/);
  await p.choose(/^Assessment form used/, 'S20 Return Home Assessment');
  await p.choose(/^Is the return home viable/, viable ? 'Viable' : 'Not viable');
  await p.fillText(/^Analysis of risk/, viable ? 'Low risk with support.' : 'Risks identified.');
  await p.fillText(/^Safety plan/, viable ? 'Daily contact with school.' : 'Stay in placement.');
  if (viable) {
    await p.choose(/^Stepdown plan/, 'Family Group Conference referral');
    await p.fillText(/^What the stepdown plan is meant to achieve/, 'Build the family network.');
  }
  await p.fillDate(/^Date the assessment was completed/, isoDaysFromToday(0));
  await p.shot('assessment-filled');
  const card = await p.press(/^Submit for agreement$/, viable ? /sent to the team manager/ : /not viable/i);
  await p.shot('assessment-submitted');
  return card;
}

/** The IRO opens the case and records their view (the Head of Service is asked next). */
export async function recordIroView(p: PlaygroundPage, ref: string): Promise<void> {
  await p.say(`case ${ref}`, caseCard(ref));
  await p.press(/IRO's view/, /The IRO's view/);
  await p.fillText(/^The IRO's view/, 'Supports the return.');
  await p.tick('The review is brought forward');
  await p.shot('iro-view');
  await p.press(/^Record /, /Head of Service/);
  await p.shot('iro-view-recorded');
}
