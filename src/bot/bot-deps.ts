/**
 * What the case bot's handlers are given (built by src/composition-root.ts), and the views of the
 * case service's clock and policy they show cards with.
 */
import type { CaseService } from '../cases/case-service';
import type { DeliveryState } from '../ports/delivery-state';
import type { ApprovalStage, CaseState, Person } from '../protocol';
import type { ViewContext } from './case-view';
import type { ListContext } from './working-list-text';

export interface S20BotDeps {
  service: CaseService;
  /** Conversation references, and the case's undelivered messages kept beside them. */
  conversations: DeliveryState;
  /** Entra object ids of the people who may decide this case's approval at this stage (for the card's refresh.userIds): the case's own, not every holder of the role. */
  approverIds(stage: ApprovalStage, state: CaseState): string[] | Promise<string[]>;
  /** The Teams channel id of the IRO service (IRO_CHANNEL_ID), whose conversation is saved as `channel:iro`. */
  iroChannelId?: string | undefined;
  /** True when an app id is configured: every caller must carry an Entra object id. */
  requireEntraIdentity?: boolean;
  /** MICROSOFT_APP_TENANT_ID: callers from any other tenant are refused. */
  tenantId?: string | undefined;
  /** The organisation's time zone (ORG_TIME_ZONE), the one the case service uses: cards and the letter show recorded times in it. */
  timeZone: string;
  /** The organisation's words for the "Your time in our care" letter draft. */
  organisation?: { name: string; directorTitle: string; caseRecordSystemName: string };
}

const DEFAULT_ORGANISATION = { name: '[your local authority]', directorTitle: "Director of Children's Services", caseRecordSystemName: 'the case-record system' };

export function organisationOf(deps: S20BotDeps): { name: string; directorTitle: string; caseRecordSystemName: string } {
  return deps.organisation ?? DEFAULT_ORGANISATION;
}

export function viewOf(deps: S20BotDeps): ViewContext {
  return { today: deps.service.now().today, policy: deps.service.policy, timeZone: deps.timeZone };
}

export function listContextOf(deps: S20BotDeps): ListContext {
  return { today: deps.service.now().today, policy: deps.service.policy };
}

/** One click, as its handler sees it: who (from the activity, never the card), its idempotency key, and the activity id kept with a refusal. */
export interface Click {
  actor: Person;
  key: string;
  activityId: string | undefined;
}
