/**
 * Something typed to the bot from Outlook (the Azure Bot's Outlook channel, which the HTTP edge
 * accepts for the actions of request mails). A button pressed in a mail shows nothing of a case,
 * since who pressed it is not known for sure (src/bot/outlook-invoke.ts), but a message was served
 * like one typed in Teams: "case REF" answered with the case card, "my cases" with what waits, and
 * the person's Teams chat, where every request and notice for them is sent, was replaced by the
 * Outlook conversation. Over HTTP against the real bot: the answer names nothing of the case, and
 * the Teams chat kept for them is the one they wrote from in Teams.
 */
import { strict as assert } from 'node:assert';
import { PEOPLE } from '../../support/world';
import { messageActivity } from '../../support/bot-over-http/activities';
import { openCase, toTeamManagerApproval } from '../../support/bot-over-http/case-prep';
import { postJson } from '../../support/bot-over-http/http-post';
import { deliveryKeys } from '../../src/ports/delivery-keys';
import { botOverHttp } from './support/bot-over-http';

describe('Typed from Outlook: nothing of a case shown, the Teams chat kept (HTTP, real bot)', function () {
  this.timeout(60_000);
  const http = botOverHttp();

  async function answers(activity: Record<string, unknown>): Promise<string> {
    http.connector.reset();
    const answer = await postJson(`${http.bot.url}/api/messages`, activity);
    assert.equal(answer.status, 200, answer.text.slice(0, 300));
    return http.connector.recent.map((r) => JSON.stringify(r.body)).join('\n');
  }

  it('"case REF", "my cases" and a conversation update from Outlook show no case and leave the person\'s Teams chat as it was', async () => {
    const { service, store } = http.bot.runtime.app;
    await toTeamManagerApproval(service, await openCase(service, 'MAIL-4410'));
    await answers(messageActivity(http.connector.url, PEOPLE.tm, 'help'));
    const teamsChat = await store.getConversation(deliveryKeys.person(PEOPLE.tm.id));
    assert.equal(teamsChat?.conversation?.id, `a:personal-${PEOPLE.tm.id}`);

    const fromOutlook = (activity: Record<string, unknown>): Record<string, unknown> => ({ ...activity, channelId: 'outlook', conversation: { id: 'outlook-mail-1f2e3d', tenantId: 'tenant-0001' } });
    for (const text of ['case MAIL-4410', 'my cases', 'team cases']) {
      const said = await answers(fromOutlook(messageActivity(http.connector.url, PEOPLE.tm, text)));
      assert.doesNotMatch(said, /MAIL-4410|agreement|waiting/i, `"${text}" from Outlook`);
      assert.match(said, /in Microsoft Teams, so nothing was done here/);
    }
    const { text: _text, ...update } = messageActivity(http.connector.url, PEOPLE.tm, '');
    const welcome = await answers(fromOutlook({ ...update, type: 'conversationUpdate', membersAdded: [{ id: '29:tm-1', aadObjectId: PEOPLE.tm.id }] }));
    assert.doesNotMatch(welcome, /MAIL-4410|waiting/i);

    assert.deepEqual(await store.getConversation(deliveryKeys.person(PEOPLE.tm.id)), teamsChat, 'the Teams chat kept for the manager is unchanged');
  });
});
