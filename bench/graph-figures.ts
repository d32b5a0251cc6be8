/**
 * What one complete case costs in Microsoft Graph: drives an unplanned and a planned case from
 * opening to closure through the app as the bot builds it (the case service, the outbox, the Graph
 * recorder and document library on the real graph-client) against the local Graph server, and
 * prints per case the HTTP requests (a $batch counted once, and its sub-requests; of them, the case
 * file's documents), SharePoint resource units (the server's counter: 1 per single-item read, 2 per
 * query or write) and the items written per list. Figures, not assertions.
 *
 *   npm run --silent figures:graph          (also writes bench/results/graph-figures.json)
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { provisionSharePoint } from '../deploy/provision-sharepoint';
import { LIST_SCHEMA, RECORD_LISTS } from '../src/adapters/graph/list-schema';
import type { CommandOutcome, EventInput } from '../src/cases/case-service';
import type { CaseState } from '../src/protocol';
import { appOn, SITE_ID as SITE } from '../support/app-on';
import { PEOPLE, SettableClock } from '../support/world';
import { testGraphClient } from '../support/graph-test-client';
import { LocalGraphServer, ServerStats } from '../support/local-graph-server';

interface CaseFigures {
  pathway: 'unplanned' | 'planned';
  commands: number;
  recordItems: number;
  /** Record items per list (cases, decisions, tasks, audit), each one call of the recorder. */
  recordItemsPerList: Record<string, number>;
  httpRequests: number;
  /** Of them, the case file's: the document library's drive and its files (each document version written once). */
  documentRequests: number;
  documentsWritten: number;
  batches: number;
  operations: number;
  resourceUnits: number;
  itemsCreated: Record<string, number>;
  itemsUpdated: Record<string, number>;
  rowsAtEnd: Record<string, number>;
}

type Act = (actor: { id: string; name: string }, event: EventInput) => Promise<void>;

