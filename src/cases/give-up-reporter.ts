import type { Effect } from '../protocol';
import type { CaseStore, OutboxItem } from '../ports/case-store';
import { recipientText } from './delivery-addressees';
import { approvalWhat, isInformationOnly, noticeWhat } from './notice-text';
import type { RecordPayload } from './record-delivery';
import { recordUndelivered } from './undelivered-messages';

/**
 * For the outbox worker, when it gives up on a message (Teams kept failing until it was parked):
 * kept with the case, like an unreachable recipient, so its card says so until it is replayed and
 * goes. Records (SharePoint) are for the organisation's reporting, not people: they are left to
 * `admin outbox status`.
 */
export function createGiveUpReporter(deps: { store: CaseStore; now: () => Date }): (item: OutboxItem) => Promise<void> {
  return async (item) => {
    const effect = item.payload as Effect | RecordPayload;
    if (effect.type !== 'notify' && effect.type !== 'request-approval') return;
    // Notices for information only ("case opened", "approved"): the case card shows the same; nobody need chase them.
    if (effect.type === 'notify' && isInformationOnly(effect.notice)) return;
    await recordUndelivered(deps.store, item.caseId, {
      effectId: item.effectId,
      what: effect.type === 'notify' ? noticeWhat(effect) : approvalWhat(effect),
      to: recipientText(effect.to),
      reason: 'gave-up',
      at: deps.now().toISOString(),
      ...(effect.type === 'request-approval' ? { approvalId: effect.approvalId } : {}),
    });
  };
}
