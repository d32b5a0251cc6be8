/**
 * The Azure Table Storage and Microsoft Graph adapters, loaded only when the configuration uses
 * them. A bot on its local SQLite store without Graph (a laptop, the tests) then never loads
 * @azure/data-tables, @azure/identity or the Graph client, which took about a tenth of its
 * start-up time and memory (npm run bench). The compiled bundle keeps each one as a module that
 * runs on its first require, so this holds for dist/server.js too.
 */
/* eslint-disable @typescript-eslint/no-require-imports */
import type * as Identity from '@azure/identity';
import type { TokenCredential } from '@azure/identity';
import type * as AzureTableStore from './azure-tables/azure-table-case-store';
import type * as GraphClient from './graph/graph-client';
import type * as GraphDirectory from './graph/graph-directory';
import type * as GraphMailer from './graph/graph-mailer';
import type * as GraphRecorder from './graph/graph-recorder';
import type * as GraphDocumentLibrary from './graph/graph-document-library';
import type * as GraphAppInstaller from './graph/graph-app-installer';

export function azureTableStoreModule(): typeof AzureTableStore {
  return require('./azure-tables/azure-table-case-store') as typeof AzureTableStore;
}

/** The managed identity: user-assigned when its client id is given, else the system-assigned one. */
export function managedIdentityCredential(clientId: string | undefined): TokenCredential {
  const { ManagedIdentityCredential } = require('@azure/identity') as typeof Identity;
  return clientId === undefined ? new ManagedIdentityCredential() : new ManagedIdentityCredential({ clientId });
}

export function graphModules(): typeof GraphClient & typeof GraphDirectory & typeof GraphMailer & typeof GraphRecorder & typeof GraphDocumentLibrary & typeof GraphAppInstaller {
  return {
    ...(require('./graph/graph-client') as typeof GraphClient),
    ...(require('./graph/graph-directory') as typeof GraphDirectory),
    ...(require('./graph/graph-mailer') as typeof GraphMailer),
    ...(require('./graph/graph-recorder') as typeof GraphRecorder),
    ...(require('./graph/graph-document-library') as typeof GraphDocumentLibrary),
    ...(require('./graph/graph-app-installer') as typeof GraphAppInstaller),
  };
}
