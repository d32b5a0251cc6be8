/**
 * What /readyz checks for the running app: the store takes a write; on SQLite, its file is still the
 * one the bot opened and the disk holding it has room; with Graph configured, Microsoft Graph answers for the SharePoint site (the same
 * service and token the directory look-ups use, so a failure here means role checks through
 * Entra groups and the records would fail too).
 */
import type { App } from '../app';
import { diskSpaceCheck, ReadinessProblem, storeFileInPlace, type ReadinessCheck } from './readiness';

export function appReadinessChecks(app: Pick<App, 'config' | 'store' | 'graphClient'>, now: () => Date = () => new Date()): ReadinessCheck[] {
  const store = app.config.store;
  const inPlace = store.kind === 'sqlite' ? storeFileInPlace(app.config.localFiles.cases) : undefined;
  const checks: ReadinessCheck[] = [
    {
      name: 'case store writable',
      async run() {
        await app.store.checkWritable(now().toISOString());
        await inPlace?.();
      },
    },
  ];
  if (store.kind === 'sqlite') checks.push(diskSpaceCheck(store.dataDir));
  const graph = app.config.graph;
  const client = app.graphClient;
  if (graph && client) {
    checks.push({
      name: 'Microsoft Graph (directory and SharePoint)',
      async run() {
        const site = (await client.api(`/sites/${graph.sharePointSiteId}`).select('id').get()) as { id?: unknown } | null;
        if (typeof site?.id !== 'string') throw new ReadinessProblem('Graph answered without the SharePoint site');
      },
    });
  }
  return checks;
}
