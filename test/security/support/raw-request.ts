/**
 * One HTTP request written by hand, for what an ordinary client will not send: a body that is
 * declared but never sent (so a test can see the answer came before the body was read), a
 * chunked body, any content type. Resolves with the answer as soon as it is complete, then
 * drops the connection.
 */
import { request } from 'node:http';
import { PostResult, readAnswer } from '../../../support/bot-over-http/http-post';

export type RawAnswer = PostResult;

export interface RawRequest {
  method?: string;
  headers: Record<string, string>;
  /** Written in order; a chunked body when there is no content-length header. */
  chunks?: ReadonlyArray<string | Buffer>;
  /** Leave the request open after the chunks (the body is "still coming"). */
  holdOpen?: boolean;
}

export function rawRequest(url: string, spec: RawRequest): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: spec.method ?? 'POST', headers: spec.headers, agent: false }, (res) => {
      readAnswer(res).then((answer) => {
        resolve(answer);
        req.destroy();
      }, reject);
    });
    // The server may close the connection while a refused body is still being written.
    req.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code !== 'EPIPE' && error.code !== 'ECONNRESET') reject(error);
    });
    for (const chunk of spec.chunks ?? []) req.write(chunk);
    if (!spec.holdOpen) req.end();
  });
}

/** A multipart/form-data body with one file part of `size` bytes, as a browser would post an upload. */
export function multipartUpload(size: number): { contentType: string; body: Buffer } {
  const boundary = '----s20SecurityTestBoundary';
  const head = Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="big.bin"\r\nContent-Type: application/octet-stream\r\n\r\n`);
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
  return { contentType: `multipart/form-data; boundary=${boundary}`, body: Buffer.concat([head, Buffer.alloc(size, 0x61), tail]) };
}
