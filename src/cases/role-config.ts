/**
 * Who holds each role: named users (Entra object ids) and/or Entra groups, plus deputies
 * with a date range. Read from a JSON file (ROLES_FILE) and validated once at start-up.
 */
import { z } from 'zod';
import { CASE_ROLES } from '../protocol';
import { deputy, holders, person } from './organisation-file-parts';

export const roleConfigSchema = z.strictObject({
  roles: z.strictObject(Object.fromEntries(CASE_ROLES.map((r) => [r, holders.optional()])) as Record<(typeof CASE_ROLES)[number], z.ZodOptional<typeof holders>>),
  deputies: z.array(deputy).default([]),
  /** People's display names for ids that are only known through groups. */
  people: z.array(person).default([]),
});

/** Read-only all the way down: nothing that reads the configuration may change who holds a role. */
type DeepReadonly<T> = T extends string | number | boolean | null | undefined ? T : T extends (infer U)[] ? readonly DeepReadonly<U>[] : T extends object ? { readonly [K in keyof T]: DeepReadonly<T[K]> } : T;

export type RoleConfig = DeepReadonly<z.infer<typeof roleConfigSchema>>;

/** Frozen as well as typed read-only, so a push into a holders list throws instead of granting a role. */
function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    for (const inner of Object.values(value)) deepFreeze(inner);
    Object.freeze(value);
  }
  return value;
}

export class RoleConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RoleConfigError';
  }
}

export function parseRoleConfig(input: unknown, source = 'role configuration'): RoleConfig {
  const parsed = roleConfigSchema.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new RoleConfigError(`The ${source} is invalid at ${issue.path.join('.') || '(top)'}: ${issue.message}`);
  }
  for (const d of parsed.data.deputies) {
    if (d.from > d.to) throw new RoleConfigError(`The ${source} has a deputy (${d.deputy.name}) whose "from" date is after the "to" date`);
  }
  return deepFreeze(parsed.data);
}

/** Each person's mail address by Entra object id, from every place the file names a person. */
export function mailAddresses(config: RoleConfig): Map<string, string> {
  const found = new Map<string, string>();
  const add = (p: { id: string; email?: string | undefined }) => {
    if (p.email && !found.has(p.id)) found.set(p.id, p.email);
  };
  for (const holders of Object.values(config.roles)) holders?.users.forEach(add);
  for (const d of config.deputies) {
    add(d.deputy);
    add(d.for);
  }
  config.people.forEach(add);
  return found;
}
