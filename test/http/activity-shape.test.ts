import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import { activitySchema, checkActivityShape, plainlyWellShaped } from '../../src/http/activity-shape';
import { invokeActivity, messageActivity } from '../../support/bot-over-http/activities';
import { PEOPLE } from '../../support/world';

// A field's value: usually what a channel sends, sometimes something no channel sends.
const anyValue = fc.oneof(fc.constant(undefined), fc.constant(null), fc.string(), fc.constant(''), fc.integer(), fc.boolean(), fc.constant([]), fc.constant({}), fc.constant({ id: 'x' }));
const text = fc.oneof({ weight: 6, arbitrary: fc.string({ minLength: 1 }) }, { weight: 1, arbitrary: anyValue });
const optionalText = fc.oneof({ weight: 6, arbitrary: fc.option(fc.string(), { nil: undefined }) }, { weight: 1, arbitrary: anyValue });
const account = fc.oneof({ weight: 6, arbitrary: fc.record({ id: text, name: optionalText, aadObjectId: optionalText, role: optionalText }, { requiredKeys: [] }) }, { weight: 1, arbitrary: anyValue });
const activityLike = fc.record(
  {
    type: text,
    id: optionalText,
    name: optionalText,
    channelId: text,
    serviceUrl: text,
    from: account,
    recipient: account,
    conversation: fc.oneof({ weight: 6, arbitrary: fc.record({ id: text, name: optionalText, tenantId: optionalText, conversationType: optionalText, isGroup: fc.oneof(fc.boolean(), anyValue) }, { requiredKeys: [] }) }, { weight: 1, arbitrary: anyValue }),
    channelData: fc.oneof(fc.constant(undefined), fc.record({ tenant: fc.oneof(fc.record({ id: text }, { requiredKeys: [] }), anyValue) }, { requiredKeys: [] }), anyValue),
    text: optionalText,
    locale: optionalText,
    extra: anyValue,
  },
  { requiredKeys: ['type'] },
);

describe('the activity shape at the HTTP edge (L5, L6)', () => {
  it('takes the direct check only for activities the schema accepts as they are, and answers every activity as the schema alone would', () => {
    fc.assert(
      fc.property(activityLike, (body) => {
        const parsed = activitySchema.safeParse(body);
        if (plainlyWellShaped(body)) {
          assert.ok(parsed.success, `the direct check passed what the schema refuses: ${JSON.stringify(body)}`);
          assert.deepEqual(parsed.data, body);
        }
        const result = checkActivityShape(body);
        if (typeof body.type === 'string' && body.type !== '') assert.equal(result.ok, parsed.success, JSON.stringify(body));
      }),
      { numRuns: 3000 },
    );
  });

  it("checks the activities channels send directly, without the schema's copy", () => {
    const invoke = invokeActivity('http://127.0.0.1:1', PEOPLE.tm, 'decide', { caseId: 'c', approvalId: 'a', outcome: 'approve' });
    const message = messageActivity('http://127.0.0.1:1', PEOPLE.sw, 'help');
    for (const body of [invoke, message]) {
      assert.ok(plainlyWellShaped(body));
      const result = checkActivityShape(body);
      assert.ok(result.ok);
      assert.equal(result.activity, body);
    }
  });

  it('still names the field that is wrong', () => {
    const body = { ...messageActivity('http://127.0.0.1:1', PEOPLE.sw, 'help'), from: { id: 7 } };
    assert.deepEqual(checkActivityShape(body), { ok: false, code: 'BAD_FIELD', message: 'The activity\'s "from.id" is not valid (expected string).' });
    const noUrl: Record<string, unknown> = { ...messageActivity('http://127.0.0.1:1', PEOPLE.sw, 'help') };
    delete noUrl.serviceUrl;
    assert.deepEqual(checkActivityShape(noUrl), { ok: false, code: 'BAD_FIELD', message: 'The activity\'s "serviceUrl" is missing.' });
  });
});
