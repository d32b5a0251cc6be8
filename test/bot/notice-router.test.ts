import { strict as assert } from 'node:assert';
import type { ActionableMail, Mailer } from '../../src/ports/mailer';
import { NoticeRouter, subjectOf } from '../../src/bot/notice-router';
import { mailAddresses, parseRoleConfig, RoleConfigError } from '../../src/cases/role-config';
import { RecipientUnreachableError } from '../../src/ports/notifier';
import { RecordingNotifier } from '../../support/world';
import { OUTLOOK_DECIDE_IN_TEAMS } from '../../src/bot/outlook-words';

class RecordingMailer implements Mailer {
  readonly sent: ActionableMail[] = [];
  async send(mail: ActionableMail): Promise<void> {
    this.sent.push(mail);
  }
}

describe('notice router (Teams, or Outlook mail for outlook: recipients)', () => {
  const config = parseRoleConfig({
    roles: { 'team-manager': { users: [{ id: 'tm-1', name: 'Taylor Manager', email: 'taylor@example.gov.uk' }, { id: 'tm-2', name: 'No Mail' }] } },
    deputies: [{ role: 'director', deputy: { id: 'dep-1', name: 'Devon Deputy', email: 'devon@example.gov.uk' }, for: { id: 'dir-1', name: 'Dana Director' }, from: '2026-03-01', to: '2026-03-10' }],
    people: [{ id: 'grp-7', name: 'Group Member', email: 'member@example.gov.uk' }],
  });

  it('reads mail addresses from role holders, deputies and people', () => {
    assert.deepEqual([...mailAddresses(config)].sort(), [['dep-1', 'devon@example.gov.uk'], ['grp-7', 'member@example.gov.uk'], ['tm-1', 'taylor@example.gov.uk']]);
  });

  it('refuses a malformed address in the role configuration, naming where it is', () => {
    assert.throws(() => parseRoleConfig({ roles: { iro: { users: [{ id: 'i', name: 'I', email: 'not an address' }] } } }), (e: unknown) => e instanceof RoleConfigError && /roles\.iro\.users\.0\.email/.test(e.message));
  });

  it('sends Teams notices to Teams and outlook: notices as mail to the configured address', async () => {
    const teams = new RecordingNotifier();
    const mailer = new RecordingMailer();
    const addresses = mailAddresses(config);
    const router = new NoticeRouter({ teams, outlook: { mailer, addressOf: (id) => addresses.get(id) } });
    await router.send({ key: 'k1', to: 'tm-1', text: 'Case A: your agreement is needed. Open it.' });
    await router.send({ key: 'k2', to: 'outlook:tm-1', text: 'Case A: your agreement is needed. Open it.', card: { version: '1.4' } });
    assert.deepEqual(teams.sent.map((n) => n.to), ['tm-1']);
    assert.deepEqual(mailer.sent, [{ to: ['taylor@example.gov.uk'], subject: 'Case A: your agreement is needed.', card: { version: '1.4' }, text: 'Case A: your agreement is needed. Open it.', notes: [OUTLOOK_DECIDE_IN_TEAMS] }]);
    await assert.rejects(router.send({ key: 'k3', to: 'outlook:tm-2', text: 'x' }), (e: unknown) => e instanceof RecipientUnreachableError && /no mail address/.test(e.message));
    await assert.rejects(new NoticeRouter({ teams }).send({ key: 'k4', to: 'outlook:tm-1', text: 'x' }), RecipientUnreachableError);
    assert.equal(mailer.sent.length, 1);
  });

  it("says under every mail where decisions are made, in words that suit a Director who only chases a Head of Service's request too", async () => {
    const mailer = new RecordingMailer();
    const router = new NoticeRouter({ teams: new RecordingNotifier(), outlook: { mailer, addressOf: () => 'dana@example.gov.uk' } });
    const chase = "Escalation — case MOS-6: the Head of Service's written agreement has been waiting since Mon 2 Mar 2026. Please make sure it is decided: it waits for Harper Head, or their deputy.";
    await router.send({ key: 'k1', to: 'outlook:dir-1', text: chase, card: { version: '1.4' } });
    const [note] = mailer.sent[0]!.notes;
    assert.match(note!, /^This mail is for reading only: nothing can be decided or recorded from it\. /);
    assert.doesNotMatch(note!, /to decide/i, 'not "to decide": the Director cannot decide it (R-SIGN-4)');
    assert.match(note!, /type "my cases" there to see what waits for you\.$/);
  });

  it('takes the subject from the first sentence, shortened if long', () => {
    assert.equal(subjectOf("Case MOS-1: your Director's authorisation is needed. Open the request (R-SIGN-4)."), "Case MOS-1: your Director's authorisation is needed.");
    assert.equal(subjectOf('No full stop here'), 'No full stop here');
    assert.equal(subjectOf(`${'a'.repeat(300)}.`), `${'a'.repeat(199)}…`);
    // A repeated escalation's first sentence is over 200 characters: cut at a word, not 'escalatio...'.
    const repeated = "Escalation — case WALK-1: the Head of Service's written agreement has been waiting since Mon 5 Oct 2026 and is still not decided, though it was first escalated on Mon 12 Oct 2026 (this is escalation 2). Please make sure it is decided.";
    assert.equal(subjectOf(repeated), "Escalation — case WALK-1: the Head of Service's written agreement has been waiting since Mon 5 Oct 2026 and is still not decided, though it was first escalated on Mon 12 Oct 2026 (this is escalation…");
    assert.ok(subjectOf(repeated).length <= 200);
  });
});
