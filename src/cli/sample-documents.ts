/**
 * Writes every document of the case file for the made-up sample cases (src/documents/sample-cases.ts),
 * as the bot would keep them, into a folder:
 *   npm run --silent documents:sample -- --out DIR
 * Each case's documents come out as the case service makes them: the documents each event made new
 * or changed, the last version of each kept. Exit 0 on success, 2 on bad usage.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { draftLetter } from '../bot/letter-draft';
import { documentOutboxItems, type CaseDocumentSettings, type DocumentPayload } from '../documents/case-documents';
import type { CaseDocument } from '../documents/document-model';
import { renderDocx } from '../documents/render-docx';
import { sampleCases } from '../documents/sample-cases';

export const SAMPLE_SETTINGS: CaseDocumentSettings = {
  organisationName: 'Mossbank Council',
  directorTitle: "Director of Children's Services",
  caseRecordSystemName: 'the case-record system',
  timeZone: 'Europe/London',
  draftLetter: (state) => draftLetter(state, { organisationName: 'Mossbank Council', directorTitle: "Director of Children's Services", timeZone: 'Europe/London', now: new Date(state.letter?.at ?? state.updatedAt) }),
};

/** The last version of every document each sample case made, in the order first made. */
export function sampleDocuments(settings: CaseDocumentSettings = SAMPLE_SETTINGS): CaseDocument[] {
  const latest = new Map<string, CaseDocument>();
  for (const sample of sampleCases()) {
    sample.states.forEach((state, i) => {
      for (const item of documentOutboxItems(i === 0 ? null : sample.states[i - 1]!, state, i + 1, settings)) {
        const { document } = item.payload as DocumentPayload;
        latest.set(`${document.caseRef}:${document.docId}`, document);
      }
    });
  }
  return [...latest.values()];
}

export async function writeSampleDocuments(dir: string): Promise<string[]> {
  mkdirSync(dir, { recursive: true });
  const written: string[] = [];
  for (const doc of sampleDocuments()) {
    const path = join(dir, doc.fileName);
    writeFileSync(path, await renderDocx(doc, SAMPLE_SETTINGS));
    written.push(path);
  }
  return written;
}

const USAGE = 'Usage: npm run --silent documents:sample -- --out DIR   (writes the case file\'s documents of made-up sample cases, as .docx files, into DIR)';

/** The folder to write to, or why the arguments cannot be used (nothing is written then). */
export function sampleOutDir(argv: readonly string[]): { dir: string } | { problem: string } {
  const i = argv.indexOf('--out');
  const dir = i >= 0 ? argv[i + 1] : undefined;
  // "--out --json" took the option for the folder's name and wrote into a folder called "--json".
  if (i >= 0 && (dir === undefined || dir === '' || dir.startsWith('--'))) return { problem: `--out needs a folder, e.g. --out sample-documents. Nothing was written. ${USAGE}` };
  const unknown = argv.find((_, at) => i < 0 || (at !== i && at !== i + 1));
  if (unknown !== undefined) return { problem: `Unknown argument ${JSON.stringify(unknown)}. Nothing was written. ${USAGE}` };
  if (dir === undefined) return { problem: USAGE };
  return { dir };
}

async function main(argv: string[]): Promise<number> {
  // Asked for, the usage is an answer (exit 0, on standard output).
  if (argv.length === 1 && ['help', '--help', '-h'].includes(argv[0]!)) {
    console.log(USAGE);
    return 0;
  }
  const out = sampleOutDir(argv);
  if ('problem' in out) {
    console.error(out.problem);
    return 2;
  }
  const dir = out.dir;
  const written = await writeSampleDocuments(resolve(dir));
  console.log(`Wrote ${written.length} documents for the sample cases:`);
  for (const path of written) console.log(`  ${path}`);
  return 0;
}

if (require.main === module) {
  main(process.argv.slice(2)).then((code) => process.exit(code), (error: unknown) => {
    // The code and the path (EACCES, ENOSPC …), not only "Error": what to change is then plain.
    const code = (error as NodeJS.ErrnoException | null)?.code;
    const path = (error as NodeJS.ErrnoException | null)?.path;
    console.error(`Could not write the sample documents: ${code ? `${code}${path ? ` at ${path}` : ''}` : error instanceof Error ? error.name : 'error'}. Choose a folder you can write to with --out DIR.`);
    process.exit(1);
  });
}
