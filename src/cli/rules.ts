/**
 * `npm run --silent rules -- --facts FILE|-`: the ruling for one child's facts, as JSON on stdout.
 * Exit 0 with a ruling; exit 2 with one line on stderr for bad input. Never a stack trace.
 */
import { readTextFile } from '../config/text-file';
import { describeFactsProblems, parseFacts, ruleOn } from '../protocol';

const USAGE = 'Usage: npm run --silent rules -- --facts FILE   (or --facts - to read the facts from standard input)';

class UsageError extends Error {}

/** Control characters (a file name or argument may hold a line break) shown escaped, so stderr stays one line. */
function oneLine(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u001f\u007f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

function factsPath(argv: readonly string[]): string {
  const index = argv.indexOf('--facts');
  const inline = argv.find((arg) => arg.startsWith('--facts='));
  const path = inline ? inline.slice('--facts='.length) : index >= 0 ? argv[index + 1] : undefined;
  // An argument not understood is named first: `rules bogus` is not "Missing --facts".
  const unknown = argv.filter((arg, i) => !(arg === '--facts' || arg === inline || (index >= 0 && i === index + 1)));
  if (unknown.length > 0) throw new UsageError(`Unknown argument ${unknown[0]}. ${USAGE}`);
  if (path === undefined || path === '') throw new UsageError(`Missing --facts. ${USAGE}`);
  return path;
}

function readFacts(path: string): unknown {
  let text: string;
  try {
    text = readTextFile(path === '-' ? 0 : path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const source = path === '-' ? 'standard input' : `the facts file ${path}`;
    throw new UsageError(code === 'ENOENT' ? `No facts file at ${path}` : `Cannot read ${source} (${code ?? 'unknown error'})`);
  }
  try {
    return JSON.parse(text);
  } catch {
    throw new UsageError(`The facts in ${path === '-' ? 'standard input' : path} are not valid JSON`);
  }
}

export function main(argv: readonly string[]): number {
  // Asked for, the usage is an answer (exit 0), not "Missing --facts." (exit 2).
  if (argv.length === 1 && ['help', '--help', '-h'].includes(argv[0]!)) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  try {
    const parsed = parseFacts(readFacts(factsPath(argv)));
    if (!parsed.ok) {
      process.stderr.write(`${oneLine(describeFactsProblems(parsed.problems))}\n`);
      return 2;
    }
    process.stdout.write(`${JSON.stringify(ruleOn(parsed.facts), null, 2)}\n`);
    return 0;
  } catch (error) {
    if (error instanceof UsageError) {
      process.stderr.write(`${oneLine(error.message)}\n`);
      return 2;
    }
    process.stderr.write('The rules command failed unexpectedly; please report this to support.\n');
    return 1;
  }
}

if (require.main === module) process.exitCode = main(process.argv.slice(2));
