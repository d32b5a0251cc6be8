/**
 * One test body run on each store: a SQLite file in a temp folder, and Azure Table Storage on a real
 * Azurite (started once for the block), each store fresh for the body and closed after it.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createSqliteCaseStore } from '../../src/adapters/sqlite/sqlite-case-store';
import { createAzureTableCaseStore } from '../../src/adapters/azure-tables/azure-table-case-store';
import type { CaseStore } from '../../src/ports/case-store';
import { startAzurite, type RunningAzurite } from './azurite';

export type OpenStore = () => Promise<{ store: CaseStore; cleanup: () => Promise<void> }>;

/** `body` declares the tests (it) of one store; `name` keeps the temp folders and table names apart. */
export function onBothStores(name: string, body: (open: OpenStore) => void): void {
  describe('on SQLite', () => {
    body(async () => {
      const dir = mkdtempSync(join(tmpdir(), `s20-${name}-`));
      const store = createSqliteCaseStore({ path: join(dir, 'cases.sqlite') });
      return { store, cleanup: async () => { await store.close(); rmSync(dir, { recursive: true, force: true }); } };
    });
  });

  describe('on Azure Table Storage (Azurite)', () => {
    let azurite: RunningAzurite | undefined;
    before(async function () {
      this.timeout(30_000);
      azurite = await startAzurite();
    });
    after(async () => {
      await azurite?.stop();
    });
    body(async () => {
      const store = createAzureTableCaseStore({ connectionString: azurite!.connectionString, tablePrefix: `${name}${process.pid}` });
      return { store, cleanup: () => store.close() };
    });
  });
}
