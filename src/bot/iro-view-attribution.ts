/**
 * Who gave the IRO's view, as every card and the letter show it (L3): the IRO, their deputy, or the
 * social worker writing down a view the IRO gave them orally. An approver must never read a view
 * without knowing whose words it is.
 */
import type { IroView } from '../protocol';

export function iroViewAttribution(view: IroView): string {
  if (view.givenOrally) return `given orally by the IRO, recorded by ${view.by.name} (social worker)`;
  if (view.onBehalfOf) return `given by ${view.by.name} on behalf of ${view.onBehalfOf.name}`;
  return `given by ${view.by.name}`;
}
