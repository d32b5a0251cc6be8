/**
 * Creates the Recorder's four SharePoint lists (Cases, Decisions, Tasks, Audit) and the case file's
 * document library (Case documents), with their columns, on the configured site — idempotently: a list already there is left alone except for missing columns
 * (added) and columns that should be indexed but are not (indexed). One plain line per list says what
 * happened. Settings come from the environment and .env, read by the bot's own loadConfig (src/config.ts), so
 * a .env the bot starts with provisions the same site.
 *
 *   npm run provision:sharepoint
 */
import type { Client } from '@microsoft/microsoft-graph-client';
import { CertificateFileError } from '../src/adapters/graph/certificate-file';
import { createGraphClient } from '../src/adapters/graph/graph-client';
import { describeThrown } from '../src/adapters/graph/graph-failure';
import { whyUnanswered } from '../src/adapters/graph/graph-unanswered';
import { graphClientConfigFrom } from '../src/adapters/graph/graph-client-config';
import { ConfigError, GraphSettings, loadGraphSettings } from '../src/config';
import { loadDotEnv } from '../src/config/dot-env';
import { LIST_SCHEMA, ListColumn, ListDefinition, RECORD_LISTS, columnDefinition } from '../src/adapters/graph/list-schema';
import { retentionLabelArgument, retentionLabelLines } from './retention-label';
import { DOCUMENT_LIBRARY } from '../src/adapters/graph/document-library-schema';

export interface ListOutcome {
  displayName: string;
  created: boolean;
  columns: number;
  addedColumns: string[];
  indexedColumns: string[];
  /** Columns that exist with another type: not changed automatically (it could lose data). */
  mismatchedColumns: string[];
}

export async function provisionSharePoint(client: Client, siteId: string): Promise<ListOutcome[]> {
  const outcomes: ListOutcome[] = [];
  for (const list of RECORD_LISTS) outcomes.push(await provisionList(client, siteId, LIST_SCHEMA[list]));
  // Its permissions are the site's: whoever can open the site can open the case file (see the deploy guide).
  outcomes.push(await provisionList(client, siteId, DOCUMENT_LIBRARY, 'documentLibrary'));
  return outcomes;
}

async function provisionList(client: Client, siteId: string, definition: Pick<ListDefinition, 'displayName' | 'description' | 'columns'>, template: 'genericList' | 'documentLibrary' = 'genericList'): Promise<ListOutcome> {
  const outcome: ListOutcome = {
    displayName: definition.displayName,
    created: false,
    columns: definition.columns.length,
    addedColumns: [],
    indexedColumns: [],
    mismatchedColumns: [],
  };
  const lists = `/sites/${siteId}/lists`;
  const filter = encodeURIComponent(`displayName eq '${definition.displayName.replace(/'/g, "''")}'`);
  const found = asArray(((await client.api(`${lists}?$filter=${filter}`).get()) as { value?: unknown }).value);
  const existing = found.find((l) => l.displayName === definition.displayName);
  if (!existing) {
    await client.api(lists).post({
      displayName: definition.displayName,
      description: definition.description,
      columns: definition.columns.map(columnDefinition),
      list: { template },
    });
    outcome.created = true;
    return outcome;
  }

  const columnsPath = `${lists}/${String(existing.id)}/columns`;
  const present = asArray(((await client.api(columnsPath).get()) as { value?: unknown }).value);
  for (const column of definition.columns) {
    const current = present.find((c) => c.name === column.name);
    if (!current) {
      await client.api(columnsPath).post(columnDefinition(column));
      outcome.addedColumns.push(column.name);
      continue;
    }
    if (!hasType(current, column)) {
      outcome.mismatchedColumns.push(column.name);
      continue;
    }
    if (column.indexed && current.indexed !== true) {
      await client.api(`${columnsPath}/${String(current.id)}`).patch({ indexed: true });
      outcome.indexedColumns.push(column.name);
    }
  }
  return outcome;
}

function hasType(current: Record<string, unknown>, column: ListColumn): boolean {
  const facet = column.type === 'multilineText' ? 'text' : column.type === 'date' ? 'dateTime' : column.type;
  return typeof current[facet] === 'object' && current[facet] !== null;
}

