/** The request/response shapes shared by the local Graph server's parts (top-level requests and $batch sub-requests alike). */

export interface GraphOperation {
  method: string;
  /** Path below the version segment, always with a leading slash: `/sites/x/lists`. */
  path: string;
  query: URLSearchParams;
  /** Header names in lower case. */
  headers: Record<string, string>;
  body: unknown;
  /** The body as bytes, for a file's content (not JSON). */
  rawBody?: Buffer;
  /** True for a sub-request of a $batch. */
  inBatch: boolean;
}

export interface GraphReply {
  status: number;
  headers?: Record<string, string>;
  body?: unknown;
}

/** A Graph error response: `{"error":{"code","message","innerError":{…}}}` with its status. */
export class GraphHttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

export function errorReply(error: GraphHttpError, requestId: string): GraphReply {
  return {
    status: error.status,
    headers: { 'Content-Type': 'application/json', ...error.headers },
    body: {
      error: {
        code: error.code,
        message: error.message,
        innerError: { date: new Date().toISOString().replace(/\.\d{3}Z$/, ''), 'request-id': requestId, 'client-request-id': requestId },
      },
    },
  };
}

export function jsonReply(status: number, body: unknown, headers: Record<string, string> = {}): GraphReply {
  return { status, headers: { 'Content-Type': 'application/json', ...headers }, body };
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
