/**
 * The app (no Teams) on a data folder, built by the composition root from configuration exactly as
 * the bot builds it, for the bench and the tests: only their own parts (a clock, a notifier that
 * records, a Graph client for the local Graph server) are theirs.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { App, AppParts, createApp } from '../src/app';
import { createAppWithCards } from '../src/composition-root';
import { loadConfig } from '../src/config';
import type { RoleConfig } from '../src/cases/role-config';
import { RecordingNotifier, ROLES } from './world';

export const SITE_ID = 'contoso.sharepoint.com,aaaaaaaa-1111-1111-1111-111111111111,bbbbbbbb-2222-2222-2222-222222222222';

/** The data folder's roles file and the env that points at it (with `graphUrl`, the local Graph server's SharePoint site). */
export function dataDirEnv(dir: string, graphUrl?: string, roles: RoleConfig = ROLES): Record<string, string> {
  const rolesFile = join(dir, 'roles.json');
  writeFileSync(rolesFile, JSON.stringify(roles));
  const graph: Record<string, string> = graphUrl ? { GRAPH_BASE_URL: `${graphUrl}/v1.0`, SHAREPOINT_SITE_ID: SITE_ID, GRAPH_AUTH: 'none' } : {};
  return { DATA_DIR: dir, ROLES_FILE: rolesFile, ...graph };
}

export interface AppOnOptions {
  /** Base URL of a local Graph server: decisions and documents then go to SharePoint there. */
  graphUrl?: string;
  /** More settings, as the environment gives them. */
  env?: Record<string, string>;
  /** The app's own parts (default: a notifier that records what it is given). */
  parts?: Omit<AppParts, 'cards'>;
  /** Notices and requests with the cards the bot renders (the composition root's); without, they go as text. */
  cards?: 'as-the-bot';
}

/** The app on `dir` (its roles file written there: support/world.ts ROLES). */
export function appOn(dir: string, options: AppOnOptions = {}): App {
  const config = loadConfig({ LOG_LEVEL: 'silent', ...dataDirEnv(dir, options.graphUrl), ...options.env });
  const parts = { notifier: new RecordingNotifier(), ...options.parts };
  return options.cards ? createAppWithCards(config, parts).app : createApp(config, parts);
}
