import { strict as assert } from 'node:assert';
import { createLogger, errorFields, isRedactedField } from '../../src/logging/logger';

function capture(level: 'debug' | 'info' | 'warn' | 'error' = 'info') {
  const lines: Record<string, unknown>[] = [];
  const logger = createLogger({ level, write: (line) => lines.push(JSON.parse(line) as Record<string, unknown>), now: () => new Date('2026-03-02T09:30:00Z') });
  return { logger, lines };
}

describe('logger', () => {
  it('writes one JSON object per line: level, time, msg, correlationId, then fields', () => {
    const { logger, lines } = capture();
    logger.child({ correlationId: 'c-1' }).info('case saved', { caseId: 'case-7', version: 3 });
    assert.deepEqual(lines, [{ level: 'info', time: '2026-03-02T09:30:00.000Z', msg: 'case saved', correlationId: 'c-1', caseId: 'case-7', version: 3 }]);
    assert.deepEqual(Object.keys(lines[0] ?? {}).slice(0, 4), ['level', 'time', 'msg', 'correlationId']);
  });

  it('leaves out lines below its level', () => {
    const { logger, lines } = capture('warn');
    logger.debug('d');
    logger.info('i');
    logger.warn('w');
    logger.error('e');
    assert.deepEqual(lines.map((line) => line.level), ['warn', 'error']);
  });

  it("drops a child's name and date of birth however the field is spelt, and says it did", () => {
    const { logger, lines } = capture();
    logger.info('opened', { caseId: 'case-7', childName: 'Alex Example', dateOfBirth: '2012-05-01', name_of_child: 'Alex', DOB: '2012-05-01', date_of_birth: 'x' });
    const text = JSON.stringify(lines);
    assert.ok(!text.includes('Alex'));
    assert.ok(!text.includes('2012-05-01'));
    assert.equal(lines[0]?.caseId, 'case-7');
    assert.deepEqual(lines[0]?.redacted, ['childName', 'dateOfBirth', 'name_of_child', 'DOB', 'date_of_birth']);
  });

  it('drops free text and nested objects, and cuts long strings short', () => {
    const { logger, lines } = capture();
    // A nested object gets past the type only by a cast; the guard must still drop it.
    const activity = { text: 'x' } as unknown as string;
    logger.info('turn', { notes: 'worried about…', text: 'hello bot', reason: 'r', activity, verb: 'approve', long: 'y'.repeat(2000) });
    assert.deepEqual(lines[0]?.redacted, ['notes', 'text', 'reason', 'activity']);
    assert.equal(lines[0]?.verb, 'approve');
    assert.ok(String(lines[0]?.long).length < 600);
  });

  it('recognises the field names it guards', () => {
    for (const name of ['childName', 'child_name', 'firstName', 'surname', 'dateOfBirth', 'birthDate', 'dob', 'name', 'messageText', 'caseNotes']) {
      assert.ok(isRedactedField(name), name);
    }
    for (const name of ['caseId', 'correlationId', 'verb', 'status', 'durationMs', 'rule']) assert.ok(!isRedactedField(name), name);
  });

  it("describes an error by type, code and place, never by its message", () => {
    const error = Object.assign(new Error('Graph said: field ChildName "Alex" is invalid'), { code: 'invalidRequest', statusCode: 400 });
    const fields = errorFields(error);
    assert.equal(fields.errorName, 'Error');
    assert.equal(fields.errorCode, 'invalidRequest');
    assert.equal(fields.errorStatus, 400);
    assert.match(String(fields.errorWhere), /logger\.test\.ts/);
    assert.ok(!JSON.stringify(fields).includes('Alex'));
  });
});
