/**
 * The organisation's SharePoint audit list is read by records managers and auditors: its Role and
 * Summary columns say the role and the stage in words, as the case card does, not the bot's codes.
 */
import { strict as assert } from 'node:assert';
import { auditListLine } from '../../src/cases/audit-list-line';
import { RETENTION_ACTOR } from '../../src/cases/retention';

const fieldsOf = (line: ReturnType<typeof auditListLine>): Record<string, unknown> => (line.payload as { fields: Record<string, unknown> }).fields;
const summary = (stage: string) => ({ caseId: 'case-1', ref: 'CR-100200', stage });

describe("the SharePoint audit list's Role and Summary columns", () => {
  it('say the role and the stage in words', () => {
    const fields = fieldsOf(auditListLine(summary('awaiting-head-of-service'), 4, '2026-03-02T09:30:00.000Z', { id: 'tm-1', name: 'Tara Manager', role: 'team-manager' }, 'Agreed by the team manager'));
    assert.equal(fields['Role'], 'Team manager');
    assert.equal(fields['Summary'], "Waiting for the Head of Service's written agreement");
    assert.equal(fieldsOf(auditListLine(summary('awaiting-director'), 5, '2026-03-02T09:30:00.000Z', { id: 'iro-1', name: 'Ivy Reviewing', role: 'iro' }, 'x'))['Role'], 'Independent Reviewing Officer');
  });

  it('name the retention policy and support staff for what they are', () => {
    assert.equal(fieldsOf(auditListLine(summary('closed'), 9, '2026-03-02T09:30:00.000Z', RETENTION_ACTOR, 'Personal data erased'))['Role'], 'Automatic (no person)');
    assert.equal(fieldsOf(auditListLine(summary('closed'), 10, '2026-03-02T09:30:00.000Z', { id: 'admin:pat', name: 'pat (admin command)', role: 'admin' }, 'Subject access'))['Role'], 'Support staff (admin command)');
    assert.equal(fieldsOf(auditListLine(summary('closed'), 10, '2026-03-02T09:30:00.000Z', RETENTION_ACTOR, 'x'))['Summary'], 'Closed');
  });
});
