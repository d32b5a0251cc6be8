/** POSTs to the bot over one keep-alive agent (many requests, few connections), reading the whole answer. */
import { Agent, IncomingMessage, request } from 'node:http';

export interface PostResult {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  /** The body parsed as JSON, or undefined if it was not JSON. */
  json: unknown;
}

export function keepAliveAgent(maxSockets = 20): Agent {
  return new Agent({ keepAlive: true, maxSockets });
}

/** Sends `body` as it is if it is a string (so malformed JSON can be sent), else as JSON. */
export function postJson(url: string, body: unknown, options: { agent?: Agent; headers?: Record<string, string> } = {}): Promise<PostResult> {
  const payload = typeof body === 'string' ? body : JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const req = request(url, {
      method: 'POST',
      agent: options.agent,
      headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload), ...options.headers },
    }, (res) => void readAnswer(res).then(resolve, reject));
    req.on('error', reject);
    req.end(payload);
  });
}

/** The whole answer: status, headers, body as text, and the body as JSON when it is JSON. */
export function readAnswer(res: IncomingMessage): Promise<PostResult> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    res.on('data', (chunk: Buffer) => chunks.push(chunk));
    res.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      let json: unknown;
      try {
        json = text === '' ? undefined : JSON.parse(text);
      } catch {
        json = undefined;
      }
      resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json });
    });
    res.on('error', reject);
  });
}

/** Runs `task` over `items` with at most `concurrency` in flight. */
export async function inParallel<T, R>(items: readonly T[], concurrency: number, task: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array<R>(items.length);
  let next = 0;
  const lanes = Array.from({ length: Math.min(concurrency, items.length) }, async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await task(items[index]!, index);
    }
  });
  await Promise.all(lanes);
  return results;
}
