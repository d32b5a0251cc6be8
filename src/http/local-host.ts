/**
 * Without an app id there is no token, and the bot listens on this machine only (HOST loopback).
 * That alone does not keep a web page out: by DNS rebinding, a page from any site can have its own
 * name resolve to 127.0.0.1 and post to the bot as "same origin", acting as anyone and reading the
 * case cards it gets back. Such a request still names the page's site in its Host header, so only
 * requests addressed to this machine by name or address are answered. With an app id every request
 * carries a token instead; with INSECURE_ALLOW_NO_TOKEN_ON_NETWORK the operator chose the network.
 */
import { isLoopbackHost } from '../config/setting-kinds';

export interface HostRefusal {
  status: 403;
  code: 'HOST_NOT_ACCEPTED';
  message: string;
}

/** Why a request's Host header is not answered, or null. `loopbackOnly`: no app id, listening on this machine only. */
export function hostRefusal(host: string | undefined, loopbackOnly: boolean): HostRefusal | null {
  if (!loopbackOnly) return null;
  let name: string | undefined;
  try {
    name = host === undefined ? undefined : new URL(`http://${host}`).hostname;
  } catch {
    name = undefined;
  }
  if (name !== undefined && isLoopbackHost(name)) return null;
  return { status: 403, code: 'HOST_NOT_ACCEPTED', message: 'Without an app id this bot answers only requests addressed to this machine (localhost or 127.0.0.1).' };
}
