/**
 * The two tables of an Azure Tables store and the small reads and writes every port's file shares:
 * creating the tables on first use, a point read, a query, a write that may lose a race, reading a
 * case entity. See DESIGN.md beside this file.
 */
import { TableClient, odata } from '@azure/data-tables';
import type { TokenCredential } from '@azure/identity';
import { StoreClosedError, isRaceLost, statusOf } from './azure-table-errors';
import { toCaseEntity, type CaseEntity, type Row } from './azure-table-rows';
import { CASE_ROW, encodeKey, prefixEnd } from './table-keys';

/**
 * How to reach the account: a connection string (Azurite's well-known one in development and
 * tests), or, on Azure, the account's table endpoint and a token credential (the managed
 * identity, holding Storage Table Data Contributor), so no account key exists to leak.
 */
export type AzureTableAccount = { connectionString: string } | { accountUrl: string; credential: TokenCredential };

/** A TableClient for one table of the account. */
export function tableClient(account: AzureTableAccount, tableName: string, options: { retries?: number } = {}): TableClient {
  const retryOptions = options.retries === undefined ? {} : { retryOptions: { maxRetries: options.retries } };
  if ('accountUrl' in account) return new TableClient(account.accountUrl, tableName, account.credential, retryOptions);
  const insecure = /DefaultEndpointsProtocol=http;|TableEndpoint=http:/i.test(account.connectionString);
  return TableClient.fromConnectionString(account.connectionString, tableName, { allowInsecureConnection: insecure, ...retryOptions });
}

// Parallel reads per call (verifying hints): enough to hide latency, not a flood.
export const READ_CONCURRENCY = 16;

/** Runs `task` over `items` with at most `limit` in flight; results in input order. */
export async function mapConcurrently<T, R>(items: readonly T[], limit: number, task: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const lanes = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const n = next++;
      results[n] = await task(items[n] as T);
    }
  });
  await Promise.all(lanes);
  return results;
}

/** The `<prefix>Cases` and `<prefix>Index` tables, created on first use. */
export class AzureTables {
  readonly cases: TableClient;
  readonly index: TableClient;
  /** The index table without the client's retries, for /readyz: an account not reached is told at once, not after 5 s of retrying. */
  readonly probe: TableClient;
  private readiness: Promise<void> | null = null;
  private closed = false;
  /** Run once the tables exist, before anything else uses them (the index's upgrades). */
  upgrade: (() => Promise<void>) | null = null;

  constructor(account: AzureTableAccount, prefix: string) {
    // Table names: 3–63 letters and digits, starting with a letter.
    if (!/^[A-Za-z][A-Za-z0-9]{0,57}$/.test(prefix)) {
      throw new RangeError(`tablePrefix must be 1–58 letters and digits starting with a letter, got ${JSON.stringify(prefix)}`);
    }
    this.cases = tableClient(account, `${prefix}Cases`);
    this.index = tableClient(account, `${prefix}Index`);
    this.probe = tableClient(account, `${prefix}Index`, { retries: 0 });
  }

  /** Creates the tables on first use (idempotent), then upgrades the index; a failure is retried by the next call. */
  async ready(): Promise<void> {
    if (this.closed) throw new StoreClosedError();
    this.readiness ??= Promise.all([this.cases.createTable(), this.index.createTable()]).then(async () => this.upgrade?.()).then(
      () => undefined,
      (error: unknown) => {
        this.readiness = null;
        throw error;
      },
    );
    return this.readiness;
  }

  /** Later calls are refused (HTTP connections are pooled by Node: nothing to release). */
  close(): void {
    this.closed = true;
  }

  async getRow(table: TableClient, partitionKey: string, rowKey: string): Promise<Row | undefined> {
    try {
      return await table.getEntity<Record<string, unknown>>(partitionKey, rowKey);
    } catch (error) {
      if (statusOf(error) === 404) return undefined;
      throw error;
    }
  }

  async query(table: TableClient, filter: string, select?: string[], first?: boolean): Promise<Row[]> {
    const rows: Row[] = [];
    const queryOptions = select ? { filter, select } : { filter };
    // The SDK follows continuation tokens: a page may come back empty before the match.
    for await (const row of table.listEntities<Record<string, unknown>>({ queryOptions })) {
      rows.push(row);
      if (first) break;
    }
    return rows;
  }

  /** The rows of one case partition whose RowKey starts with `prefix`. */
  partitionRange(partitionKey: string, prefix: string): string {
    return odata`PartitionKey eq ${partitionKey} and RowKey ge ${prefix} and RowKey lt ${prefixEnd(prefix)}`;
  }

  async readCase(caseId: string): Promise<CaseEntity | undefined> {
    const row = await this.getRow(this.cases, encodeKey(caseId, 'caseId'), CASE_ROW);
    return row && toCaseEntity(row);
  }

  /** A write that may lose a race: true if it happened, false if another writer got there first. */
  async attempt(write: () => Promise<unknown>): Promise<boolean> {
    try {
      await write();
      return true;
    } catch (error) {
      if (isRaceLost(error)) return false;
      throw error;
    }
  }
}
