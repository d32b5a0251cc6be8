/**
 * The Bot Connector clients a turn uses, kept between turns instead of built anew for each.
 * botbuilder's CloudAdapter builds a ConnectorClient (and a UserTokenClient) for every incoming
 * activity, each with its own HTTP pipeline: in the bench that was about 0.3 ms of the click
 * thread's CPU a turn, more than half of what the bare bot spends on a whole turn. The clients hold
 * no state of a turn: only the service URL, the bot's app id, the audience and its credentials
 * (which cache and renew their own token), all part of the key here. botbuilder's older
 * BotFrameworkAdapter kept its connector clients per service URL in the same way.
 *
 * Bounded: without an app id anyone may send activities naming any service URL, so the oldest
 * entry goes when the map is full.
 */
/** What is used here of botbuilder's claims identity and connector factory (botbuilder itself is imported only by the Teams edge: adapter.ts). */
interface ClaimsIdentity {
  getClaimValue(type: string): string | null;
}

interface ConnectorFactory<C> {
  create(serviceUrl: string, audience?: string): Promise<C>;
}

export const MAX_KEPT_CLIENTS = 64;

/** A map that forgets its oldest entry beyond `limit`, holding promises so two turns at once share one client. */
export class KeptClients<T> {
  private readonly entries = new Map<string, Promise<T>>();
  constructor(private readonly limit = MAX_KEPT_CLIENTS) {}

  get(key: string, make: () => Promise<T>): Promise<T> {
    const kept = this.entries.get(key);
    if (kept) return kept;
    const made = make();
    this.entries.set(key, made);
    // A client that could not be made is not kept: the next turn tries again.
    made.catch(() => this.entries.get(key) === made && this.entries.delete(key));
    if (this.entries.size > this.limit) this.entries.delete(this.entries.keys().next().value!);
    return made;
  }

  get size(): number {
    return this.entries.size;
  }
}

/** The bot's app id as botbuilder's ConnectorFactoryImpl and UserTokenClient take it: the audience claim (channels), else the appid claim (Emulator). */
export function appIdOf(identity: ClaimsIdentity): string {
  return identity.getClaimValue('aud') ?? identity.getClaimValue('appid') ?? '';
}

/**
 * A connector factory that takes its clients from `kept` (made by `inner` the first time). The
 * turns' factory (from the request's token check) and the proactive turns' (the outbox's notices,
 * from createConnectorFactory) both go through here, so they share one client per key.
 */
export function keptConnectorFactory<C>(identity: ClaimsIdentity, inner: ConnectorFactory<C>, kept: KeptClients<C>): ConnectorFactory<C> {
  const appId = appIdOf(identity);
  return {
    create: (serviceUrl: string, audience?: string) => kept.get(`${appId}\u0000${serviceUrl}\u0000${audience ?? ''}`, () => inner.create(serviceUrl, audience)),
  };
}

/** The request with a connector factory that keeps its clients in `kept`. */
export function withKeptConnector<C, R extends { claimsIdentity: ClaimsIdentity; connectorFactory?: ConnectorFactory<C> }>(request: R, kept: KeptClients<C>): R {
  const inner = request.connectorFactory;
  if (!inner) return request;
  return { ...request, connectorFactory: keptConnectorFactory(request.claimsIdentity, inner, kept) };
}