async function main(): Promise<void> {
  const server = await LocalGraphServer.start({ requireAuth: true });
  const dir = mkdtempSync(join(tmpdir(), 's20-graph-figures-'));
  const client = testGraphClient(server.url);
  const clock = new SettableClock(new Date('2026-03-02T10:00:00Z'));
  // The bot's own wiring on the local Graph server: its records, documents and directory calls all counted.
  const app = appOn(dir, { graphUrl: server.url, parts: { clock, graphClient: client } });
  const { store, service, worker } = app;
  try {
    await provisionSharePoint(client, SITE);

    let counter = 0;
    async function runCase(pathway: 'unplanned' | 'planned', drive: (open: () => Promise<string>, act: (caseId: string) => Act, pending: (caseId: string) => Promise<string>) => Promise<void>): Promise<CaseFigures> {
      server.resetStats();
      const rowsBefore = Object.fromEntries(RECORD_LISTS.map((l) => [l, server.rows(SITE, LIST_SCHEMA[l].displayName).length]));
      let commands = 0;
      let recordItems = 0;
      const recordItemsPerList: Record<string, number> = {};
      const settle = async (outcome: CommandOutcome): Promise<void> => {
        if (!outcome.ok) throw new Error(`${pathway}: ${outcome.code}: ${outcome.message}`);
        commands += 1;
        for (const item of await store.listOutbox('pending', 1000)) {
          if (item.kind !== 'record') continue;
          recordItems += 1;
          const list = (item.payload as { list?: string }).list ?? '?';
          recordItemsPerList[list] = (recordItemsPerList[list] ?? 0) + 1;
        }
        // The worker runs after every click, as it would in the bot.
        const report = await worker.drain();
        if (report.dead > 0 || report.retried > 0) throw new Error(`${pathway}: the outbox did not deliver cleanly (${JSON.stringify(report)})`);
      };
      const facts = pathway === 'unplanned'
        ? { legalStatus: 'S20', dateOfBirth: '2009-05-14', accommodatedOn: '2026-01-05', previousEpisodeEndedOn: null, lastAssessmentCompletedOn: '2025-12-01', pathway, returnedHomeOn: null }
        : { legalStatus: 'S20', dateOfBirth: '2013-09-01', accommodatedOn: '2025-04-10', previousEpisodeEndedOn: null, lastAssessmentCompletedOn: '2025-12-01', pathway, returnedHomeOn: null };
      const open = async (): Promise<string> => {
        const outcome = await service.openCase({ idempotencyKey: `open-${++counter}`, actor: PEOPLE.sw, ref: `FIG-${counter}`, facts, trigger: pathway === 'unplanned' ? 'consent-withdrawn' : null, iro: PEOPLE.iro });
        await settle(outcome);
        if (!outcome.ok) throw new Error('unreachable');
        return outcome.caseId;
      };
      const act = (caseId: string): Act => async (actor, event) => {
        // People act minutes apart, not all in the same millisecond (UpdatedAt changes, as it would).
        clock.current = new Date(clock.current.getTime() + 5 * 60_000);
        await settle(await service.apply({ idempotencyKey: `cmd-${++counter}`, caseId, actor, event }));
      };
      const pending = async (caseId: string): Promise<string> => {
        const state = (await store.get<CaseState>(caseId))?.state;
        const open = state?.approvals.find((a) => !a.decision && !a.cancelledAt);
        if (!open) throw new Error(`${pathway}: no approval is waiting`);
        return open.approvalId;
      };
      await drive(open, act, pending);

      const stats = server.stats();
      const [itemsCreated, itemsUpdated] = writesPerList(stats);
      return {
        pathway,
        commands,
        recordItems,
        recordItemsPerList,
        httpRequests: stats.requests,
        documentRequests: stats.log.filter((entry) => isDocumentCall(entry.path)).length,
        documentsWritten: stats.log.filter((entry) => isDocumentCall(entry.path) && entry.method === 'PUT' && entry.status < 300).length,
        batches: stats.batches,
        operations: stats.operations,
        resourceUnits: stats.resourceUnits,
        itemsCreated,
        itemsUpdated,
        rowsAtEnd: Object.fromEntries(RECORD_LISTS.map((l) => [LIST_SCHEMA[l].displayName, server.rows(SITE, LIST_SCHEMA[l].displayName).length - (rowsBefore[l] ?? 0)])),
      };
    }

    const unplanned = await runCase('unplanned', async (open, actOn, pending) => {
      clock.set('2026-03-02T10:00:00Z');
      const caseId = await open();
      const act = actOn(caseId);
      await act(PEOPLE.sw, { type: 'ChildViewsRecorded', views: 'Wants to go home.' });
      await act(PEOPLE.sw, { type: 'ImmediateRiskConsidered', summary: 'No immediate risk.', consulted: 'team-manager', legalPlanningMeetingNeeded: false, childProtectionConferenceNeeded: false });
      await act(PEOPLE.sw, { type: 'IroInformed' });
      await act(PEOPLE.sw, { type: 'ParentsConsulted', views: 'Mother wants the child home.', plannedReturnAgreed: false });
      await act(PEOPLE.sw, { type: 'AssessmentSubmitted', form: 's20-return-home-assessment', viable: true, riskAnalysis: 'Low risk with support.', safetyPlan: 'Daily contact with school.', stepdownPlan: [{ option: 'family-group-conference', purpose: 'Build the network.' }], completedOn: '2026-03-02' });
      await act(PEOPLE.tm, { type: 'DecisionGiven', approvalId: await pending(caseId), outcome: 'approve', comment: null });
      await act(PEOPLE.iro, { type: 'IroViewRecorded', view: 'Supports the return.', reviewBroughtForward: true });
      await act(PEOPLE.hos, { type: 'DecisionGiven', approvalId: await pending(caseId), outcome: 'approve', comment: null });
      await act(PEOPLE.director, { type: 'DecisionGiven', approvalId: await pending(caseId), outcome: 'approve', comment: null });
      await act(PEOPLE.sw, { type: 'CareEpisodeEnded', directorAgreementUploaded: true, agenciesInformed: true });
      clock.set('2026-03-03T10:00:00Z');
      await act(PEOPLE.sw, { type: 'ChildReturnedHome', on: '2026-03-03' });
      clock.set('2026-04-01T10:00:00Z');
      const state = (await store.get<CaseState>(caseId))?.state;
      for (const visit of state?.visits ?? []) await act(PEOPLE.sw, { type: 'VisitRecorded', index: visit.index, on: visit.due, notes: 'Seen at home.' });
      await act(PEOPLE.sw, { type: 'PlacementEndRequested', proposedEndDate: '2026-04-02' });
      await act(PEOPLE.hos, { type: 'DecisionGiven', approvalId: await pending(caseId), outcome: 'approve', comment: null });
      await act(PEOPLE.cpt, { type: 'PlacementEnded', endDate: '2026-04-02', carersToldOn: '2026-04-01' });
      await act(PEOPLE.sw, { type: 'LetterWritten', writtenOn: '2026-04-01' });
      await act(PEOPLE.sw, { type: 'ReviewMeetingHeld', heldOn: '2026-04-01', continueWith: ['CIN'], notes: 'Stable at home.' });
      await expectClosed(caseId);
    });

    const planned = await runCase('planned', async (open, actOn, pending) => {
      clock.set('2026-03-02T10:00:00Z');
      const caseId = await open();
      const act = actOn(caseId);
      await act(PEOPLE.sw, { type: 'ReunificationStarted', startedOn: '2026-01-12', edgeOfCare: 'framework' });
      for (const evidence of ['analytical-chronology', 'themes-and-patterns', 'risk-classification-meeting', 'return-home-plan'] as const) {
        await act(PEOPLE.sw, { type: 'FrameworkEvidenceUploaded', evidence });
      }
      await act(PEOPLE.sw, { type: 'ChildViewsRecorded', views: 'Would like to live with dad.' });
      await act(PEOPLE.sw, { type: 'ParentsConsulted', views: 'Father ready, mother agrees.', plannedReturnAgreed: true });
      await act(PEOPLE.sw, { type: 'IroInformed' });
      await act(PEOPLE.iro, { type: 'IroViewRecorded', view: 'Supports the plan.', reviewBroughtForward: false });
      await act(PEOPLE.sw, { type: 'AssessmentSubmitted', form: 'child-and-family-reassessment', viable: true, riskAnalysis: 'Risks reduced.', safetyPlan: 'Weekly school check.', stepdownPlan: [{ option: 'edge-of-care', purpose: 'Intensive support.' }], completedOn: '2026-03-02' });
      await act(PEOPLE.tm, { type: 'DecisionGiven', approvalId: await pending(caseId), outcome: 'approve', comment: null });
      await act(PEOPLE.hos, { type: 'DecisionGiven', approvalId: await pending(caseId), outcome: 'approve', comment: null });
      await act(PEOPLE.director, { type: 'DecisionGiven', approvalId: await pending(caseId), outcome: 'approve', comment: null });
      await act(PEOPLE.sw, { type: 'CareEpisodeEnded', directorAgreementUploaded: true, agenciesInformed: true });
      clock.set('2026-03-09T10:00:00Z');
      await act(PEOPLE.sw, { type: 'ChildReturnedHome', on: '2026-03-09' });
      await act(PEOPLE.sw, { type: 'PlacementEndRequested', proposedEndDate: '2026-03-10' });
      await act(PEOPLE.hos, { type: 'DecisionGiven', approvalId: await pending(caseId), outcome: 'approve', comment: null });
      await act(PEOPLE.cpt, { type: 'PlacementEnded', endDate: '2026-03-10', carersToldOn: '2026-03-09' });
      clock.set('2026-04-07T10:00:00Z');
      const state = (await store.get<CaseState>(caseId))?.state;
      for (const visit of state?.visits ?? []) await act(PEOPLE.sw, { type: 'VisitRecorded', index: visit.index, on: visit.due, notes: 'Seen.' });
      await act(PEOPLE.sw, { type: 'LetterWritten', writtenOn: '2026-04-07' });
      await act(PEOPLE.sw, { type: 'ReviewMeetingHeld', heldOn: '2026-04-07', continueWith: ['TAF'], notes: 'Settled.' });
      await expectClosed(caseId);
    });

    async function expectClosed(caseId: string): Promise<void> {
      const stage = (await store.get<CaseState>(caseId))?.state.stage;
      if (stage !== 'closed') throw new Error(`the case ended at stage ${stage ?? '(none)'}, not closed`);
    }

    const results = { generatedAt: new Date().toISOString(), server: 'local Graph server (support/local-graph-server.ts)', cases: [unplanned, planned] };
    for (const figures of results.cases) print(figures);
    const out = join(__dirname, 'results');
    mkdirSync(out, { recursive: true });
    writeFileSync(join(out, 'graph-figures.json'), `${JSON.stringify(results, null, 2)}\n`);
    console.log(`\nSaved ${join('bench', 'results', 'graph-figures.json')}`);
  } finally {
    await app.close();
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** A call of the case file's document library: its drive, or a file in it. */
function isDocumentCall(path: string): boolean {
  return path.startsWith('/drives/') || /^\/sites\/[^/]+\/(drives|lists\/[^/]+\/drive)$/.test(path);
}

/** Creates (POST …/items) and updates (PATCH …/items/{id}/fields) per list, from the server's log. */
function writesPerList(stats: ServerStats): [Record<string, number>, Record<string, number>] {
  const created: Record<string, number> = {};
  const updated: Record<string, number> = {};
  for (const entry of stats.log) {
    if (entry.status >= 300) continue;
    const match = /^\/sites\/[^/]+\/lists\/([^/]+)\/items(\/\d+\/fields)?$/.exec(entry.path);
    if (!match?.[1]) continue;
    const list = decodeURIComponent(match[1]);
    if (entry.method === 'POST' && !match[2]) created[list] = (created[list] ?? 0) + 1;
    if (entry.method === 'PATCH' && match[2]) updated[list] = (updated[list] ?? 0) + 1;
  }
  return [created, updated];
}

function print(f: CaseFigures): void {
  const perList = (counts: Record<string, number>): string => Object.entries(counts).map(([list, n]) => `${list} ${n}`).join(', ') || 'none';
  console.log(`\n${f.pathway} case, opening to closure: ${f.commands} commands, ${f.recordItems} record items through the outbox`);
  console.log(`  record items:         ${perList(f.recordItemsPerList)}`);
  console.log(`  Graph HTTP requests:  ${f.httpRequests} (${f.batches} of them $batch; ${f.operations} operations counting each sub-request)`);
  console.log(`  of them the case file: ${f.documentRequests} (${f.documentsWritten} document versions written)`);
  console.log(`  SharePoint RU:        ${f.resourceUnits}`);
  console.log(`  items created:        ${perList(f.itemsCreated)}`);
  console.log(`  items updated:        ${perList(f.itemsUpdated)}`);
  console.log(`  rows at the end:      ${perList(f.rowsAtEnd)}`);
}

main().catch((error: unknown) => {
  console.error(`graph-figures failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
});
