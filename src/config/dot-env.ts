/**
 * The settings file `.env` in the working folder, read the same way by every program that takes
 * the bot's settings (the bot, the admin command, provisioning, packaging): variables already set
 * in the environment win over the file.
 *
 * A byte order mark at its start is dropped first (text-file.ts): Node's own reader takes it as part
 * of the first setting's name, so that setting (often MICROSOFT_APP_ID) was silently not set.
 */
import { existsSync } from 'node:fs';
import { parseEnv } from 'node:util';
import { ConfigError } from './config-error';
import { CONFIG_VARIABLES } from './environment';
import { misspeltSetting } from './misspelt-setting';
import { readTextFile, withoutByteOrderMark } from './text-file';

/** The settings in `text` (a .env file's contents). */
export function parseDotEnv(text: string): Record<string, string> {
  return parseEnv(withoutByteOrderMark(text)) as Record<string, string>;
}

/**
 * The names whose unquoted value holds a "#" straight after a character (MICROSOFT_APP_PASSWORD=ab#cd,
 * ORG_WEBSITE_URL=https://council.gov.uk/#privacy): .env reads it as the start of a comment, so only
 * the part before it was used, without a word. A comment after a value has a space before its "#".
 */
function cutByHash(text: string): Set<string> {
  const cut = new Set<string>();
  for (const line of text.split(/\r?\n/)) {
    const found = /^\s*(?:export\s+)?([\w.-]+)\s*=\s*([^\s'"`#][^#]*)#/.exec(line);
    if (found && !/\s$/.test(found[2]!)) cut.add(found[1]!);
  }
  return cut;
}

/** Sets from `file` (when it exists) each variable `env` does not have yet; the names the file holds. Throws if it cannot be read. */
export function loadDotEnv(file = '.env', env: NodeJS.ProcessEnv = process.env): string[] {
  if (!existsSync(file)) return [];
  const text = readTextFile(file);
  const settings = parseDotEnv(text);
  const cut = cutByHash(text);
  for (const name of Object.keys(settings)) {
    // The value is never shown: it may be a secret.
    if (cut.has(name) && env[name] === undefined) throw new ConfigError(name, `${name} in .env has a "#" in its value, which .env reads as the start of a comment, so only the part before it would be used: put the value in double quotes (${name}="…")`);
  }
  for (const [name, value] of Object.entries(settings)) {
    if (env[name] === undefined) env[name] = value;
  }
  return Object.keys(settings);
}

/** Refuses a name in .env that nearly spells a setting (misspelt-setting.ts), as a bad setting is refused. */
export function checkDotEnvNames(names: readonly string[]): void {
  const misspelt = misspeltSetting(names, CONFIG_VARIABLES);
  if (misspelt) throw new ConfigError(misspelt.name, `${misspelt.name} in .env is not a setting, so it would have no effect (did you mean ${misspelt.meant}?)`);
}
