/**
 * The settings file `.env` in the working folder, read the same way by every program that takes
 * the bot's settings (the bot, the admin command, provisioning, packaging): variables already set
 * in the environment win over the file.
 *
 * A byte order mark at its start is dropped first. Windows editors (Notepad's "UTF-8 with BOM",
 * PowerShell 5's `Out-File -Encoding utf8`) write one, and Node's own reader then takes it as part
 * of the first setting's name, so that setting (often MICROSOFT_APP_ID) was silently not set.
 */
import { existsSync, readFileSync } from 'node:fs';
import { parseEnv } from 'node:util';

const BYTE_ORDER_MARK = /^\uFEFF/;

/** The settings in `text` (a .env file's contents). */
export function parseDotEnv(text: string): Record<string, string> {
  return parseEnv(text.replace(BYTE_ORDER_MARK, '')) as Record<string, string>;
}

/** Sets from `file` (when it exists) each variable `env` does not have yet. Throws if it cannot be read. */
export function loadDotEnv(file = '.env', env: NodeJS.ProcessEnv = process.env): void {
  if (!existsSync(file)) return;
  for (const [name, value] of Object.entries(parseDotEnv(readFileSync(file, 'utf8')))) {
    if (env[name] === undefined) env[name] = value;
  }
}
