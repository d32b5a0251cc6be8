/**
 * Files people write by hand (.env, the organisation file, a facts file for `npm run rules`, the
 * deployment's parameters), read as the text they typed. Windows editors (Notepad's "UTF-8 with
 * BOM", PowerShell 5's `Out-File -Encoding utf8`) put a byte order mark at the start, which Node
 * keeps: JSON.parse then refuses the file, and .env takes it as part of the first setting's name.
 */
import { readFileSync } from 'node:fs';

const BYTE_ORDER_MARK = /^\uFEFF/;

export function withoutByteOrderMark(text: string): string {
  return text.replace(BYTE_ORDER_MARK, '');
}

/** The file (or, given 0, standard input) as UTF-8 text without a byte order mark. Throws as readFileSync does. */
export function readTextFile(path: string | 0): string {
  return withoutByteOrderMark(readFileSync(path, 'utf8'));
}
