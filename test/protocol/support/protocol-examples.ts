/** The worked examples of docs/protocol/examples.json, read at test time so the tests follow the project's copy. */
import { readFileSync } from 'node:fs';
import { EXAMPLES_PATH } from './paths';

export interface RulingExample {
  name: string;
  facts: Record<string, unknown>;
  /** The full expected ruling, or `{ error: "…" }` for facts that must be refused. */
  expect: Record<string, unknown>;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function loadExamples(): RulingExample[] {
  const parsed: unknown = JSON.parse(readFileSync(EXAMPLES_PATH, 'utf8'));
  if (!Array.isArray(parsed)) throw new Error(`${EXAMPLES_PATH} is not a JSON array`);
  return parsed.map((item: unknown, index) => {
    if (!isRecord(item) || typeof item.name !== 'string' || !isRecord(item.facts) || !isRecord(item.expect)) {
      throw new Error(`${EXAMPLES_PATH}[${index}] is not { name, facts, expect }`);
    }
    return { name: item.name, facts: item.facts, expect: item.expect };
  });
}

export function isErrorExample(example: RulingExample): boolean {
  return 'error' in example.expect;
}

export function isOutOfScopeExample(example: RulingExample): boolean {
  return example.expect.inScope === false;
}

/** The court-route sentence is prose, so its exact words are not part of the contract. */
export function assertOutOfScopeReason(reason: unknown): void {
  if (typeof reason !== 'string' || reason.trim().length === 0) throw new Error(`reason is not a sentence: ${JSON.stringify(reason)}`);
  if (!/court/i.test(reason)) throw new Error(`reason does not point to the court route: ${reason}`);
  if (!/[.!]$/.test(reason.trim())) throw new Error(`reason is not a full sentence: ${reason}`);
}
