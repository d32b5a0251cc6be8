/** The only source of "now" outside tests; src/protocol never reads a clock. */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };
