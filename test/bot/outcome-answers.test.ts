/**
 * The typed Teams edge (issue 17): a refusal's code is one of one union (src/cases/outcome-codes.ts),
 * and one exhaustive switch (src/bot/outcome-answers.ts) says how the edge answers each: beside a
 * start-form field, on the card it came from, or on a card of its own. The type checks at the end
 * are checked by `npm run typecheck` (each `@ts-expect-error` must stay an error).
 */
import { strict as assert } from 'node:assert';
import { START_FORM_FIELDS } from '../../src/bot/card-builder';
import { outcomeAnswer, typedCommandAnswer } from '../../src/bot/outcome-answers';
import { NOT_A_MANAGER_TEXT } from '../../src/bot/working-list-text';
import type { CommandOutcome } from '../../src/cases/case-command';
import { OUTCOME_CODES, type OutcomeCode } from '../../src/cases/outcome-codes';
import { REFUSAL_CODES } from '../../src/protocol';
import { cardTexts } from '../../support/card-texts';
import { PEOPLE } from '../../support/world';
import { botOnEachWorld } from './support/conversation-driver';

const START = { ref: 'MOS-7001', legalStatus: 'S20', pathway: 'unplanned', trigger: 'consent-withdrawn', dateOfBirth: '2012-05-14', accommodatedOn: '2026-01-05', previousEpisodeEndedOn: '', lastAssessmentCompletedOn: '', returnedHomeOn: '' };

