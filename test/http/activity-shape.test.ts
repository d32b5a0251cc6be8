import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import { checkActivityShape, MAX_DEPTH } from '../../src/http/activity-shape';
import { invokeActivity, messageActivity } from '../../support/bot-over-http/activities';
import { PEOPLE } from '../../support/world';

// What a channel sends (as JSON.parse makes it: plain objects): every field the edge checks of the right type, optional ones often absent or null, unknown ones kept.
const optionalText = fc.oneof(fc.constant(undefined), fc.constant(null), fc.string());
const account = fc.record({ id: fc.string(), name: optionalText, aadObjectId: optionalText, role: optionalText, extra: fc.jsonValue({ maxDepth: 2 }) }, { requiredKeys: ['id'], noNullPrototype: true });
const wellFormed = fc.record(
  {
    type: fc.string({ minLength: 1 }),
    id: optionalText,
    name: optionalText,
    channelId: fc.string({ minLength: 1 }),
    serviceUrl: fc.string({ minLength: 1 }),
    from: account,
    recipient: account,
    conversation: fc.record(
      { id: fc.string(), name: optionalText, tenantId: optionalText, conversationType: optionalText, isGroup: fc.oneof(fc.constant(undefined), fc.constant(null), fc.boolean()), extra: fc.jsonValue({ maxDepth: 2 }) },
      { requiredKeys: ['id'], noNullPrototype: true },
    ),
    channelData: fc.oneof(fc.constant(undefined), fc.constant(null), fc.record({ tenant: fc.oneof(fc.constant(undefined), fc.constant(null), fc.record({ id: fc.string() }, { noNullPrototype: true })), extra: fc.jsonValue({ maxDepth: 2 }) }, { requiredKeys: [], noNullPrototype: true })),
    text: optionalText,
    locale: optionalText,
    extra: fc.jsonValue({ maxDepth: 3 }),
  },
  { requiredKeys: ['type', 'channelId', 'serviceUrl', 'from', 'recipient', 'conversation'], noNullPrototype: true },
);

type Wrong = { value: unknown; message: string };
const missing: Wrong = { value: undefined, message: 'is missing.' };
const notA = (expected: string, values: unknown[]): Wrong[] => values.map((value) => ({ value, message: `is not valid (expected ${expected}).` }));
const notText = notA('string', [42, true, ['a'], { id: 'x' }]);
const notObject = notA('object', ['x', 7, ['a']]);

// Each field the edge checks, and what no channel sends in it, with the words the refusal uses.
const WRONG: Array<[string, Wrong[]]> = [
  ...['channelId', 'serviceUrl'].map((path): [string, Wrong[]] => [path, [missing, ...notText, ...notA('string', [null]), { value: '', message: 'is not valid (Too small: expected string to have >=1 characters).' }]]),
  ...['from.id', 'recipient.id', 'conversation.id', 'channelData.tenant.id'].map((path): [string, Wrong[]] => [path, [missing, ...notText, ...notA('string', [null])]]),
  ...['id', 'name', 'text', 'locale', 'from.name', 'from.aadObjectId', 'from.role', 'recipient.name', 'recipient.aadObjectId', 'recipient.role', 'conversation.name', 'conversation.tenantId', 'conversation.conversationType'].map((path): [string, Wrong[]] => [path, notText]),
  ...['from', 'recipient', 'conversation'].map((path): [string, Wrong[]] => [path, [missing, ...notObject, ...notA('object', [null])]]),
  ['channelData', notObject],
  ['channelData.tenant', notObject],
  ['conversation.isGroup', notA('boolean', ['yes', 1, ['a'], {}])],
];

/** A copy of `activity` with the field at `path` set to `value` (removed when undefined), its parents made objects if need be. */
function withField(activity: Record<string, unknown>, path: string, value: unknown): Record<string, unknown> {
  const copy = structuredClone(activity);
  const names = path.split('.');
  let parent = copy;
  for (const name of names.slice(0, -1)) {
    const inner = parent[name];
    parent[name] = typeof inner === 'object' && inner !== null && !Array.isArray(inner) ? inner : {};
    parent = parent[name] as Record<string, unknown>;
  }
  const last = names[names.length - 1]!;
  if (value === undefined) delete parent[last];
  else parent[last] = value;
  return copy;
}

