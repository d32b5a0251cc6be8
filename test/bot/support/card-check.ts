/** Parses an expanded card with the official adaptivecards library and lists what it objects to. */
import { createRequire } from 'node:module';

// The package's main entry needs a browser; its dist bundle loads in Node (platform-facts).
const requireCjs = createRequire(__filename);
interface ValidationEventLike { message: string }
interface AdaptiveCardsModule {
  AdaptiveCard: new () => {
    parse(json: unknown, context: unknown): void;
    toJSON(context: unknown): unknown;
    validateProperties(): { validationEvents: ValidationEventLike[] };
  };
  SerializationContext: new () => { eventCount: number; getEventAt(i: number): ValidationEventLike };
}
const AC = requireCjs('adaptivecards/dist/adaptivecards.js') as AdaptiveCardsModule;

/** Keys the parser dropped: unknown properties (a default value like `false` is dropped too, and allowed). */
function droppedKeys(input: unknown, output: unknown, path: string, found: string[]): void {
  if (Array.isArray(input)) {
    const out = Array.isArray(output) ? output : [];
    input.forEach((item, i) => droppedKeys(item, out[i], `${path}[${i}]`, found));
    return;
  }
  if (typeof input !== 'object' || input === null) return;
  const out = (typeof output === 'object' && output !== null ? output : {}) as Record<string, unknown>;
  for (const [key, value] of Object.entries(input as Record<string, unknown>)) {
    if (key === 'data') continue; // Action data is free-form.
    if (!(key in out)) {
      if (value === false || value === '' || (Array.isArray(value) && value.length === 0)) continue;
      found.push(`${path}.${key}`);
      continue;
    }
    droppedKeys(value, out[key], `${path}.${key}`, found);
  }
}

export function cardProblems(card: unknown): string[] {
  const problems: string[] = [];
  const parsed = new AC.AdaptiveCard();
  const context = new AC.SerializationContext();
  parsed.parse(card, context);
  for (let i = 0; i < context.eventCount; i++) problems.push(`parse: ${context.getEventAt(i).message}`);
  for (const event of parsed.validateProperties().validationEvents) problems.push(`validate: ${event.message}`);
  const unknown: string[] = [];
  droppedKeys(card, parsed.toJSON(new AC.SerializationContext()), '$', unknown);
  problems.push(...unknown.map((p) => `unknown property ${p}`));
  if (JSON.stringify(card).includes('${')) problems.push('unexpanded template expression');
  return problems;
}
