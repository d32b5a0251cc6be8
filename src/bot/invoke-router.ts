/**
 * One card action routed to its handler by one exhaustive switch over the verbs
 * (src/bot/invoke-verbs.ts): a verb without a case here fails the build. A start form opens a case;
 * a decision is one call to the service; every other verb reads the case once, need-to-know
 * checked, and answers from that read.
 */
import type { ClickView } from '../cases/case-lookup';
import { notShown } from './answer-cards';
import { decide, refreshApproval, showApproval } from './approval-handlers';
import type { Click, S20BotDeps } from './bot-deps';
import type { CardJson } from './card-builder';
import { caseCardFor } from './case-card-for';
import { type InvokeAction, unhandledVerb } from './invoke-verbs';
import { startCase } from './start-case-handler';
import { openStep, recordStep } from './step-handlers';

export async function routeInvoke(deps: S20BotDeps, click: Click, action: InvokeAction): Promise<CardJson> {
  // How a refusal to show the case is kept (M7), in that case's refusal log or the store's.
  const unseen = { action: action.verb, correlationId: click.activityId };
  switch (action.verb) {
    case 'startCase':
      return startCase(deps, click, action.data);
    case 'decide':
      return decide(deps, click, action.data, unseen);
    case 'showCase': {
      const { stored, ...why } = await readVisible(deps, click, action);
      return stored ? caseCardFor(deps, click.actor, stored.state) : notShown(why);
    }
    case 'openStep': {
      const { stored, ...why } = await readVisible(deps, click, action);
      return stored ? openStep(deps, click, stored.state, action.data) : notShown(why);
    }
    case 'recordStep': {
      const { stored, ...why } = await readVisible(deps, click, action);
      return stored ? recordStep(deps, click, stored, action.data, unseen) : notShown(why);
    }
    case 'showApproval': {
      const { stored, ...why } = await readVisible(deps, click, action);
      return stored ? showApproval(deps, click, stored.state, action.data) : notShown(why);
    }
    case 'refreshApproval': {
      const { stored, ...why } = await readVisible(deps, click, action);
      return stored ? refreshApproval(deps, click, stored.state, action.data) : notShown(why);
    }
    default:
      return unhandledVerb(action);
  }
}

/** The case the action names, if this person may see it; the refusal is kept otherwise (M7). */
function readVisible(deps: S20BotDeps, click: Click, action: Exclude<InvokeAction, { verb: 'startCase' | 'decide' }>): Promise<ClickView> {
  return deps.service.viewForClick(click.actor, action.data.caseId, action.verb, click.activityId);
}
