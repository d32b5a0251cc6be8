/**
 * Libraries' console output, turned into JSON log lines (issue 15, L1). botbuilder writes to the
 * console when it refuses a token (a stack trace for an expired one, the key for a bad signature)
 * and may write a request's activity in other paths: raw lines outside the JSON log, which could
 * echo what a request carried. The server logs each such refusal itself, so what a library
 * prints becomes one debug line naming the stream and, for an Error, its name: never its text.
 */
import type { Logger } from './logger';

const STREAMS = ['error', 'warn', 'log', 'info', 'debug'] as const;

export function routeConsoleToLogger(logger: Logger): void {
  for (const stream of STREAMS) {
    console[stream] = (...args: unknown[]) => {
      const error = args.find((arg): arg is Error => arg instanceof Error);
      logger.debug('library console output', { stream, errorName: error?.name });
    };
  }
}
