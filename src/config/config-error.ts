/** How a bad setting is told: one line naming the variable, never a secret's value. */
import type { z } from 'zod';
import type { Environment } from './environment';

/** A bad setting. The message is one line that names the variable and never shows a secret. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  constructor(
    readonly variable: string,
    message: string,
  ) {
    super(message);
  }
}

/** Values that are never echoed back in an error message. */
const SECRETS = new Set(['MICROSOFT_APP_PASSWORD', 'AZURE_CLIENT_SECRET', 'AZURE_STORAGE_CONNECTION_STRING', 'APPLICATIONINSIGHTS_CONNECTION_STRING']);

export function describeIssue(issue: z.core.$ZodIssue, env: Record<string, string | undefined>): ConfigError {
  const variable = String(issue.path[0] ?? 'configuration');
  const raw = env[variable];
  const namesTheValue = issue.code === 'custom' && issue.params?.['namesTheValue'] === true;
  const shown = SECRETS.has(variable) || raw === undefined || namesTheValue ? '' : ` (got ${JSON.stringify(raw.trim())})`;
  return new ConfigError(variable, `${variable} ${issue.message}${shown}`);
}

/** `value`, or a ConfigError saying the variable is needed and `why`. */
export function required(variable: keyof Environment & string, value: string | undefined, why: string): string {
  if (value === undefined) throw new ConfigError(variable, `${variable} is required ${why}`);
  return value;
}