const oneWrongField = fc.constantFrom(...WRONG).chain(([path, wrongs]) => fc.record({ path: fc.constant(path), wrong: fc.constantFrom(...wrongs) }));

describe('the activity shape at the HTTP edge (L5, L6)', () => {
  it('accepts every activity whose checked fields are of the right type, keeping every field as sent, unknown ones too', () => {
    fc.assert(
      fc.property(wellFormed, (body) => {
        const result = checkActivityShape(body);
        assert.ok(result.ok, `${JSON.stringify(body)}: ${JSON.stringify(result)}`);
        assert.deepEqual(result.activity, body);
      }),
      { numRuns: 1500 },
    );
  });

  it('refuses an activity with any one checked field wrong, naming that field and what is wrong with it', () => {
    fc.assert(
      fc.property(wellFormed, oneWrongField, (body, { path, wrong }) => {
        const damaged = withField(body, path, wrong.value);
        assert.deepEqual(checkActivityShape(damaged), { ok: false, code: 'BAD_FIELD', message: `The activity's "${path}" ${wrong.message}` }, JSON.stringify(damaged));
      }),
      { numRuns: 1500 },
    );
  });

  it('accepts the activities channels send', () => {
    const invoke = invokeActivity('http://127.0.0.1:1', PEOPLE.tm, 'decide', { caseId: 'c', approvalId: 'a', outcome: 'approve' });
    const message = messageActivity('http://127.0.0.1:1', PEOPLE.sw, 'help');
    for (const body of [invoke, message]) {
      const result = checkActivityShape(body);
      assert.ok(result.ok);
      assert.deepEqual(result.activity, body);
    }
  });

  it('still names the field that is wrong', () => {
    const body = { ...messageActivity('http://127.0.0.1:1', PEOPLE.sw, 'help'), from: { id: 7 } };
    assert.deepEqual(checkActivityShape(body), { ok: false, code: 'BAD_FIELD', message: 'The activity\'s "from.id" is not valid (expected string).' });
    const noUrl: Record<string, unknown> = { ...messageActivity('http://127.0.0.1:1', PEOPLE.sw, 'help') };
    delete noUrl.serviceUrl;
    assert.deepEqual(checkActivityShape(noUrl), { ok: false, code: 'BAD_FIELD', message: 'The activity\'s "serviceUrl" is missing.' });
  });

  it('refuses what is not an activity, what nests too deeply and a card action without its action, each in its own words', () => {
    const notAnActivity = { ok: false, code: 'NOT_AN_ACTIVITY', message: 'The request body must be a Bot Framework activity: a JSON object with a "type".' };
    const message = messageActivity('http://127.0.0.1:1', PEOPLE.sw, 'help');
    for (const body of [undefined, null, 'message', 42, [message], {}, { ...message, type: '' }, { ...message, type: 7 }]) assert.deepEqual(checkActivityShape(body), notAnActivity, JSON.stringify(body));

    let nested: unknown = 'bottom';
    for (let depth = 1; depth < MAX_DEPTH; depth += 1) nested = { inner: nested };
    assert.ok(checkActivityShape({ ...message, value: nested }).ok, `${MAX_DEPTH} levels deep is accepted`);
    assert.deepEqual(checkActivityShape({ ...message, value: { inner: nested } }), { ok: false, code: 'TOO_DEEP', message: `The activity nests more than ${MAX_DEPTH} levels deep, which no channel sends.` });

    const action = invokeActivity('http://127.0.0.1:1', PEOPLE.tm, 'decide', { caseId: 'c', approvalId: 'a', outcome: 'approve' });
    assert.deepEqual(checkActivityShape({ ...action, value: {} }), { ok: false, code: 'NO_CARD_ACTION', message: 'The card action must carry an "action" object.' });
    assert.deepEqual(checkActivityShape({ ...action, value: { action: 'decide' } }), { ok: false, code: 'NO_CARD_ACTION', message: 'The card action must carry an "action" object.' });
    assert.ok(checkActivityShape({ ...action, value: undefined }).ok, 'a card action with no value is left to botbuilder, which answers it itself');
  });
});
