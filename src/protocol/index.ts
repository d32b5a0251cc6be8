// The protocol core's public face: what src/cases, src/bot and the CLI import.
export * from './calendar-date';
export * from './rule-catalogue';
export * from './facts';
export * from './ruling';
export * from './case-people';
export * from './case-state';
export * from './case-events';
export * from './case-effects';
export * from './case-policy';
export * from './refusal';
export * from './transition';
export * from './open-case';
export * from './iro-view';
export * from './case-closure';
