/**
 * The real bot as it runs with an app id, in this process, over HTTP: its tokens checked by
 * botbuilder against a local issuer (./token-issuer.ts), its replies captured by a local Bot
 * Connector, its JSON log lines kept for the test to read.
 */
import { BotUnderTest, startBot, BotOptions } from '../../../support/bot-over-http/bot-under-test';
import { ConnectorCapture } from '../../../support/bot-over-http/connector-capture';
import { postJson, PostResult } from '../../../support/bot-over-http/http-post';
import { TokenIssuer } from './token-issuer';

export const APP_ID = '8f0c5f3e-2b7d-4c1e-9a55-0d3b2e4f6a71';
/** The council's tenant. */
export const TENANT = '5d2f9c1a-8e4b-4f3c-9a1d-7b6e5c4d3a2f';
export const OTHER_TENANT = '0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d';

export interface LogLine {
  level: string;
  msg: string;
  [field: string]: unknown;
}

export class SignedBot {
  readonly issuer = new TokenIssuer();
  readonly connector = new ConnectorCapture();
  readonly logs: LogLine[] = [];
  bot: BotUnderTest | undefined;

  async start(options: { env?: Record<string, string> } & Omit<BotOptions, 'env' | 'log'> = {}): Promise<this> {
    await this.issuer.start();
    await this.connector.start();
    this.bot = await startBot({
      ...options,
      env: { MICROSOFT_APP_ID: APP_ID, MICROSOFT_APP_PASSWORD: 'not-a-real-secret', MICROSOFT_APP_TENANT_ID: TENANT, ORG_NAME: 'Mossbank Council', ...this.issuer.env(), ...options.env },
      log: (line) => this.logs.push(JSON.parse(line) as LogLine),
    });
    return this;
  }

  async stop(): Promise<void> {
    await this.bot?.close();
    await this.connector.stop();
    await this.issuer.stop();
  }

  get api(): string {
    return `${this.bot!.url}/api/messages`;
  }

  /** A valid channel token for an activity sent from the local Connector. */
  token(): string {
    return this.issuer.token({ aud: APP_ID, serviceurl: this.connector.url });
  }

  /** POSTs an activity with a valid token (or the given authorization header, or none: null). */
  post(activity: unknown, authorization: string | null = `Bearer ${this.token()}`): Promise<PostResult> {
    return postJson(this.api, activity, authorization === null ? {} : { headers: { authorization } });
  }

  /** The log lines written since `from` (an index into logs), without per-request debug lines. */
  linesSince(from: number): LogLine[] {
    return this.logs.slice(from).filter((line) => line.level !== 'debug');
  }
}
