/**
 * The organisation file as it stands: read at start-up (a bad file stops the bot with one line per
 * problem) and read again whenever it changes, so an edit takes effect on every instance without a
 * restart. A bad edit is refused with one line naming its problems; the last good file stays in force.
 */
import { statSync } from 'node:fs';
import { readTextFile } from '../config/text-file';
import { duplicateKeys } from './duplicate-json-keys';
import { Organisation, OrganisationError, parseOrganisation } from './organisation';

export interface OrganisationSource {
  /** The organisation in force now. */
  current(): Organisation;
}

/** A fixed organisation (tests, tools). */
export const fixedOrganisation = (org: Organisation): OrganisationSource => ({ current: () => org });

export function readOrganisation(path: string): Organisation {
  let text: string;
  try {
    // Without a byte order mark (Notepad's "UTF-8 with BOM"), which is not part of the JSON.
    text = readTextFile(path);
  } catch {
    throw new OrganisationError([`cannot read the file ${path} (set ROLES_FILE)`], 'organisation file');
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new OrganisationError([`it is not valid JSON (${jsonProblem(text, (error as Error).message)})`], `organisation file ${path}`);
  }
  const twice = duplicateKeys(text);
  if (twice.length > 0) throw new OrganisationError(twice, `organisation file ${path}`);
  return parseOrganisation(json, `organisation file ${path}`);
}

/**
 * JSON.parse's words with the line and column of the mistake, as an editor shows them: Node 20
 * gives only a character position ("at position 4213"), which nobody can find in a file.
 */
function jsonProblem(body: string, message: string): string {
  const at = /\s*in JSON at position (\d+)(?: \(line \d+ column \d+\))?/.exec(message);
  if (!at) return message.slice(0, 120);
  const before = body.slice(0, Number(at[1]));
  const line = before.split('\n').length;
  const column = before.length - before.lastIndexOf('\n');
  return `${message.slice(0, at.index).slice(0, 120)}, at line ${line}, column ${column}`;
}

export interface FileOrganisationOptions {
  /** How often, at most, the file's size and time are looked at (ms). Default 2000. */
  checkEveryMs?: number;
  now?: () => number;
  /** Told once per refused edit: one line, naming the problems. */
  onRefused?: (line: string) => void;
  /** Told when a changed file was taken into force. */
  onReloaded?: () => void;
}

export class FileOrganisation implements OrganisationSource {
  private org: Organisation;
  private stamp: string;
  private checkedAt: number;
  private refusedStamp: string | null = null;
  private readonly now: () => number;

  /** Throws OrganisationError when the file cannot be used: the bot does not start on a bad file. */
  constructor(private readonly path: string, private readonly options: FileOrganisationOptions = {}) {
    this.now = options.now ?? Date.now;
    this.stamp = this.stampOf();
    this.org = readOrganisation(path);
    this.checkedAt = this.now();
  }

  private stampOf(): string {
    try {
      const s = statSync(this.path);
      return `${s.mtimeMs}:${s.size}:${s.ino}`;
    } catch {
      return 'missing';
    }
  }

  current(): Organisation {
    if (this.now() - this.checkedAt >= (this.options.checkEveryMs ?? 2000)) this.reload();
    return this.org;
  }

  /** Reads the file again if it changed. Returns the problems of a refused edit, if any. */
  reload(): string | undefined {
    this.checkedAt = this.now();
    const stamp = this.stampOf();
    if (stamp === this.stamp) return undefined;
    try {
      this.org = readOrganisation(this.path);
      this.stamp = stamp;
      this.refusedStamp = null;
      this.options.onReloaded?.();
      return undefined;
    } catch (error) {
      if (!(error instanceof OrganisationError)) throw error;
      const line = `${error.message}. The last good organisation file stays in force until it is corrected.`;
      // Said once per bad edit, not at every check.
      if (this.refusedStamp !== stamp) this.options.onRefused?.(line);
      this.refusedStamp = stamp;
      return line;
    }
  }
}
