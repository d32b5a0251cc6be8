/** The rule ids and sources of docs/protocol/rules.md, read from its tables (`| R-SIGN-2 | rule | P:18 |`). */
import { readFileSync } from 'node:fs';
import { RULES_MD_PATH } from './paths';

export interface DocumentedRule {
  id: string;
  source: string;
}

const RULE_ROW = /^\|\s*(R-[A-Z]+-\d+)\s*\|.*\|\s*([^|]+?)\s*\|\s*$/;

export function documentedRules(text: string = readFileSync(RULES_MD_PATH, 'utf8')): DocumentedRule[] {
  return text
    .split(/\r?\n/)
    .map((line) => RULE_ROW.exec(line))
    .filter((match): match is RegExpExecArray => match !== null)
    .map((match) => ({ id: match[1] ?? '', source: match[2] ?? '' }));
}
