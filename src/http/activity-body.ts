/**
 * Reads the body of POST /api/messages, and refuses what the Bot Framework never sends before
 * reading more of it than it must (issue 15, H2 and M1):
 * - only `application/json` (415 otherwise): there is no multipart or form parser at all, so
 *   nothing is ever streamed to a temp folder;
 * - no compressed bodies (415): a small gzip could expand past the limit after it was checked;
 * - at most MAX_ACTIVITY_BYTES (413): refused on the declared Content-Length before a byte is
 *   read, or as soon as a chunked body passes the limit;
 * - with an app id, a request without an Authorization header is refused (401) unread.
 * A refusal closes the connection, so Node does not go on reading the rest of a large body.
 */
import type { IncomingMessage } from 'node:http';

/**
 * A Bot Framework activity is well under this: Teams caps a message at 100 KB counted in UTF-16,
 * which is at most about 150 KB of UTF-8, and a card action carries a form's values.
 */
export const MAX_ACTIVITY_BYTES = 256 * 1024;

export type BodyRefusal = { ok: false; status: 400 | 401 | 413 | 415; code: string; message: string };
export type BodyResult = { ok: true; body: unknown } | BodyRefusal;

export interface BodyRules {
  maxBytes?: number;
  /** True when an app id is set: a request without a token is refused before its body is read. */
  requireAuthorization: boolean;
}

const refuse = (status: BodyRefusal['status'], code: string, message: string): BodyRefusal => ({ ok: false, status, code, message });

/** `application/json`, with or without parameters such as `charset=utf-8`. */
function isJson(contentType: string | undefined): boolean {
  const type = (contentType ?? '').split(';')[0]!.trim().toLowerCase();
  return type === 'application/json';
}

/** What is wrong with the request's headers, or null: decided before any of the body is read. */
export function headerRefusal(req: IncomingMessage, rules: BodyRules): BodyRefusal | null {
  const maxBytes = rules.maxBytes ?? MAX_ACTIVITY_BYTES;
  if (rules.requireAuthorization && !req.headers.authorization) {
    return refuse(401, 'NO_TOKEN', 'This bot accepts requests only from the Bot Framework, with a token in the Authorization header.');
  }
  if (!isJson(req.headers['content-type'])) {
    return refuse(415, 'NOT_JSON', 'The request body must be a Bot Framework activity sent as application/json.');
  }
  const encoding = (req.headers['content-encoding'] ?? 'identity').trim().toLowerCase();
  if (encoding !== 'identity') {
    return refuse(415, 'ENCODED_BODY', 'The request body must not be compressed (Content-Encoding is not supported).');
  }
  const declared = req.headers['content-length'];
  if (declared !== undefined && Number(declared) > maxBytes) {
    return refuse(413, 'TOO_LARGE', `The request body is larger than a Bot Framework activity can be (at most ${maxBytes} bytes).`);
  }
  return null;
}

/** Reads and parses the body, or says why not. Never buffers more than the limit. */
export function readActivityBody(req: IncomingMessage, rules: BodyRules): Promise<BodyResult> {
  const early = headerRefusal(req, rules);
  if (early) return Promise.resolve(early);
  const maxBytes = rules.maxBytes ?? MAX_ACTIVITY_BYTES;
  // The client may have gone while the token was checked: its 'aborted' and 'error' were then before our listeners.
  if (req.destroyed) return Promise.resolve(refuse(400, 'BODY_UNREADABLE', 'The request body could not be read.'));
  return new Promise<BodyResult>((resolve) => {
    const chunks: Buffer[] = [];
    let received = 0;
    let settled = false;
    const settle = (result: BodyResult): void => {
      if (settled) return;
      settled = true;
      req.off('data', onData);
      resolve(result);
    };
    const onData = (chunk: Buffer): void => {
      received += chunk.length;
      if (received > maxBytes) {
        // A chunked body (or one that lied about its length): stop reading it here.
        req.pause();
        settle(refuse(413, 'TOO_LARGE', `The request body is larger than a Bot Framework activity can be (at most ${maxBytes} bytes).`));
        return;
      }
      chunks.push(chunk);
    };
    req.on('data', onData);
    req.once('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      try {
        settle({ ok: true, body: text === '' ? undefined : (JSON.parse(text) as unknown) });
      } catch {
        settle(refuse(400, 'BAD_JSON', 'The request body is not valid JSON.'));
      }
    });
    req.once('error', () => settle(refuse(400, 'BODY_UNREADABLE', 'The request body could not be read.')));
    req.once('aborted', () => settle(refuse(400, 'BODY_UNREADABLE', 'The request body could not be read.')));
  });
}
