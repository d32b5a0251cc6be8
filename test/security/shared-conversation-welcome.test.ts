/**
 * The bot in a group chat or a meeting's chat (a conversation everyone in it reads): when someone
 * there added another person, the bot posted its welcome into that chat with what was waiting for
 * the person who added them ("1 decision is already waiting for you", a card naming each case's
 * reference, what was asked and since when, with buttons). Over HTTP against the real bot: a
 * manager with a decision waiting adds a colleague to a group chat, a meeting chat and a team's
 * channel, and types "case REF", "my cases" and "team cases" there; nothing posted in any of them
 * names the case, and the welcome with what waits still comes in the manager's personal chat.
 */
import { strict as assert } from 'node:assert';
import { PEOPLE } from '../../support/world';
import { messageActivity, type Who } from '../../support/bot-over-http/activities';
import { openCase, toTeamManagerApproval } from '../../support/bot-over-http/case-prep';
import { postJson } from '../../support/bot-over-http/http-post';
import { botOverHttp } from './support/bot-over-http';

const SHARED = {
  'a group chat': { id: '19:2f6b1c9e8d7a4b3c@thread.v2', conversationType: 'groupChat', isGroup: true },
  "a meeting's chat": { id: '19:meeting_NjA4ZTc1@thread.v2', conversationType: 'groupChat', isGroup: true },
  "a team's channel": { id: '19:general@thread.tacv2', conversationType: 'channel', isGroup: true },
} as const;

describe('Nothing of a case is posted in a group chat, a meeting chat or a channel (HTTP, real bot)', function () {
  this.timeout(60_000);
  const http = botOverHttp();

  /** Everything the bot posted, as text (the words and any card), in answer to one activity. */
  async function posted(activity: Record<string, unknown>): Promise<Array<{ path: string; text: string }>> {
    http.connector.reset();
    const answer = await postJson(`${http.bot.url}/api/messages`, activity);
    assert.equal(answer.status, 200, answer.text.slice(0, 300));
    return http.connector.recent.map((r) => ({ path: decodeURIComponent(r.path), text: JSON.stringify(r.body) }));
  }

  function membersAdded(who: Who, conversation: Record<string, unknown>): Record<string, unknown> {
    const { text: _text, textFormat: _format, ...base } = messageActivity(http.connector.url, who, '');
    return { ...base, type: 'conversationUpdate', conversation: { ...(base['conversation'] as object), ...conversation }, membersAdded: [{ id: '29:a-colleague', name: 'A Colleague', aadObjectId: 'c0ffee00-0000-4000-8000-000000000001' }] };
  }

  it('adding someone to a shared chat, or typing a command there, posts nothing naming the case; the personal welcome still lists it', async () => {
    const service = http.bot.runtime.app.service;
    await toTeamManagerApproval(service, await openCase(service, 'SHARED-7731'));

    for (const [where, conversation] of Object.entries(SHARED)) {
      const added = await posted(membersAdded(PEOPLE.tm, conversation));
      for (const post of added) assert.doesNotMatch(post.text, /SHARED-7731|waiting for you|agreement/i, `the welcome in ${where} named what waits for the manager: ${post.text.slice(0, 300)}`);
      for (const command of ['case SHARED-7731', 'my cases', 'team cases']) {
        const typed = await posted({ ...messageActivity(http.connector.url, PEOPLE.tm, command), conversation: { ...conversation, tenantId: 'tenant-0001' } });
        assert.equal(typed.length, 1, `one answer to "${command}" in ${where}`);
        assert.doesNotMatch(typed[0]!.text, /SHARED-7731|agreement/i, `"${command}" in ${where}`);
        assert.match(typed[0]!.text, /personal chat with the Return home app/);
      }
    }

    // In the manager's own chat the welcome still says what waits, with its button.
    const personal = await posted(membersAdded(PEOPLE.tm, {}));
    assert.equal(personal.length, 1);
    assert.match(personal[0]!.path, /a:personal-tm-1/);
    assert.match(personal[0]!.text, /1 decision is already waiting for you/);
    assert.match(personal[0]!.text, /SHARED-7731/);
  });
});
