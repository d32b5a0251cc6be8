/**
 * A link that opens the person's chat with the app in Teams, for a request mail: Microsoft's "Deep
 * link to a chat with the application",
 * https://learn.microsoft.com/microsoftteams/platform/concepts/build-and-test/deep-link-application
 * (`https://teams.microsoft.com/l/entity/<appId>/conversations?tenantId=<tenantId>`). For an app
 * uploaded in the Teams admin centre, <appId> is its id in the organisation's app catalog
 * (TEAMS_APP_CATALOG_ID), not the manifest's id; without it there is no link that is sure to work,
 * so none is given and the mail's words say what to type in Teams.
 */
export function teamsAppChatLink(appCatalogId: string | undefined, tenantId: string | undefined): string | undefined {
  if (!appCatalogId || !tenantId) return undefined;
  return `https://teams.microsoft.com/l/entity/${encodeURIComponent(appCatalogId)}/conversations?tenantId=${encodeURIComponent(tenantId)}`;
}