export function summaryLine(outcome: ListOutcome): string {
  if (outcome.created) return `${outcome.displayName}: created, ${outcome.columns} columns`;
  const changes: string[] = [];
  if (outcome.addedColumns.length > 0) changes.push(`added ${outcome.addedColumns.length} (${outcome.addedColumns.join(', ')})`);
  if (outcome.indexedColumns.length > 0) changes.push(`indexed ${outcome.indexedColumns.length} (${outcome.indexedColumns.join(', ')})`);
  const changed = changes.length > 0 ? changes.join(', ') : 'nothing changed';
  const mismatch =
    outcome.mismatchedColumns.length > 0
      ? `; column type differs, fix by hand: ${outcome.mismatchedColumns.join(', ')}`
      : '';
  return `${outcome.displayName}: already present, ${outcome.columns} columns, ${changed}${mismatch}`;
}

function asArray(value: unknown): Array<Record<string, unknown>> {
  return Array.isArray(value) ? value.filter((v): v is Record<string, unknown> => typeof v === 'object' && v !== null) : [];
}

const PROVISION_USAGE =
  'Usage: npm run provision:sharepoint -- [--retention-label "LABEL NAME"]\n' +
  '  Creates (or completes) the SharePoint lists the bot records to, on SHAREPOINT_SITE_ID through GRAPH_BASE_URL, signed in as GRAPH_AUTH says (.env is read). Safe to run again: what is there is kept.\n' +
  '  --retention-label prints, for each list, the command that applies your retention label (Graph cannot set it).';

async function main(): Promise<number> {
  const argv = process.argv.slice(2);
  // Asked for, the usage is an answer (exit 0), not the settings it would need.
  if (argv.length === 1 && ['help', '--help', '-h'].includes(argv[0]!)) {
    console.log(PROVISION_USAGE);
    return 0;
  }
  // The arguments first: a mistyped option changes nothing, whatever the settings.
  let label: string | undefined;
  try {
    label = retentionLabelArgument(argv);
  } catch (error) {
    console.error(`provision-sharepoint: ${(error as Error).message}`);
    return 2;
  }
  // As the bot does (src/server.ts): variables already set win over the file.
  loadDotEnv();
  let settings: Readonly<GraphSettings>;
  try {
    settings = loadGraphSettings(process.env);
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(`provision-sharepoint: ${error.message}`);
      return 2;
    }
    throw error;
  }
  try {
    const client = createGraphClient(graphClientConfigFrom(settings));
    const siteId = settings.sharePointSiteId;
    const outcomes = await provisionSharePoint(client, siteId);
    for (const outcome of outcomes) console.log(summaryLine(outcome));
    if (label !== undefined) {
      const site = (await client.api(`/sites/${siteId}`).select('webUrl').get()) as { webUrl?: string };
      for (const line of retentionLabelLines(label, site.webUrl ?? siteId, outcomes.map((o) => o.displayName))) console.log(line);
    }
    return outcomes.some((o) => o.mismatchedColumns.length > 0) ? 1 : 0;
  } catch (error) {
    // Said as the bot says it at start: the file and its setting, not a sign-in that failed.
    if (error instanceof CertificateFileError) {
      console.error(`provision-sharepoint: ${error.message}. Nothing was changed.`);
      return 2;
    }
    const failure = describeThrown(error);
    const detail = failure.status === -1 ? unanswered(error, failure.code, settings) : `Graph answered HTTP ${failure.status} ${failure.code}`;
    const hint = failure.status === 403 ? ' — the app needs Sites.Manage.All (or Sites.Selected with manage rights) on the site' : '';
    console.error(`provision-sharepoint: ${detail}${hint}.`);
    return 1;
  }
}

/**
 * Why nothing came back, in words naming the settings to check: "no response from Graph (TypeError)"
 * said neither that the address could not be reached nor that the sign-in had failed first.
 */
function unanswered(error: unknown, name: string, settings: GraphSettings): string {
  const message = (error instanceof Error ? error.message : String(error)).split('\n')[0]!.slice(0, 200);
  switch (whyUnanswered(error)) {
    case 'unreachable':
      return `could not reach Graph at ${settings.baseUrl}: check GRAPH_BASE_URL, and that this machine can reach it (network, proxy, firewall)`;
    case 'sign-in':
      return `could not sign in to Microsoft Graph with GRAPH_AUTH=${settings.auth.kind} (${name}: ${message}): check AZURE_TENANT_ID, AZURE_CLIENT_ID and the secret or certificate (AZURE_CLIENT_SECRET, AZURE_CLIENT_CERTIFICATE_PATH), and that this machine can reach login.microsoftonline.com`;
    default:
      return `no response from Graph (${name}: ${message})`;
  }
}

if (require.main === module) {
  void main().then((code) => {
    process.exitCode = code;
  });
}
