/**
 * A local stand-in for the Bot Framework's token issuer, as its documents describe it: an OpenID
 * metadata document whose `jwks_uri` names a JSON Web Key Set, each key with its `kid` and the
 * channels it endorses. The key pair is made here, per test run; tokens are RS256 JWTs with the
 * claims a channel's token carries (iss, aud = the bot's app id, serviceurl, nbf, exp).
 * The bot is pointed at it through botbuilder's own settings (ToBotFromChannelOpenIdMetadataUrl
 * and ToBotFromChannelTokenIssuer, set from BOT_CHANNEL_OPENID_METADATA_URL and
 * BOT_CHANNEL_TOKEN_ISSUER), so its real validation runs.
 */
import { createSign, generateKeyPairSync, KeyObject, randomUUID } from 'node:crypto';
import { createServer, Server } from 'node:http';
import { listenLocally, stopServer } from '../../../support/local-http';

/** The channels the Bot Framework's own keys endorse include these (and many more). */
const ENDORSED = ['msteams', 'outlook', 'webchat', 'directline', 'emulator'];

const base64url = (value: Buffer | string): string => Buffer.from(value).toString('base64url');

export interface TokenClaims {
  aud: string;
  serviceurl: string;
  iss?: string;
  /** Seconds from now; negative for an expired token; null for a token that names no expiry. */
  expiresIn?: number | null;
  /** Further claims (an Entra ID token's tid, ver, appid). */
  more?: Record<string, string>;
}

export class TokenIssuer {
  readonly kid = `test-key-${randomUUID()}`;
  /** How many times the bot fetched the metadata and the keys. */
  metadataFetches = 0;
  keyFetches = 0;
  private readonly keys = generateKeyPairSync('rsa', { modulusLength: 2048 });
  private server: Server | undefined;
  url = '';

  get metadataUrl(): string {
    return `${this.url}/v1/.well-known/openidconfiguration`;
  }

  /** The issuer named in the tokens and in the metadata. */
  get issuer(): string {
    return `${this.url}/issuer`;
  }

  /** The bot's settings that point botbuilder's validation here. */
  env(): Record<string, string> {
    return { BOT_CHANNEL_OPENID_METADATA_URL: this.metadataUrl, BOT_CHANNEL_TOKEN_ISSUER: this.issuer };
  }

  async start(): Promise<this> {
    this.server = createServer((req, res) => {
      const send = (status: number, body: unknown): void => {
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(JSON.stringify(body));
      };
      if (req.method === 'GET' && req.url === '/v1/.well-known/openidconfiguration') {
        this.metadataFetches += 1;
        send(200, { issuer: this.issuer, authorization_endpoint: `${this.url}/v1/authorize`, jwks_uri: `${this.url}/v1/keys`, id_token_signing_alg_values_supported: ['RS256'], token_endpoint_auth_methods_supported: ['private_key_jwt'] });
      } else if (req.method === 'GET' && req.url === '/v1/keys') {
        this.keyFetches += 1;
        const jwk = this.keys.publicKey.export({ format: 'jwk' });
        send(200, { keys: [{ kty: 'RSA', use: 'sig', kid: this.kid, n: jwk.n, e: jwk.e, endorsements: ENDORSED }] });
      } else {
        send(404, { error: 'not found' });
      }
    });
    this.url = await listenLocally(this.server);
    return this;
  }

  async stop(): Promise<void> {
    await stopServer(this.server);
  }

  /** A token signed with this issuer's key. */
  token(claims: TokenClaims): string {
    return this.sign(claims, this.keys.privateKey, this.kid);
  }

  /** A token naming this issuer's real key id but signed with another key: a forgery. */
  forged(claims: TokenClaims): string {
    const other = generateKeyPairSync('rsa', { modulusLength: 2048 });
    return this.sign(claims, other.privateKey, this.kid);
  }

  private sign(claims: TokenClaims, key: KeyObject, kid: string): string {
    const now = Math.floor(Date.now() / 1000);
    const header = { alg: 'RS256', typ: 'JWT', kid };
    const payload = { iss: claims.iss ?? this.issuer, aud: claims.aud, serviceurl: claims.serviceurl, nbf: now - 60, iat: now - 60, ...(claims.expiresIn === null ? {} : { exp: now + (claims.expiresIn ?? 3600) }), ...claims.more };
    const signingInput = `${base64url(JSON.stringify(header))}.${base64url(JSON.stringify(payload))}`;
    const signature = createSign('RSA-SHA256').update(signingInput).sign(key);
    return `${signingInput}.${base64url(signature)}`;
  }
}
