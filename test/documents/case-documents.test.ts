/**
 * The case file's documents for the worked cases of both pathways (src/documents/sample-cases.ts,
 * built by the protocol's own transitions): each is written as .docx, read back with mammoth, and
 * its text compared with the case it came from. Also: which commits make a new version, and what
 * file names carry.
 */
import { strict as assert } from 'node:assert';
import { dateInWords, type CaseState } from '../../src/protocol';
import { documentOutboxItems, caseDocuments, type DocumentPayload } from '../../src/documents/case-documents';
import { DOCUMENT_KINDS } from '../../src/documents/document-kinds';
import type { CaseDocument } from '../../src/documents/document-model';
import { renderDocx } from '../../src/documents/render-docx';
import { sampleCases } from '../../src/documents/sample-cases';
import { placementEndConfirmation } from '../../src/documents/compose/placement-end-confirmation';
import { accept, actor, ACTORS, awaitingDirector, drive, events, HOME_53_DAYS, initialSteps, nowOn, opened, pending } from '../protocol/support/case-fixtures';
import { SAMPLE_SETTINGS, sampleDocuments } from '../../src/cli/sample-documents';
import JSZip from 'jszip';
import { docxText } from './support/docx-text';

const samples = sampleCases();
const finalState = (ref: string): CaseState => {
  const sample = samples.find((s) => s.states[0]!.ref === ref);
  assert.ok(sample, ref);
  return sample.states[sample.states.length - 1]!;
};
const byFile = new Map<string, CaseDocument>(sampleDocuments().map((d) => [d.fileName, d]));
const textOf = async (fileName: string): Promise<string> => {
  const doc = byFile.get(fileName);
  assert.ok(doc, `no document ${fileName}; made: ${[...byFile.keys()].join(', ')}`);
  return docxText(await renderDocx(doc, SAMPLE_SETTINGS));
};
const flat = (text: string): string => text.replace(/\s+/g, ' ');

