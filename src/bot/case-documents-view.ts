/**
 * The case card's "Documents" part: a link to each document of the case file in SharePoint (or,
 * without Graph, that the bot keeps it and support staff can give it as a file), and the Head of
 * Service's written agreement to copy into the case-record system. The agreement's words hold no
 * child's name or date of birth (those are only inside the documents).
 */
import type { CaseState } from '../protocol';
import { APP_NAME } from '../protocol';
import type { CaseDocumentLink } from '../documents/document-links';
import { headOfServiceAgreementText } from '../documents/compose/head-of-service-agreement';

export interface CaseDocumentsCardData {
  shown: boolean;
  items: { title: string; url: string; hasUrl: boolean; note: string }[];
  agreement: { shown: boolean; heading: string; text: string };
}

export interface DocumentsViewContext {
  links: readonly CaseDocumentLink[];
  organisation: { name: string; directorTitle: string; caseRecordSystemName: string };
  timeZone: string;
}

export function caseDocumentsData(state: CaseState, ctx: DocumentsViewContext): CaseDocumentsCardData {
  const items = ctx.links.map((link) => {
    const title = `${link.title}${/ \d+\.docx$/.test(link.fileName) ? ` (${link.fileName.replace(/^.* (\d+)\.docx$/, 'version $1')})` : ''}`;
    return link.webUrl
      ? { title, url: link.webUrl, hasUrl: true, note: '' }
      : { title, url: '', hasUrl: false, note: `Kept by ${APP_NAME} as ${link.fileName}: support staff can give it to you as a file.` };
  });
  const org = ctx.organisation;
  const text = headOfServiceAgreementText(state, { organisationName: org.name, directorTitle: org.directorTitle, caseRecordSystemName: org.caseRecordSystemName, timeZone: ctx.timeZone });
  return {
    shown: items.length > 0 || text !== null,
    items,
    agreement: { shown: text !== null, heading: `The Head of Service's written agreement, to copy into the case notes in ${org.caseRecordSystemName} (R-SIGN-4)`, text: text ?? '' },
  };
}

export const NO_DOCUMENTS: CaseDocumentsCardData = { shown: false, items: [], agreement: { shown: false, heading: '', text: '' } };
