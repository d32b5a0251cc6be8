/**
 * Installs the Teams app for a person who never opened it, through Microsoft Graph, and reads the
 * 1:1 chat between them and the bot ("Send proactive installation messages",
 * https://learn.microsoft.com/microsoftteams/platform/graph-api/proactive-bots-and-messages/graph-proactive-bots-and-messages):
 *
 * 1. `POST /users/{id}/teamwork/installedApps` with `teamsApp@odata.bind` to the app in the
 *    organisation's catalog: 201 Created with no body ("Install app for user",
 *    https://learn.microsoft.com/graph/api/userteamwork-post-installedapps); 409 Conflict when it is
 *    already installed, which is normal: go on to read the chat.
 * 2. `GET /users/{id}/teamwork/installedApps?$expand=teamsApp&$filter=teamsApp/id eq '{catalog id}'`:
 *    the installation's id (the POST returns none).
 * 3. `GET /users/{id}/teamwork/installedApps/{installation id}/chat`: the chat's id (`19:…`)
 *    ("Get chat between user and teamsApp", https://learn.microsoft.com/graph/api/userscopeteamsappinstallation-get-chat).
 *
 * The least-privileged application permission is TeamsAppInstallation.ReadWriteSelfForUser.All,
 * which lets an app install only itself: Graph must be called as the app named in the manifest's
 * `webApplicationInfo` (the bot's own app id), not as the identity that writes the SharePoint lists.
 *
 * Failures come back typed: throttling and outages are retryable (TransientRecordError, with
 * Retry-After); a refusal no retry will fix (403 without the permission, 404 for an unknown person
 * or app) is an AppInstallError naming the status and Graph's code, never a person's details.
 */
import type { Client } from '@microsoft/microsoft-graph-client';
import { AppInstallError, type AppInstaller } from '../../ports/app-installer';
import { TransientRecordError } from '../../ports/recorder';
import { describeThrown, fromFailure } from './graph-failure';

export interface GraphAppInstallerDeps {
  /** A Graph client signed in as the bot's own app (see the file comment). */
  client: Client;
  /** The app's id in the organisation's app catalog (TEAMS_APP_CATALOG_ID), not the manifest's id. */
  catalogAppId: string;
}

/** What went wrong, for operators: what to check, by status. */
function refusal(step: string, error: unknown): AppInstallError | TransientRecordError {
  const failure = describeThrown(error);
  const typed = fromFailure(failure, `Teams app installation (${step})`);
  if (typed instanceof TransientRecordError) return typed;
  const detail = `HTTP ${failure.status} ${failure.code}`;
  if (failure.status === 403) {
    return new AppInstallError(`${step}: ${detail}. Grant the bot's app the Graph application permission TeamsAppInstallation.ReadWriteSelfForUser.All (admin consent), and check the manifest's webApplicationInfo names the bot's app id`, 'not-permitted');
  }
  if (failure.status === 404) return new AppInstallError(`${step}: ${detail}. Check TEAMS_APP_CATALOG_ID (the app's id in the organisation's app catalog) and that the person exists in Entra ID`, 'not-found');
  return new AppInstallError(`${step}: ${detail}`, 'refused');
}

export function createGraphAppInstaller(deps: GraphAppInstallerDeps): AppInstaller {
  const catalogId = deps.catalogAppId;
  return {
    async chatWith(userId: string): Promise<string> {
      const user = `/users/${encodeURIComponent(userId)}/teamwork/installedApps`;
      try {
        await deps.client.api(user).post({ 'teamsApp@odata.bind': `https://graph.microsoft.com/v1.0/appCatalogs/teamsApps/${catalogId}` });
      } catch (error) {
        // Already installed for them (they removed the chat, or another instance got there first): read the chat.
        if (describeThrown(error).status !== 409) throw refusal('install', error);
      }
      let installationId: string | undefined;
      try {
        const found = (await deps.client.api(user).query({ $expand: 'teamsApp', $filter: `teamsApp/id eq '${catalogId}'` }).get()) as { value?: Array<{ id?: unknown }> };
        const id = found.value?.[0]?.id;
        installationId = typeof id === 'string' ? id : undefined;
      } catch (error) {
        throw refusal('find the installation', error);
      }
      // Installed a moment ago but not listed yet: try again shortly.
      if (!installationId) throw new TransientRecordError('Teams app installation: installed, but not listed yet');
      try {
        const chat = (await deps.client.api(`${user}/${encodeURIComponent(installationId)}/chat`).get()) as { id?: unknown };
        if (typeof chat.id !== 'string' || !chat.id.startsWith('19:')) throw new TransientRecordError('Teams app installation: the chat has no id yet');
        return chat.id;
      } catch (error) {
        if (error instanceof TransientRecordError) throw error;
        throw refusal('read the chat', error);
      }
    },
  };
}
