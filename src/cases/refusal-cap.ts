/**
 * A bound on the refusal log. Refusals are append-only (the database refuses to change one, or to
 * delete one younger than a year: refusal-ageing.ts), so a signed-in person sending forged clicks in
 * a loop grew the store without limit. At most REFUSALS_KEPT_PER_PERSON_A_DAY refusals of
 * one person (by Entra object id) a day (UTC) are kept, per instance of the bot: enough to show an
 * administrator what they tried. Beyond that, each is still written to the log (the logger's line),
 * not to the store. Counted in memory: a restart starts the day's count again.
 */
export const REFUSALS_KEPT_PER_PERSON_A_DAY = 200;

/** Per refusal log (the store's), the day counted and how many of each person's refusals it kept. */
const keptBy = new WeakMap<object, { day: string; byPerson: Map<string, number> }>();

/** Whether this refusal may be kept, counting it if so. `at`: its instant, ISO 8601 in UTC. */
export function mayKeepRefusal(log: object, actorId: string, at: string): boolean {
  const day = at.slice(0, 10);
  let kept = keptBy.get(log);
  if (!kept || kept.day !== day) {
    kept = { day, byPerson: new Map() };
    keptBy.set(log, kept);
  }
  const count = kept.byPerson.get(actorId) ?? 0;
  if (count >= REFUSALS_KEPT_PER_PERSON_A_DAY) return false;
  kept.byPerson.set(actorId, count + 1);
  return true;
}