describe('the typed Teams edge: one union of outcome codes, answered by one switch', () => {
  it('holds every protocol refusal code and the service’s own, each once', () => {
    for (const code of REFUSAL_CODES) assert.ok((OUTCOME_CODES as readonly string[]).includes(code), code);
    assert.equal(new Set(OUTCOME_CODES).size, OUTCOME_CODES.length);
  });

  it('answers every code from the start form and from a case’s buttons', () => {
    for (const code of OUTCOME_CODES) {
      for (const from of ['start-form', 'case-action'] as const) {
        const answer = outcomeAnswer(code, from);
        if (answer.kind === 'own-card') assert.ok(answer.title.length > 0, code);
        if (answer.kind === 'beside') {
          assert.ok((START_FORM_FIELDS as readonly string[]).includes(answer.field), `${code}: ${answer.field}`);
          // Only the start form has fields to put a refusal beside; a case's buttons are answered on their card.
          assert.ok(['INVALID_REF', 'DUPLICATE_REF', 'UNKNOWN_IRO'].includes(code) || from === 'start-form', `${code} from ${from}`);
        }
      }
    }
    assert.deepEqual(outcomeAnswer('NOT_YOUR_ROLE', 'case-action'), { kind: 'notice' });
    assert.deepEqual(outcomeAnswer('NOT_YOUR_ROLE', 'start-form'), { kind: 'own-card', title: 'You cannot start a case' });
    assert.deepEqual(outcomeAnswer('UNKNOWN_CASE', 'case-action'), { kind: 'own-card', title: 'Case not found' });
  });

  it('answers the typed commands\' refusals in words: "team cases" from someone who is not a manager, and a reference nobody may see', () => {
    const typed = [{ command: 'team cases' }, { command: 'new copy', ref: 'MOS-1' }, { command: 'case', ref: 'MOS-1' }] as const;
    for (const code of OUTCOME_CODES) {
      for (const from of typed) {
        const answer = outcomeAnswer(code, from);
        if (answer.kind === 'words') assert.ok(answer.text.length > 0, code);
        // A typed message has no form fields to put a refusal beside.
        if (answer.kind === 'beside') assert.ok(['INVALID_REF', 'DUPLICATE_REF', 'UNKNOWN_IRO'].includes(code), `${code} from ${from.command}`);
      }
    }
    assert.deepEqual(outcomeAnswer('NOT_A_MANAGER', { command: 'team cases' }), { kind: 'words', text: NOT_A_MANAGER_TEXT });
    assert.match(typedCommandAnswer('DIRECTORY_UNAVAILABLE', { command: 'team cases' }), /Please type "team cases" again in a minute/);
    // Elsewhere the service's own message says what to do.
    assert.deepEqual(outcomeAnswer('DIRECTORY_UNAVAILABLE', 'case-action'), { kind: 'notice' });
    assert.equal(typedCommandAnswer('DIRECTORY_UNAVAILABLE', { command: 'new copy', ref: 'MOS-1' }, 'Try again in a moment.'), 'Try again in a moment.');
    // Unknown and not visible read the same: no existence leak.
    for (const code of ['UNKNOWN_CASE', 'CASE_NOT_VISIBLE'] as const) {
      assert.equal(typedCommandAnswer(code, { command: 'new copy', ref: 'nope-1' }), 'There is no case with reference nope-1 that you can see, so no copy was sent. Type "my cases" to see your cases.');
      assert.equal(typedCommandAnswer(code, { command: 'case', ref: 'nope-1' }), 'There is no case with reference nope-1 that you can see. Type "my cases" to see your cases.');
    }
    // A reference typed as a link is echoed as the words typed, never as a link or an autolink in the bot's reply (L4).
    const linked = typedCommandAnswer('UNKNOWN_CASE', { command: 'case', ref: '[x](https://evil.example)' });
    assert.equal(linked, 'There is no case with reference \\[x\\](https:\\/\\/evil.example) that you can see. Type "my cases" to see your cases.');
    assert.doesNotMatch(linked, /(?<!\\)\]\(|https:\/\//, 'no Markdown link, no bare address');
    // The protocol's refusal of a copy keeps its own words ("Nothing on case … is waiting for your decision").
    assert.equal(typedCommandAnswer('OUT_OF_ORDER', { command: 'new copy', ref: 'MOS-1' }, 'Nothing waits.'), 'Nothing waits.');
  });

  describe('through the bot', () => {
    const on = botOnEachWorld();

    async function start(who: { id: string; name: string }, data: Record<string, string>): Promise<string> {
      return cardTexts(await on.driver.click(who, 'startCase', data));
    }

    it('puts each start-form refusal where the switch says, and saves nothing', async () => {
      // OUT_OF_SCOPE: a card of its own, with its rule.
      const courtOrder = await start(PEOPLE.sw, { ...START, legalStatus: 'ICO' });
      assert.match(courtOrder, /This case cannot be started here/);
      assert.match(courtOrder, /R-SCOPE-2/);
      // OUT_OF_ORDER on the start form: the 16/17 reason for a younger child, beside the reason (R-UNPL-1).
      const tooYoung = await start(PEOPLE.sw, { ...START, trigger: 'young-person-left' });
      assert.match(tooYoung, /Please correct the fields marked below\. Nothing was saved\./);
      assert.match(tooYoung, /aged 16 or 17.*\(R-UNPL-1\)/);
      assert.deepEqual((await on.world.service.myOpenCases(PEOPLE.sw)).open, []);
      // DUPLICATE_REF: beside the reference, once a case holds it.
      assert.match(await start(PEOPLE.sw, START), /MOS-7001/);
      const again = await start(PEOPLE.sw, { ...START, pathway: 'planned', trigger: '' });
      assert.match(again, /Please correct the fields marked below.*A case with reference MOS-7001 is already open/s);
      assert.equal((await on.world.service.myOpenCases(PEOPLE.sw)).open.length, 1);
    });
  });
});

/** Never called: checked by the type checker only. */
export function typeChecks(code: OutcomeCode): void {
  // @ts-expect-error a refusal's code is one of the union, never any string
  const made: CommandOutcome = { ok: false, code: 'SOMETHING_NEW', rule: null, message: '' };
  void made;
  // @ts-expect-error the switch answers the union's codes only
  outcomeAnswer('SOMETHING_NEW', 'case-action');
  // @ts-expect-error "team cases" keeps its code in the union: a code of its own does not compile
  typedCommandAnswer('NOT_MANAGING', { command: 'team cases' });
  // @ts-expect-error a command naming a case carries its reference
  outcomeAnswer('UNKNOWN_CASE', { command: 'new copy' });
  // The switch's never check: a switch that answers only some codes leaves the others, and the build fails.
  switch (code) {
    case 'KEY_REUSED':
      return;
    default: {
      // @ts-expect-error codes are left over, so `code` is not `never` here
      const left: never = code;
      void left;
    }
  }
}
