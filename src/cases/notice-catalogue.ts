/**
 * One entry per notice kind: its headline, its words, what it is in a few words, whether it only
 * informs, and its colour. The notice texts, the undelivered list and the notice card all read
 * it here; a notice kind without an entry fails the build (Record over NoticeKind).
 */
import type { NoticeKind } from '../protocol';
import { CORE_NOTICES } from './core-notice-text';
import { HANDOVER_NOTICES } from './handover-notice-text';
import { LETTER_NOTICES } from './letter-notice-text';
import { LIFECYCLE_NOTICES } from './lifecycle-notice-text';
import type { NoticeDeclaration } from './notice-declaration';

export type { NoticeDeclaration } from './notice-declaration';

export const NOTICE_CATALOGUE: Record<NoticeKind, NoticeDeclaration> = { ...CORE_NOTICES, ...LIFECYCLE_NOTICES, ...LETTER_NOTICES, ...HANDOVER_NOTICES };
