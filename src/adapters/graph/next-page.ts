/**
 * Following a collection's `@odata.nextLink`. Graph gives an absolute link
 * (`https://graph.microsoft.com/v1.0/groups/…?$skiptoken=…`); the page is asked for below the
 * client's own base URL and version, whatever host the link names, so the link is only ever a path
 * and query to this bot (a national cloud or the local Graph server alike).
 */
const VERSION_SEGMENT = /^\/(v1\.0|beta)(?=\/)/;

/** The path and query to give `client.api()` for a page's nextLink, or undefined on the last page. */
export function nextPagePath(page: unknown): string | undefined {
  const link = typeof page === 'object' && page !== null ? (page as Record<string, unknown>)['@odata.nextLink'] : undefined;
  if (typeof link !== 'string' || link === '') return undefined;
  const url = new URL(link, 'https://graph.invalid');
  return `${url.pathname.replace(VERSION_SEGMENT, '')}${url.search}`;
}
