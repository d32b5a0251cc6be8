/**
 * Display names in the typed commands' answers ("team cases", "my cases"' cases needing a new
 * person): Teams renders the chat message as Markdown, so a name such as "[Sign in](https://…)"
 * was a live link inside the tenant; it is now shown as written, as notices and cards show it (L4).
 */
import { strict as assert } from 'node:assert';
import type { CaseLine, NeedingPeople } from '../../src/cases/working-list';
import { needingPeopleText, teamCasesText } from '../../src/bot/working-list-text';

const LINK_NAME = '[Sign in again](https://evil.example/login)';
const ESCAPED = '\\[Sign in again\\](https:\\/\\/evil.example/login)';

/** A Markdown link the message would render: [words](address) with neither bracket escaped. */
const LIVE_LINK = /(?<!\\)\[[^\]]*(?<!\\)\]\(/;

describe('working lists: display names are shown as written, never as a link', () => {
  it('"team cases" names the social worker as written', () => {
    const line: CaseLine = { caseId: 'c1', ref: 'MOS-1042', pathway: 'unplanned', stage: 'preparing', socialWorker: LINK_NAME, team: 'Early Help', next: undefined, overdueBy: 0 };
    const text = teamCasesText({ all: false, teams: ['Early Help'], services: [] }, [line]);
    assert.doesNotMatch(text, LIVE_LINK, text);
    assert.ok(text.includes(`social worker ${ESCAPED}`), text);
  });

  it('"team cases" names the teams and services (from the organisation file) as written, in its heading and when there are none', () => {
    const line: CaseLine = { caseId: 'c1', ref: 'MOS-1042', pathway: 'unplanned', stage: 'preparing', socialWorker: 'Sam Social', team: LINK_NAME, next: undefined, overdueBy: 0 };
    for (const scope of [{ all: false, teams: [LINK_NAME, 'Early Help'], services: [] }, { all: false, teams: [], services: ['Children <b>Services</b>', LINK_NAME] }]) {
      for (const text of [teamCasesText(scope, [line]), teamCasesText(scope, [])]) {
        assert.doesNotMatch(text, LIVE_LINK, text);
        assert.doesNotMatch(text, /<b>/, text);
        assert.ok(text.includes(ESCAPED), text);
      }
    }
  });

  it('"my cases" names the person no longer in the organisation file as written', () => {
    const needing: NeedingPeople = { caseId: 'c1', ref: 'MOS-1042', gaps: [{ role: 'social-worker', person: { id: 'p1', name: LINK_NAME } }] };
    const text = needingPeopleText([needing])!;
    assert.doesNotMatch(text, LIVE_LINK, text);
    assert.ok(text.includes(`(${ESCAPED} is no longer in the organisation file)`), text);
  });
});
