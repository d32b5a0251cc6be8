import { strict as assert } from 'node:assert';
import { overHttp, PEOPLE, START, texts } from '../conversations/support/over-http';
import { walkByDay } from '../reliability/support/cards-only';

describe('probe: at the same time', function () {
  this.timeout(180_000);
  const h = overHttp();
  const { walk } = walkByDay(h);

  async function toTeamManager(ref: string): Promise<void> {
    const sw = PEOPLE.sw;
    let card = await walk.press(sw, await h.talk.sayForCard(sw, 'new case'), /Start the case/, { ...START, ref });
    for (const button of [/Record the child's views/, /Record the immediate risk check/, /Record the parents' views/, /^Inform the IRO$/]) card = await walk.step(sw, ref, button, {}, card);
    await walk.step(sw, ref, /Submit the assessment/, { stepdown: 'trusted-adult', purpose: 'Someone to turn to.' }, card);
  }

  it('two team managers press at once', async () => {
    const ref = 'SAME-1';
    await toTeamManager(ref);
    const a = await h.talk.notice(PEOPLE.tm, /needed: case SAME-1/);
    const b = await h.talk.notice(PEOPLE.managerWithCases, /needed: case SAME-1/);
    const [ra, rb] = await Promise.all([
      h.talk.press(PEOPLE.tm, a, /^Approve$/, { comment: 'Agreed A.' }),
      h.talk.press(PEOPLE.managerWithCases, b, /^Request changes/, { comment: 'No B.' }),
    ]);
    console.log('A:', texts(ra).slice(0, 800));
    console.log('B:', texts(rb).slice(0, 800));
    const found = await h.bot.runtime.app.service.getByRef(ref);
    const audit = await h.bot.runtime.app.store.audit(found!.summary.caseId);
    console.log(audit.map((e) => `${e.seq} ${e.at} ${e.actorName} ${e.onBehalfOfName} ${e.role}: ${e.action}`).join('\n'));
    console.log(await h.bot.runtime.app.store.refusals(found!.summary.caseId));
    const sw = (await h.talk.notices(PEOPLE.sw)).map(texts);
    console.log(sw);
    // double tap
  });
});
