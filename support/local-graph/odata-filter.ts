/**
 * The small part of OData `$filter` that SharePoint list queries through Graph accept and that we use:
 * `fields/Name op literal` (or `name op literal` for list properties) joined by `and` / `or`
 * (`and` binds tighter; no parentheses). Anything else is refused as Graph would: a 400.
 */

export type FilterLiteral = string | number | boolean | null;
export type FilterOperator = 'eq' | 'ne' | 'lt' | 'le' | 'gt' | 'ge';

export interface FilterComparison {
  /** The property name without any `fields/` prefix. */
  property: string;
  /** True when written as `fields/Name` (a list item column) rather than a plain property. */
  onFields: boolean;
  operator: FilterOperator;
  value: FilterLiteral;
}

/** Disjunction of conjunctions: `[[a, b], [c]]` means `(a and b) or c`. */
export type FilterExpression = FilterComparison[][];

export class FilterSyntaxError extends Error {}

const COMPARISON =
  /^\s*(fields\/)?([A-Za-z_][A-Za-z0-9_]*)\s+(eq|ne|lt|le|gt|ge)\s+('(?:[^']|'')*'|-?\d+(?:\.\d+)?|true|false|null)\s*/;
const JOINER = /^(and|or)\s+/;

export function parseFilter(text: string): FilterExpression {
  const expression: FilterExpression = [[]];
  let rest = text.trim();
  if (rest === '') throw new FilterSyntaxError('The $filter expression is empty.');
  for (;;) {
    const match = COMPARISON.exec(rest);
    if (!match) throw new FilterSyntaxError(`Invalid filter clause near '${rest.slice(0, 40)}'.`);
    const [whole, fieldsPrefix, property, operator, literal] = match;
    const current = expression[expression.length - 1];
    current?.push({
      property: property ?? '',
      onFields: fieldsPrefix !== undefined,
      operator: operator as FilterOperator,
      value: parseLiteral(literal ?? ''),
    });
    rest = rest.slice(whole.length);
    if (rest === '') return expression;
    const joiner = JOINER.exec(rest);
    if (!joiner) throw new FilterSyntaxError(`Invalid filter clause near '${rest.slice(0, 40)}'.`);
    if (joiner[1] === 'or') expression.push([]);
    rest = rest.slice(joiner[0].length);
  }
}

function parseLiteral(literal: string): FilterLiteral {
  if (literal.startsWith("'")) return literal.slice(1, -1).replace(/''/g, "'");
  if (literal === 'true') return true;
  if (literal === 'false') return false;
  if (literal === 'null') return null;
  return Number(literal);
}

/** Every comparison in the expression, for checks such as "is this column indexed". */
export function comparisonsOf(expression: FilterExpression): FilterComparison[] {
  return expression.flat();
}

export function matchesFilter(
  expression: FilterExpression,
  valueOf: (comparison: FilterComparison) => FilterLiteral | undefined,
  normalise: (comparison: FilterComparison, value: FilterLiteral) => FilterLiteral = (_c, v) => v,
): boolean {
  return expression.some((conjunction) =>
    conjunction.every((comparison) => {
      const actual = valueOf(comparison);
      const left = actual === undefined ? null : normalise(comparison, actual);
      const right = normalise(comparison, comparison.value);
      return compare(left, comparison.operator, right);
    }),
  );
}

function compare(left: FilterLiteral, operator: FilterOperator, right: FilterLiteral): boolean {
  switch (operator) {
    case 'eq':
      return left === right;
    case 'ne':
      return left !== right;
    default: {
      if (left === null || right === null) return false;
      if (typeof left !== typeof right) return false;
      const l = left as string | number;
      const r = right as string | number;
      if (operator === 'lt') return l < r;
      if (operator === 'le') return l <= r;
      if (operator === 'gt') return l > r;
      return l >= r;
    }
  }
}
