// The protocol core's public face: what src/cases, src/bot and the CLI import.
export * from './calendar-date';
export * from './rule-catalogue';
export * from './facts';
export * from './ruling';
