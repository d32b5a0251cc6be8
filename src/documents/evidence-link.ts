/**
 * A link to a piece of NSPCC framework evidence (R-PLAN-3): where the social worker uploaded it, in
 * SharePoint or the case-record system. Checked as a web address (http or https, with a host) so
 * the decision record can list where each piece is, instead of a bare tick.
 */
export type EvidenceLinkCheck = { ok: true; url: string } | { ok: false; message: string };

export const EVIDENCE_LINK_MAX = 2000;

export function checkEvidenceLink(text: string): EvidenceLinkCheck {
  const value = text.trim();
  const problem = 'must be the web address of the document (starting with https), copied from SharePoint or the case-record system';
  if (value.length > EVIDENCE_LINK_MAX) return { ok: false, message: `is longer than ${EVIDENCE_LINK_MAX} characters: ${problem}` };
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return { ok: false, message: problem };
  }
  if ((url.protocol !== 'https:' && url.protocol !== 'http:') || url.hostname === '') return { ok: false, message: problem };
  return { ok: true, url: url.href };
}
