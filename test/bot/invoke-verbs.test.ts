/**
 * The typed Teams edge (issue 17): every card action is one verb of one zod discriminated union
 * (src/bot/invoke-verbs.ts), read once, and routed by one exhaustive switch (src/bot/invoke-router.ts).
 * The type checks at the end are checked by `npm run typecheck`: each `@ts-expect-error` must stay an
 * error, so a handler that could read a field its verb's schema lacks, or a switch that could miss a
 * verb, fails the build.
 */
import { strict as assert } from 'node:assert';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { CaseCardData } from '../../src/bot/card-builder';
import { INVOKE_VERBS, type InvokeAction, type InvokeData, readInvoke, unhandledVerb } from '../../src/bot/invoke-verbs';
import { PEOPLE } from '../../support/world';
import { botOnEachWorld } from './support/conversation-driver';

const ROOT = path.resolve(__dirname, '../..');
const execute = (verb: unknown, data?: unknown) => ({ action: { type: 'Action.Execute', verb, ...(data === undefined ? {} : { data }) }, trigger: 'manual' });

/** Every verb written literally in a card template, its sample data, or the bot's own button builders. */
function verbsTheProductSends(): Set<string> {
  const found = new Set<string>();
  const scan = (text: string, pattern: RegExp) => {
    for (const m of text.matchAll(pattern)) if (!m[1]!.startsWith('$')) found.add(m[1]!);
  };
  for (const file of readdirSync(path.join(ROOT, 'cards'))) scan(readFileSync(path.join(ROOT, 'cards', file), 'utf8'), /"verb"\s*:\s*"([^"]+)"/g);
  for (const file of readdirSync(path.join(ROOT, 'src/bot'))) scan(readFileSync(path.join(ROOT, 'src/bot', file), 'utf8'), /verb:\s*'([^']+)'/g);
  return found;
}

describe('the typed Teams edge: one union of card actions', () => {
  it('knows every verb a card or the bot can send, and each of its verbs is sent by something', () => {
    const sent = verbsTheProductSends();
    assert.deepEqual([...sent].sort(), [...INVOKE_VERBS].sort());
  });

  it('reads each verb with exactly the data its handler takes', () => {
    const read = (verb: string, data?: unknown) => {
      const r = readInvoke(execute(verb, data));
      assert.ok(r.ok, `${verb} should be read`);
      return r.action;
    };
    // Fields a verb does not take are dropped, so no handler can come to rely on them.
    assert.deepEqual(read('showCase', { caseId: 'c-1', approvalId: 'x', step: 'visit' }), { verb: 'showCase', data: { caseId: 'c-1' } });
    assert.deepEqual(read('decide', { caseId: 'c-1', approvalId: 'a-1', outcome: 'approve', extra: 1 }), { verb: 'decide', data: { caseId: 'c-1', approvalId: 'a-1', outcome: 'approve' } });
    // The start form: its own fields only; a button with no data is an empty form (each field then "Please fill in: …").
    assert.deepEqual(read('startCase', { form: 'start-case', ref: 'MOS-1', caseId: 'c-9' }), { verb: 'startCase', data: { ref: 'MOS-1' } });
    assert.deepEqual(read('startCase'), { verb: 'startCase', data: {} });
    // A step form's inputs travel beside the button's data, for the step's own checks.
    const recorded = read('recordStep', { caseId: 'c-1', step: 'visit', index: '2', visitedOn: '2026-03-02' });
    assert.equal(recorded.verb, 'recordStep');
    assert.equal(recorded.data.index, '2');
    assert.equal(recorded.data.inputs['visitedOn'], '2026-03-02');
    // "Read in full" names one answer; anything else opens the request as it is, as before.
    assert.deepEqual(read('showApproval', { caseId: 'c-1', approvalId: 'a-1', full: 'safetyPlan' }).data, { caseId: 'c-1', approvalId: 'a-1', full: 'safetyPlan' });
    assert.equal((read('showApproval', { caseId: 'c-1', approvalId: 'a-1', full: 'constructor' }).data as InvokeData<'showApproval'>).full, undefined);
  });

  it('tells an unknown verb from a known verb with data that does not fit', () => {
    for (const value of [execute('deleteCase', { caseId: 'c-1' }), execute(42), { action: { type: 'Action.Submit', verb: 'showCase', data: { caseId: 'c-1' } } }, {}, null, 'showCase']) {
      assert.deepEqual(readInvoke(value), { ok: false, problem: 'UNKNOWN_VERB' }, JSON.stringify(value));
    }
    for (const [verb, data] of [
      ['showCase', {}],
      ['showCase', { caseId: 'x'.repeat(101) }],
      ['decide', { caseId: 'c-1', approvalId: 'a-1', outcome: 'maybe' }],
      // A comment past the box's 2,000 is the protocol's to refuse in words (test/bot/decision-comment.test.ts); one not text is bad data.
      ['decide', { caseId: 'c-1', approvalId: 'a-1', outcome: 'approve', comment: 42 }],
      ['openStep', { caseId: 'c-1', step: 7 }],
      ['openStep', { caseId: 'c-1', step: 'visit', index: '-1' }],
      ['recordStep', { caseId: 'c-1', step: 'visit', index: '1e3' }],
      ['refreshApproval', { caseId: 'c-1', approvalId: '' }],
      ['startCase', 'a string'],
    ] as const) {
      assert.deepEqual(readInvoke(execute(verb, data)), { ok: false, problem: 'BAD_DATA' }, `${verb} ${JSON.stringify(data)}`);
    }
  });

  describe('through the bot', () => {
    const on = botOnEachWorld();

    async function answer(value: unknown): Promise<string> {
      const { status, body } = await on.driver.invoke(PEOPLE.sw, value);
      assert.equal(status, 200);
      return JSON.stringify(body.value);
    }

    it('answers an unknown verb and unreadable data with a card saying so, and records nothing', async () => {
      assert.match(await answer(execute('deleteCase', { caseId: 'c-1' })), /That action is not known.*out of date or was not made by the Return home app/);
      assert.match(await answer(execute('decide', { caseId: 'c-1', approvalId: 'a-1', outcome: 'maybe' })), /That action could not be read.*incomplete data/);
      assert.match(await answer(execute('showCase', { caseId: 'no-such-case' })), /Case not found/);
      assert.deepEqual(await on.world.service.myOpenCases(PEOPLE.sw), { steps: [], open: [], covered: [] });
    });
  });
});

/** Never called: checked by the type checker only. */
export function typeChecks(action: InvokeAction): void {
  // @ts-expect-error a case card's button names a verb of the union: one the bot has no handler for does not compile
  const button: CaseCardData['actions'][number] = { title: 'Delete', verb: 'deleteCase', step: '', approvalId: '', index: '' };
  void button;
  if (action.verb === 'showCase') {
    // @ts-expect-error showCase's schema has no step: a handler reading one fails the build
    void action.data.step;
  }
  if (action.verb === 'startCase') {
    // @ts-expect-error the start form's data has its own fields only
    void action.data.caseId;
  }
  switch (action.verb) {
    case 'startCase':
    case 'showCase':
    case 'openStep':
    case 'recordStep':
    case 'showApproval':
    case 'refreshApproval':
      return;
    default:
      // @ts-expect-error a switch that misses a verb ('decide' here) cannot reach the never check
      unhandledVerb(action);
  }
}
