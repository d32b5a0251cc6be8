/**
 * The app has one name wherever staff read of it: the manifest's short name as Teams shows it under
 * Apps ("the Return home app"), never "the bot in Microsoft Teams" or "this app" beside it.
 */
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { APP_NAME, dateProblem } from '../../src/protocol';
import { OUTLOOK_DECIDE_IN_TEAMS, OUTLOOK_MESSAGE, OUTLOOK_NOT_YET, OUTLOOK_ON_OPEN, OUTLOOK_OPEN_TEAMS, OUTLOOK_READ_IN_TEAMS } from '../../src/bot/outlook-words';
import { CHANNEL_TEXT } from '../../src/bot/text-commands';
import { REASON_TEXT, whatToDo } from '../../src/cases/undelivered-messages';

const OTHER_NAMES = /\b(the|this) (bot|app)\b|bot in Microsoft Teams/i;

describe('the app is called by one name, the one Teams shows', () => {
  it("is the manifest's short name", () => {
    const manifest = JSON.parse(readFileSync(join(__dirname, '../../manifest/manifest.template.json'), 'utf8')) as { name: { short: string } };
    assert.equal(APP_NAME, `the ${manifest.name.short} app`);
  });

  it('in Outlook, in a channel, on the case card\'s messages that did not arrive, and for a date that cannot be read', () => {
    const said = {
      OUTLOOK_DECIDE_IN_TEAMS, OUTLOOK_MESSAGE, OUTLOOK_NOT_YET, OUTLOOK_ON_OPEN, OUTLOOK_OPEN_TEAMS, OUTLOOK_READ_IN_TEAMS, CHANNEL_TEXT,
      noChat: REASON_TEXT['no-chat'], refused: REASON_TEXT.refused, installFailed: REASON_TEXT['install-failed'], channel: REASON_TEXT['channel-not-set-up'],
      toDoChannel: whatToDo('channel-not-set-up'), toDoInstall: whatToDo('install-failed'), toDoNoChat: whatToDo('no-chat'),
      date: dateProblem('01/03/2026')!,
    };
    for (const [where, text] of Object.entries(said)) {
      assert.ok(text.toLowerCase().includes(APP_NAME.toLowerCase()), `${where} names ${APP_NAME}: ${text}`);
      assert.doesNotMatch(text, OTHER_NAMES, where);
    }
  });
});
