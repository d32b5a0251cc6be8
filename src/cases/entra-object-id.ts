/**
 * An Entra object id as the bot compares it. Object ids are GUIDs, and GUIDs are case-insensitive:
 * Teams sends them in lower case, but one pasted into the organisation file in capitals, or with a
 * space either side, would otherwise never match the person. A GUID is trimmed and lower-cased;
 * anything else (a Bot Framework id, a test's name) is only trimmed, so no two different ids meet.
 */
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function entraObjectId(id: string): string {
  const trimmed = id.trim();
  return GUID.test(trimmed) ? trimmed.toLowerCase() : trimmed;
}