describe('the case file: documents written for the worked cases and read back', () => {
  it('makes every kind of document across the sample cases, each named by case reference only', () => {
    const kinds = new Set([...byFile.values()].map((d) => d.kind));
    assert.deepEqual([...kinds].sort(), [...DOCUMENT_KINDS].sort());
    for (const doc of byFile.values()) {
      assert.match(doc.fileName, /^MOS-\d{4} [A-Za-z ]+( \d+)?\.docx$/);
      assert.ok(!/\d{4}-\d{2}-\d{2}/.test(doc.fileName), doc.fileName);
    }
  });

  it('the unplanned decision record holds the case: facts, ruling with rule ids, assessment, views, decisions, visits; marked as the version the Head of Service agreed', async () => {
    const state = finalState('MOS-1042');
    const text = flat(await textOf('MOS-1042 return home decision record 1.docx'));
    assert.match(text, /The version the Head of Service agreed: Adele Vance agreed it in writing on 5 March 2026 \(R-SIGN-4\)/);
    assert.ok(text.includes(`Date of birth ${dateInWords(state.facts.dateOfBirth)}`), 'date of birth');
    assert.ok(text.includes('Accommodated on 5 January 2026'));
    assert.ok(text.includes('Returned home on 27 February 2026'));
    assert.match(text, /Director sign-off Required \(R-SIGN-1, R-SIGN-2\)/);
    assert.ok(text.includes(state.assessment!.riskAnalysis));
    assert.ok(text.includes(state.assessment!.safetyPlan));
    for (const item of state.assessment!.stepdownPlan) assert.ok(text.includes(item.purpose), item.purpose);
    assert.ok(text.includes(state.steps.childViews!.views));
    assert.ok(text.includes(state.steps.parentsConsulted!.views));
    assert.ok(text.includes(state.iroView!.view));
    // Every decision on this version: who, on whose behalf, when, comment.
    assert.match(text, /Team manager Agreed Megan Bowen 4 March 2026 Plan is proportionate\./);
    assert.match(text, /Head of Service Agreed Adele Vance 5 March 2026 Agreed: keep the school link daily/);
    assert.match(text, /Director Agreed \(retrospective, R-SIGN-5\) Grady Archie on behalf of Isaiah Langer 6 March 2026/);
    // In the order they happened: the IRO's view (4 March) between the team manager's and the Head of Service's.
    assert.match(text, /Team manager Agreed Megan Bowen 4 March 2026 Plan is proportionate\. IRO's view Given Patti Fernandez 4 March 2026 Head of Service Agreed/);
    for (const visit of state.visits) assert.ok(text.includes(dateInWords(visit.due)), `visit due ${visit.due}`);
  });

  it('the planned case keeps one decision record per submission: the one sent back says so, the agreed one is marked, and the NSPCC evidence is listed (R-PLAN-3)', async () => {
    const first = flat(await textOf('MOS-2077 return home decision record 1.docx'));
    const second = flat(await textOf('MOS-2077 return home decision record 2.docx'));
    assert.match(first, /This version was not agreed: changes requested by the team manager on 18 February 2026/);
    assert.ok(first.includes('Say who covers weekends in the safety plan.'));
    assert.ok(!first.includes('The version the Head of Service agreed'));
    assert.match(second, /The version the Head of Service agreed: Adele Vance agreed it in writing on 23 February 2026/);
    assert.ok(second.includes('Weekends: grandmother'), 'the revised safety plan');
    for (const evidence of ['analytical chronology', 'themes and patterns document', 'risk classification meeting', 'co-produced return home plan']) assert.ok(second.includes(evidence), evidence);
    assert.match(second, /analytical chronology 26 January 2026 https:\/\/mossbank\.sharepoint\.com\/sites\/childrens\/Reunification\/MOS-2077\/chronology\.docx/);
    assert.match(second, /Edge of Care team, following the NSPCC reunification framework/);
  });

  it("the Head of Service's agreement, the Director's authorisation (a deputy, retrospective) and the placement end confirmation say who, when and what", async () => {
    const hos = flat(await textOf('MOS-1042 Head of Service agreement 1.docx'));
    assert.match(hos, /On 5 March 2026, Adele Vance, Head of Service, Mossbank Council, agreed the return home/);
    assert.match(hos, /The authorisation of the Director of Children's Services is required \(R-SIGN-1, R-SIGN-2\)/);
    assert.ok(hos.includes('For the case notes in the case-record system'));
    const director = flat(await textOf('MOS-1042 Director authorisation 1.docx'));
    assert.match(director, /Retrospective authorisation \(R-SIGN-5\): the child went home on 27 February 2026/);
    assert.match(director, /Authorised by Grady Archie on behalf of Isaiah Langer, Director of Children's Services/);
    const plannedDirector = flat(await textOf('MOS-2077 Director authorisation 2.docx'));
    assert.match(plannedDirector, /Authorised by Isaiah Langer, Director of Children's Services/);
    assert.match(plannedDirector, /Retrospective No/);
    const placement = flat(await textOf('MOS-1042 placement end confirmation.docx'));
    assert.match(placement, /Specified end date 13 March 2026/);
    assert.match(placement, /Carers or provider told on 9 March 2026/);
    assert.match(placement, /Head of Service's consent Adele Vance, 9 March 2026/);
  });

  it('a planned return home recorded after the sign-off does not make the agreement or the assessment read as retrospective (R-SIGN-5); an unplanned one, home before, does', async () => {
    assert.equal(finalState('MOS-2077').facts.returnedHomeOn, '2026-02-27', 'home after the agreement of 23 February');
    const plannedHos = flat(await textOf('MOS-2077 Head of Service agreement 2.docx'));
    assert.match(plannedHos, /On 23 February 2026, Adele Vance, Head of Service/);
    assert.doesNotMatch(plannedHos, /before this agreement/);
    assert.match(flat(await textOf('MOS-2077 return home decision record 2.docx')), /Already home when assessed No /);
    assert.match(flat(await textOf('MOS-1042 Head of Service agreement 1.docx')), /The child went home on 27 February 2026, before this agreement \(R-SIGN-5\)/);
    assert.match(flat(await textOf('MOS-1042 return home decision record 1.docx')), /Already home when assessed Yes: any Director agreement is retrospective \(R-SIGN-5\)/);
  });

  it("a return home recorded after the Director authorised, dated before it: the authorisation and the decision record read retrospective, with when the return was recorded (R-SIGN-5)", async () => {
    let state = awaitingDirector({ facts: { returnedHomeOn: null } });
    state = accept(state, events.decision(pending(state, 'director').approvalId, ACTORS.director), nowOn('2026-03-04')).state;
    const docs = (s: CaseState): Map<string, string> => new Map(caseDocuments(s, SAMPLE_SETTINGS).map((d) => [d.kind, JSON.stringify(d)]));
    assert.match(docs(state).get('director-authorisation')!, /\["Retrospective","No"\]/);
    const home = accept(state, events.returnedHome('2026-03-02'), nowOn('2026-03-06')).state;
    const after = docs(home);
    assert.match(after.get('director-authorisation')!, /Retrospective authorisation \(R-SIGN-5\): the child went home on 2 March 2026, before this agreement; that return was recorded on 6 March 2026 by [^,]+, after the authorisation was given\./);
    assert.match(after.get('director-authorisation')!, /\["Retrospective","Yes"\]/);
    assert.match(after.get('decision-record')!, /Agreed \(retrospective, R-SIGN-5: the child went home on Mon 2 Mar 2026, before it; that return was recorded on Fri 6 Mar 2026 by /);
  });

  it("an IRO's view the social worker wrote down as the IRO gave it orally is the IRO's in the decision record, not the social worker's (L3)", async () => {
    const state = structuredClone(finalState('MOS-1042'));
    state.iroView = { ...state.iroView!, by: { id: 'sw', name: 'Alex Wilber' }, givenOrally: true };
    const doc = caseDocuments(state, SAMPLE_SETTINGS).find((d) => d.kind === 'decision-record')!;
    const text = flat(await docxText(await renderDocx(doc, SAMPLE_SETTINGS)));
    assert.match(text, /\(Patti Fernandez, given orally, recorded by Alex Wilber, 4 March 2026; review brought forward/);
    assert.match(text, /IRO's view Given Patti Fernandez, given orally, recorded by Alex Wilber 4 March 2026/);
  });

  it("the letter's decisions are told in the order they happened: the IRO's view before the Head of Service's agreement (R-SIGN-4), not after the Director's", async () => {
    for (const file of ['MOS-1042 Your time in our care letter.docx', 'MOS-2077 Your time in our care letter.docx']) {
      const text = await textOf(file);
      const section = text.slice(text.indexOf('The decisions we made'), text.indexOf('What people want to say to you'));
      const days = [...section.matchAll(/^On (\d{1,2} \w+ \d{4}),/gm)].map((m) => Date.parse(m[1]!));
      assert.ok(days.length >= 4, `${file}: ${section}`);
      assert.deepEqual(days, [...days].sort((a, b) => a - b), `${file}: in date order: ${section}`);
      assert.ok(section.indexOf('gave their view') < section.indexOf('the Head of Service, agreed in writing'), `${file}: the IRO's view first`);
    }
  });

  it('the letter is worded for the age (16-17 and under 12) and carries what the IRO, the carer and the parents contributed', async () => {
    const older = flat(await textOf('MOS-1042 Your time in our care letter.docx'));
    assert.match(older, /This letter is a record for you of your time in the care of Mossbank Council/);
    assert.match(older, /your view counted in the decision/);
    assert.ok(older.includes('I was glad to meet you and to hear what you wanted.'), 'the IRO');
    assert.ok(older.includes('From Jo Carter (foster carer): It was lovely having you with us.'), 'the carer');
    assert.ok(older.includes('We are proud of you and glad you are home.'), 'the parents');
    const younger = flat(await textOf('MOS-2077 Your time in our care letter.docx'));
    assert.match(younger, /This letter is for you\. It tells the story of the time you lived away from home/);
    assert.equal(byFile.get('MOS-2077 Your time in our care letter.docx')!.fields['AgeBand'], 'under-12');
  });

  it('the letter keeps the text the social worker finished, not the draft', async () => {
    const state = structuredClone(finalState('MOS-2077'));
    state.letter = { ...state.letter!, text: 'Dear Sky,\nThis is the letter as I finished it.\nWith best wishes, Alex' };
    const doc = caseDocuments(state, SAMPLE_SETTINGS).find((d) => d.kind === 'time-in-care-letter')!;
    const text = await docxText(await renderDocx(doc, SAMPLE_SETTINGS));
    assert.ok(text.includes('This is the letter as I finished it.'));
    assert.ok(!text.includes('[your name]'));
  });

  it('the not-viable record says who was told and which meetings were booked (R-UNPL-8)', async () => {
    const text = flat(await textOf('MOS-3105 not viable record.docx'));
    assert.match(text, /The assessment found a return home not viable on 3 March 2026 \(R-UNPL-8\)/);
    assert.match(text, /told of the decision Yes/);
    assert.match(text, /The IRO told Yes: Patti Fernandez/);
    assert.match(text, /Initial child protection conference booked Yes/);
    assert.match(text, /Legal planning meeting booked Yes/);
    assert.ok(text.includes('ICPC booked for 18 March; legal planning meeting on 10 March.'));
  });

  it("the not-viable record of a return the Director rejected names them and their words, not 'the assessment found a return home not viable' (R-UNPL-8)", async () => {
    const atDirector = awaitingDirector();
    const rejected = accept(atDirector, events.decision(pending(atDirector, 'director').approvalId, ACTORS.director, 'reject', 'Not safe yet.')).state;
    const state = accept(rejected, events.notViableActions()).state;
    const doc = caseDocuments(state, SAMPLE_SETTINGS).find((d) => d.kind === 'not-viable-record')!;
    const text = flat(await docxText(await renderDocx(doc, SAMPLE_SETTINGS)));
    assert.match(text, /Dana Director \(Director\) rejected the return home on 2 March 2026 \("Not safe yet\."\), though the assessment found it viable; the child was already home, so the not-viable route followed \(R-UNPL-8\)\./);
    assert.doesNotMatch(text, /The assessment found a return home not viable/);
  });

  it("the decision record of an assessment found not viable does not say a decision is still to come, nor that visits follow a return home: none are (R-UNPL-8)", async () => {
    const text = flat(await textOf('MOS-3105 return home decision record 1.docx'));
    assert.match(text, /Decisions on this version \(R-SIGN-4\) None: a return home found not viable is not put to the approvers; the not-viable actions follow \(R-UNPL-8\)\./);
    assert.match(text, /Visits \(R-VISIT-1\) None: the return home was found not viable \(R-UNPL-8\)\./);
    assert.doesNotMatch(text, /No decision yet|the dates follow the return home/);
  });

  it('the decision record of an assessment found not viable does not say Director sign-off is required, nor that a Director agreement would be retrospective: none is asked (R-UNPL-8)', async () => {
    const text = flat(await textOf('MOS-3105 return home decision record 1.docx'));
    assert.match(text, /Director sign-off Not needed: the return home was found not viable \(R-UNPL-8\)/);
    assert.doesNotMatch(text, /Director sign-off Required|any Director agreement is retrospective/);
  });

  it('a commit makes a new version only of the documents it changes', () => {
    const sample = samples.find((s) => s.states[0]!.ref === 'MOS-1042')!;
    const made = sample.states.map((state, i) => documentOutboxItems(i === 0 ? null : sample.states[i - 1]!, state, i + 1, SAMPLE_SETTINGS).map((item) => (item.payload as DocumentPayload).document.docId));
    // Opening and the four first steps make none; the submission makes the decision record.
    assert.deepEqual(made.slice(0, 5), [[], [], [], [], []]);
    assert.deepEqual(made[5], ['decision-record-1']);
    // The Head of Service's agreement marks the record and makes the written agreement.
    assert.deepEqual(made[8], ['decision-record-1', 'head-of-service-agreement-1']);
    // Nothing is sent twice for the same content: each effect id is unique and each version differs.
    const all = sample.states.flatMap((state, i) => documentOutboxItems(i === 0 ? null : sample.states[i - 1]!, state, i + 1, SAMPLE_SETTINGS));
    assert.equal(new Set(all.map((i) => i.effectId)).size, all.length);
  });
});

describe('the case file: text XML cannot hold', () => {
  // Control characters (but tab and line breaks), U+FFFE/U+FFFF and half surrogate pairs make a
  // .docx that Word refuses to open; people can paste them into a comment or the letter.
  const NOT_IN_XML = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/u;

  it('is left out of every part of the Word file, and the words around it are kept', async () => {
    const state = structuredClone(finalState('MOS-2077'));
    state.letter = { ...state.letter!, text: 'Dear Sky,\u0000 this\u0001 is\u000B your\uFFFE letter\uD800 \u{1F600} from Alex\tand\u202E Sam' };
    const doc = caseDocuments(state, SAMPLE_SETTINGS).find((d) => d.kind === 'time-in-care-letter')!;
    const file = await renderDocx(doc, { organisationName: 'Council\u0007 of Somewhere' });
    const zip = await JSZip.loadAsync(file);
    const parts = Object.values(zip.files).filter((f) => !f.dir && /\.(xml|rels)$/.test(f.name));
    assert.ok(parts.some((p) => p.name === 'word/document.xml'));
    for (const part of parts) {
      const xml = await part.async('string');
      const bad = NOT_IN_XML.exec(xml);
      assert.equal(bad, null, `${part.name} holds U+${bad?.[0].codePointAt(0)?.toString(16).toUpperCase().padStart(4, '0')}`);
    }
    const text = await docxText(file);
    // Direction overrides are left out too, as in Teams: the record must read in the order it was typed.
    assert.ok(text.includes('Dear Sky, this is your letter \u{1F600} from Alex\tand Sam'), text);
    assert.ok(text.includes('Council of Somewhere'), text);
  });
});

describe('the case file: Unicode direction controls', () => {
  it("are left out of a decision's comment in the decision record, so it reads in the order it was typed, as on the Teams card", async () => {
    const state = structuredClone(finalState('MOS-1042'));
    for (const a of state.approvals) if (a.decision) a.decision = { ...a.decision, comment: 'Safety plan \u202Edevorppa\u202C; ask \u2067the school\u2069 too.' };
    const record = caseDocuments(state, SAMPLE_SETTINGS).find((d) => d.kind === 'decision-record')!;
    const text = await docxText(await renderDocx(record, { organisationName: 'Mossbank Council' }));
    assert.ok(text.includes('Safety plan devorppa; ask the school too.'), text.slice(0, 2000));
    assert.doesNotMatch(text, /[\u202A-\u202E\u2066-\u2069]/);
  });
});

describe('the placement end confirmation where the end was recorded on another day than consented to', () => {
  it("gives the date the Head of Service consented to as theirs, and the date recorded beside it, not the recorded date as consented to", () => {
    const requested = accept(opened({ facts: HOME_53_DAYS }).state, events.placementEndRequested('2026-03-13')).state;
    const consented = accept(requested, events.decision(pending(requested, 'placement-end').approvalId, ACTORS.hos)).state;
    const ended = accept(consented, events.placementEnded('2026-03-16', '2026-03-02', ACTORS.cpt)).state;
    const doc = placementEndConfirmation(ended, SAMPLE_SETTINGS)!;
    const rows = doc.blocks.flatMap((b) => (b.type === 'facts' ? b.rows : []));
    assert.deepEqual(rows.find(([title]) => title === 'Specified end date'), ['Specified end date', '13 March 2026']);
    assert.deepEqual(rows.find(([title]) => title === 'End date recorded'), ['End date recorded', '16 March 2026 (not the date the Head of Service consented to)']);

    const same = accept(consented, events.placementEnded('2026-03-13', '2026-03-02', ACTORS.cpt)).state;
    const sameRows = placementEndConfirmation(same, SAMPLE_SETTINGS)!.blocks.flatMap((b) => (b.type === 'facts' ? b.rows : []));
    assert.deepEqual(sameRows.find(([title]) => title === 'Specified end date'), ['Specified end date', '13 March 2026']);
    assert.equal(sameRows.find(([title]) => title === 'End date recorded'), undefined);
  });

  it('says the end of the placement is recorded, never that it ended, since the date recorded may still be to come', () => {
    const requested = accept(opened({ facts: HOME_53_DAYS }).state, events.placementEndRequested('2026-03-13')).state;
    const consented = accept(requested, events.decision(pending(requested, 'placement-end').approvalId, ACTORS.hos)).state;
    const rowsOf = (state: typeof consented) => placementEndConfirmation(state, SAMPLE_SETTINGS)!.blocks.flatMap((b) => (b.type === 'facts' ? b.rows : []));
    assert.deepEqual(rowsOf(consented).find(([title]) => /placement/i.test(title) && /recorded|ended/i.test(title)), ['End of the placement recorded', 'Not yet']);
    const recorded = accept(consented, events.placementEnded('2026-03-13', '2026-03-02', ACTORS.cpt)).state;
    assert.deepEqual(rowsOf(recorded).find(([title]) => /placement/i.test(title) && /recorded|ended/i.test(title)), ['End of the placement recorded', `Yes, by ${ACTORS.cpt.name}, 2 March 2026`]);
    assert.ok(!rowsOf(recorded).some(([title]) => title === 'Placement ended'));
  });

  it('names who recorded the end: the social worker may, and is not passed off as the placement team', () => {
    const requested = accept(opened({ facts: HOME_53_DAYS }).state, events.placementEndRequested('2026-03-13')).state;
    const consented = accept(requested, events.decision(pending(requested, 'placement-end').approvalId, ACTORS.hos)).state;
    const bySocialWorker = accept(consented, events.placementEnded('2026-03-13', '2026-03-02', ACTORS.sw)).state;
    const rows = placementEndConfirmation(bySocialWorker, SAMPLE_SETTINGS)!.blocks.flatMap((b) => (b.type === 'facts' ? b.rows : []));
    assert.deepEqual(rows.find(([title]) => title === 'End of the placement recorded'), ['End of the placement recorded', `Yes, by ${ACTORS.sw.name}, 2 March 2026`]);
  });
});

describe('the decision record lists the visits that did not count (R-VISIT-1)', () => {
  it('with the date, the outcome and who recorded each (on whose behalf, where a deputy did), and a new version of the record when one is recorded', async () => {
    const deputy = actor({ id: 'dep-sw', name: 'Dee Cover' }, 'social-worker', { id: 'sw-1', name: 'Sam Social' });
    const submitted = drive(opened({ facts: HOME_53_DAYS }).state, [...initialSteps(), events.assessment()], nowOn('2026-03-02')).state;
    const notSeen = accept(submitted, { type: 'VisitRecorded', actor: deputy, index: 0, on: '2026-03-02', notes: 'Child at a friend\'s.', outcome: 'not-seen' }, nowOn('2026-03-02')).state;
    const noAccess = accept(notSeen, { type: 'VisitRecorded', actor: ACTORS.sw, index: 0, on: '2026-03-03', notes: 'No answer at the door.', outcome: 'no-access' }, nowOn('2026-03-03')).state;
    const doc = caseDocuments(noAccess, SAMPLE_SETTINGS).find((d) => d.kind === 'decision-record')!;
    const text = flat(await docxText(await renderDocx(doc, SAMPLE_SETTINGS)));
    assert.match(text, /Visits that did not count \(R-VISIT-1\) Visit Date Outcome Recorded by First visit, due 2 March 2026 2 March 2026 The child was not seen Dee Cover on behalf of Sam Social First visit, due 2 March 2026 3 March 2026 No access to the home Sam Social /, text);
    assert.deepEqual(documentOutboxItems(submitted, notSeen, 9, SAMPLE_SETTINGS).map((i) => (i.payload as DocumentPayload).document.docId), ['decision-record-1']);
  });
});

describe('the decision record lists the visits done (R-VISIT-1)', () => {
  it('with the date each was done and who recorded it (on whose behalf, where a deputy did), which are still to come, and a new version of the record when one is done', async () => {
    const deputy = actor({ id: 'dep-sw', name: 'Dee Cover' }, 'social-worker', { id: 'sw-1', name: 'Sam Social' });
    const submitted = drive(opened({ facts: HOME_53_DAYS }).state, [...initialSteps(), events.assessment()], nowOn('2026-03-02')).state;
    const first = accept(submitted, { type: 'VisitRecorded', actor: deputy, index: 0, on: '2026-03-02', notes: 'Settled at home.', outcome: 'seen' }, nowOn('2026-03-02')).state;
    const second = accept(first, { type: 'VisitRecorded', actor: ACTORS.sw, index: 1, on: '2026-03-07', notes: 'All well.' }, nowOn('2026-03-07')).state;
    const textOfRecord = async (state: CaseState): Promise<string> => flat(await docxText(await renderDocx(caseDocuments(state, SAMPLE_SETTINGS).find((d) => d.kind === 'decision-record')!, SAMPLE_SETTINGS)));
    const [v0, v1, v2] = second.visits;
    const text = await textOfRecord(second);
    // Before: the table had the visits' due dates only ("Visits plan (R-VISIT-1) Visit Due First visit 2 March 2026 Weekly check-in …").
    assert.ok(text.includes(`Visits (R-VISIT-1) Visit Due Done (the child seen) Recorded by First visit ${dateInWords(v0!.due)} 2 March 2026 Dee Cover on behalf of Sam Social Weekly check-in 1 ${dateInWords(v1!.due)} 7 March 2026 ${ACTORS.sw.name} Weekly check-in 2 ${dateInWords(v2!.due)} Not yet `), text);
    assert.deepEqual(documentOutboxItems(first, second, 10, SAMPLE_SETTINGS).map((i) => (i.payload as DocumentPayload).document.docId), ['decision-record-1']);
  });
});

describe('the decision record keeps what was written of each visit (R-VISIT-1)', () => {
  it('the notes of every visit, those that did not count too, in the order they happened, with who recorded each; a visit with no notes is left out', async () => {
    const deputy = actor({ id: 'dep-sw', name: 'Dee Cover' }, 'social-worker', { id: 'sw-1', name: 'Sam Social' });
    let state = drive(opened({ facts: HOME_53_DAYS }).state, [...initialSteps(), events.assessment()], nowOn('2026-03-02')).state;
    state = accept(state, { type: 'VisitRecorded', actor: deputy, index: 0, on: '2026-03-02', notes: "Child at a friend's.", outcome: 'not-seen' }, nowOn('2026-03-02')).state;
    state = accept(state, { type: 'VisitRecorded', actor: ACTORS.sw, index: 0, on: '2026-03-03', notes: 'Settled at home; mum engaging with the safety plan.', outcome: 'seen' }, nowOn('2026-03-03')).state;
    state = accept(state, { type: 'VisitRecorded', actor: ACTORS.sw, index: 1, on: '2026-03-07', notes: '  ', outcome: 'seen' }, nowOn('2026-03-07')).state;
    const text = flat(await docxText(await renderDocx(caseDocuments(state, SAMPLE_SETTINGS).find((d) => d.kind === 'decision-record')!, SAMPLE_SETTINGS)));
    // Before: only the dates and who recorded each were kept; what they found was on the case alone.
    assert.ok(
      text.includes(`Visit notes (R-VISIT-1) First visit, 2 March 2026, the child not seen (recorded by Dee Cover on behalf of Sam Social): Child at a friend's. First visit, 3 March 2026, the child seen (recorded by ${ACTORS.sw.name}): Settled at home; mum engaging with the safety plan.`),
      text,
    );
    assert.ok(!text.includes('Weekly check-in 1, 7 March 2026'), 'a visit with no notes has no line');
  });
});

describe('the decision record of a version whose requests were withdrawn undecided', () => {
  /** Unplanned, submitted, agreed by the team manager, the IRO's view in: the Head of Service's request waits. */
  function headOfServiceWaiting(): CaseState {
    let state = opened({ facts: { accommodatedOn: '2026-01-05' } }).state;
    for (const event of [events.childViews(), events.immediateRisk(), events.iroInformed(), events.parentsConsulted(), events.assessment()]) state = accept(state, event).state;
    state = accept(state, events.decision(pending(state, 'team-manager').approvalId, ACTORS.tm)).state;
    return accept(state, events.iroView()).state;
  }
  const markOf = (state: CaseState): string => {
    const doc = caseDocuments(state, SAMPLE_SETTINGS).find((d) => d.kind === 'decision-record')!;
    const mark = doc.blocks.find((b) => b.type === 'mark');
    return mark && 'text' in mark ? mark.text : '';
  };

  it('says so while the Head of Service is asked, and says the version was not agreed, with when and why, once the request was withdrawn (a step undone) or the case withdrawn, not that decisions are still to come', () => {
    const waiting = headOfServiceWaiting();
    assert.equal(markOf(waiting), 'Not yet agreed by the Head of Service: the decisions so far are listed below.');

    const undone = accept(waiting, { type: 'StepUndone', actor: ACTORS.tm, step: 'childViews', index: 0, reason: 'Recorded on the wrong case.' }, nowOn('2026-03-03')).state;
    assert.equal(markOf(undone), "This version was not agreed: it was withdrawn on 3 March 2026 because the record of the child's views was undone, so the assessment went back to the social worker.");

    const withdrawn = accept(waiting, { type: 'CaseWithdrawn', actor: ACTORS.tm, reason: 'duplicate', details: 'Opened twice.' }, nowOn('2026-03-04')).state;
    assert.equal(markOf(withdrawn), `This version was not agreed: the case was withdrawn on 4 March 2026 by ${ACTORS.tm.name}.`);
  });
});

describe('the letter kept as the social worker recorded it, with the places the draft left for others still in it', () => {
  it("puts what the IRO, the carer and the parents wrote in those places, as the form says, instead of leaving '[IRO to add]' in the child's letter and adding the words again under a second heading", async () => {
    const state = structuredClone(finalState('MOS-1042'));
    const c = state.letter!.contributions!;
    assert.ok(c.iro && c.carer && c.parents, 'the sample has all three');
    // The form opens with the draft; pressed as it stands, the draft is the text kept.
    state.letter = { ...state.letter!, text: SAMPLE_SETTINGS.draftLetter(state) };
    assert.match(state.letter.text!, /\[IRO to add\]/);
    const doc = caseDocuments(state, SAMPLE_SETTINGS).find((d) => d.kind === 'time-in-care-letter')!;
    const text = await docxText(await renderDocx(doc, SAMPLE_SETTINGS));
    assert.doesNotMatch(text, /\[IRO to add\]|\[carers to add\]|\[parents to add\]/);
    assert.equal(text.split('What people want to say to you').length - 1, 1, text);
    assert.equal(text.split(c.iro.trim()).length - 1, 1, 'the IRO once');
    assert.ok(text.includes(`From ${c.carer.name}: ${c.carer.text.trim()}`));
    assert.equal(text.split(c.parents.trim()).length - 1, 1, 'the parents once');
  });
});

describe('the letter in the case file once it is undone', () => {
  it("is replaced by a version that says it was undone, when, by whom and why, instead of the case file keeping the undone letter as the child's", async () => {
    const state = finalState('MOS-2077');
    assert.ok(state.letter, 'the sample has a letter');
    const before = structuredClone(state);
    before.stage = 'episode-ended';
    before.review = null;
    const undone = accept(before, { type: 'StepUndone', actor: ACTORS.tm, step: 'letter', index: 0, reason: 'Sent to the wrong family.' }, nowOn('2026-04-01')).state;
    const items = documentOutboxItems(before, undone, 2, SAMPLE_SETTINGS).map((i) => (i.payload as DocumentPayload).document);
    const letter = items.find((d) => d.kind === 'time-in-care-letter');
    assert.ok(letter, 'a new version of the letter file is made');
    assert.equal(letter.fileName, 'MOS-2077 Your time in our care letter.docx');
    const text = flat(await docxText(await renderDocx(letter, SAMPLE_SETTINGS)));
    assert.match(text, /This letter was undone on 1 April 2026 by Tara Manager \("Sent to the wrong family\."\): it is not the child's letter\. The letter recorded again on the case replaces it \(R-LETTER-1\)\./);
    assert.ok(!text.includes(state.letter.text ?? 'Dear'), 'the undone words are not kept as the current version');
  });
});

describe("the Head of Service's agreement and the Director's authorisation once a correction withdrew them", () => {
  it('get a new version saying they were withdrawn, when and why, and no longer stand, instead of staying in the case file as given', async () => {
    const atDirector = awaitingDirector({ facts: HOME_53_DAYS });
    const authorised = accept(atDirector, events.decision(pending(atDirector, 'director').approvalId, ACTORS.director)).state;
    const corrected = accept(authorised, { type: 'FactsCorrected', actor: ACTORS.tm, changes: { accommodatedOn: '2026-02-20' }, reason: 'Typed the wrong month.' }, nowOn('2026-03-03')).state;
    assert.ok(corrected.approvals.some((a) => a.stage === 'director' && a.cancelledAt), 'the correction withdrew the authorisation');
    const made = documentOutboxItems(authorised, corrected, 9, SAMPLE_SETTINGS).map((i) => (i.payload as DocumentPayload).document);
    for (const [kind, words] of [['head-of-service-agreement', /This agreement was withdrawn on 3 March 2026 because the facts were corrected \(date accommodated\)[^:]*: it no longer stands, and is not to be copied into the case notes \(R-SIGN-4\)\./], ['director-authorisation', /This authorisation was withdrawn on 3 March 2026 because the facts were corrected \(date accommodated\)[^:]*: it no longer stands, and is not to be uploaded to the child's record \(R-PLACE-2\)\./]] as const) {
      const doc = made.find((d) => d.kind === kind);
      assert.ok(doc, `a new version of the ${kind}`);
      assert.match(flat(await docxText(await renderDocx(doc, SAMPLE_SETTINGS))), words);
    }
  });
});

describe("the Head of Service's agreement and the Director's authorisation after a correction that leaves them standing", () => {
  it('get a new version saying the facts were corrected after them, what was corrected, and that they stand, instead of staying silent on facts now corrected', async () => {
    const atDirector = awaitingDirector({ facts: HOME_53_DAYS });
    const authorised = accept(atDirector, events.decision(pending(atDirector, 'director').approvalId, ACTORS.director)).state;
    // A day less in care: the same rules apply, so nothing is withdrawn.
    const corrected = accept(authorised, { type: 'FactsCorrected', actor: ACTORS.tm, changes: { accommodatedOn: '2026-01-06' }, reason: 'Typed the wrong day.' }, nowOn('2026-03-03')).state;
    assert.ok(!corrected.approvals.some((a) => a.cancelledAt), 'nothing withdrawn');
    const made = documentOutboxItems(authorised, corrected, 9, SAMPLE_SETTINGS).map((i) => (i.payload as DocumentPayload).document);
    for (const [kind, what] of [['head-of-service-agreement', 'agreement'], ['director-authorisation', 'authorisation']] as const) {
      const doc = made.find((d) => d.kind === kind);
      assert.ok(doc, `a new version of the ${kind}`);
      const text = flat(await docxText(await renderDocx(doc, SAMPLE_SETTINGS)));
      assert.ok(text.includes(`The facts were corrected on 3 March 2026 by ${ACTORS.tm.name}, after this ${what} (date accommodated 5 January 2026 → 6 January 2026): what the protocol requires is unchanged, so this ${what} stands (R-SIGN-4).`), text);
      assert.doesNotMatch(text, /withdrawn/);
    }
  });
});

describe('the decision record says who was told at the end of the care episode (R-PLACE-2, R-VOICE-1)', () => {
  it("'not yet' while the child and the parents are not recorded as told, then when they were told and who recorded it, in a new version of the record", async () => {
    const director = awaitingDirector();
    const authorised = accept(director, events.decision(pending(director, 'director').approvalId, ACTORS.director)).state;
    const ended = accept(authorised, { type: 'CareEpisodeEnded', actor: ACTORS.sw, directorAgreementUploaded: true, agenciesInformed: true, familyInformed: false }, nowOn('2026-03-05')).state;
    const told = accept(ended, { type: 'EndOfCareTold', actor: ACTORS.sw, told: 'family', on: '2026-03-06' }, nowOn('2026-03-09')).state;
    const textOfRecord = async (state: CaseState): Promise<string> => flat(await docxText(await renderDocx(caseDocuments(state, SAMPLE_SETTINGS).find((d) => d.kind === 'decision-record')!, SAMPLE_SETTINGS)));
    const before = await textOfRecord(ended);
    assert.match(before, /End of the care episode \(R-PLACE-2, R-VOICE-1\) Recorded 5 March 2026 by Sam Social Director's agreement uploaded to the child's record Yes Agencies involved told \(R-PLACE-2\) Yes, when the care episode ended The child and the parents told of the decision \(R-VOICE-1\) Not yet recorded/, before);
    assert.match(await textOfRecord(told), /The child and the parents told of the decision \(R-VOICE-1\) Yes: told on 6 March 2026 \(recorded 9 March 2026 by Sam Social\)/);
    assert.deepEqual(documentOutboxItems(ended, told, 12, SAMPLE_SETTINGS).map((i) => (i.payload as DocumentPayload).document.docId), ['decision-record-1']);
  });
});

describe('the decision record, read by an auditor after the fact', () => {
  const textOfRecord = async (state: CaseState): Promise<string> => flat(await docxText(await renderDocx(caseDocuments(state, SAMPLE_SETTINGS).find((d) => d.kind === 'decision-record')!, SAMPLE_SETTINGS)));

  it("says who recorded the child's and the parents' views (on whose behalf, where a deputy did), not only the day", async () => {
    const deputy = actor({ id: 'dep-sw', name: 'Dee Cover' }, 'social-worker', { id: 'sw-1', name: 'Sam Social' });
    const state = drive(opened({ facts: HOME_53_DAYS }).state, [events.childViews(deputy), events.immediateRisk(), events.iroInformed(), events.parentsConsulted(), events.assessment()], nowOn('2026-03-02')).state;
    const text = await textOfRecord(state);
    assert.match(text, /The child's views .* \(recorded 2 March 2026 by Dee Cover on behalf of Sam Social\) The parents' views .* \(recorded 2 March 2026 by Sam Social; planned return agreed: /, text);
  });

  it('lists each correction of the facts, step undone and move between pathways: when, by whom, what it was before and after, and why', async () => {
    let state = drive(opened({ facts: HOME_53_DAYS }).state, [...initialSteps(), events.assessment()], nowOn('2026-03-02')).state;
    const before = state.facts.accommodatedOn;
    state = accept(state, { type: 'FactsCorrected', actor: ACTORS.sw, changes: { accommodatedOn: '2026-01-06' }, reason: 'Typed wrong.' }, nowOn('2026-03-03')).state;
    state = accept(state, { type: 'StepUndone', actor: ACTORS.sw, step: 'childViews', index: 0, reason: 'Recorded on the wrong case.' }, nowOn('2026-03-04')).state;
    const text = await textOfRecord(state);
    assert.ok(text.includes(`Corrections, steps undone and moves between pathways When By What Why 3 March 2026 ${ACTORS.sw.name} Facts corrected: date accommodated ${dateInWords(before)} → 6 January 2026 Typed wrong. 4 March 2026 ${ACTORS.sw.name} Undone: the child's views (recorded Mon 2 Mar 2026 by ${ACTORS.sw.name}) Recorded on the wrong case.`), text);
  });

  it('lists a move to the planned pathway with who moved it and the words they gave', async () => {
    const consulted = drive(opened({ facts: { accommodatedOn: '2026-02-20', returnedHomeOn: null } }).state, [events.childViews(), events.immediateRisk(), events.iroInformed(), { type: 'ParentsConsulted', actor: ACTORS.sw, views: 'Agree to a planned return.', plannedReturnAgreed: true }, events.assessment()], nowOn('2026-03-02')).state;
    const moved = accept(consulted, { type: 'PathwayChangedToPlanned', actor: ACTORS.sw, reason: 'Agreed at the family meeting.' }, nowOn('2026-03-05')).state;
    const text = await textOfRecord(moved);
    assert.ok(text.includes(`Corrections, steps undone and moves between pathways When By What Why 5 March 2026 ${ACTORS.sw.name} Moved to the planned pathway: the parents agreed a planned return (R-UNPL-4) Agreed at the family meeting.`), text);
  });
});

