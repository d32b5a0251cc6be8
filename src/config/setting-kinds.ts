/**
 * The kinds of value a setting may take (a whole number in a range, one of a list, a GUID, an https
 * URL, a time zone...), each a zod schema that treats unset and blank alike and says in words what
 * it must be.
 */
import { z } from 'zod';

export const LOOPBACK_HOSTS = ['localhost', '127.0.0.1', '[::1]'];

/** Addresses only this machine can reach: HOST may be one of these without an app id. */
export function isLoopbackHost(host: string): boolean {
  const bare = host.replace(/^\[|\]$/g, '').toLowerCase();
  return bare === 'localhost' || bare === '::1' || /^127(\.\d{1,3}){3}$/.test(bare);
}

const isLoopbackUrl = (value: string): boolean => {
  try {
    const url = new URL(value);
    return (url.protocol === 'http:' || url.protocol === 'https:') && isLoopbackHost(url.hostname);
  } catch {
    return false;
  }
};

/** A URL on this machine only (the tests' local token issuer). */
export const loopbackUrl = setting(z.string().refine(isLoopbackUrl, { error: 'must be an http(s) URL on this machine (localhost or 127.0.0.1): it is for tests only' }));

export const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** An unset variable and one set to blank mean the same: take the default. */
export function setting<T extends z.ZodType>(schema: T) {
  return z.preprocess((value) => {
    if (typeof value !== 'string') return value;
    const trimmed = value.trim();
    return trimmed === '' ? undefined : trimmed;
  }, schema.optional());
}

export const text = () => setting(z.string());

/**
 * A file or folder. Quotes set outside .env (Windows' set, App Service's settings, docker compose)
 * stay part of the value: DATA_DIR="./data" then made a new, empty store in a folder named "./data", quotes and all.
 */
export const path = () =>
  setting(z.string().refine((value) => !/^(["']).*\1$/s.test(value), { error: 'must be a path without quotes around it (quotes set outside .env are kept as part of the path): remove them' }));

export function wholeNumber(min: number, max: number) {
  const message = `must be a whole number from ${min} to ${max}`;
  return setting(
    z
      .string()
      .regex(/^\d+$/, { error: message })
      .transform(Number)
      .refine((value) => value >= min && value <= max, { error: message }),
  );
}

export function oneOf<const T extends readonly [string, ...string[]]>(values: T) {
  const message = `must be one of ${values.join(', ')}`;
  return setting(z.string().refine((value): value is T[number] => values.includes(value), { error: message }));
}

/** The examples' placeholder (deploy/main.parameters.json): a GUID, but nobody's id. */
export const NIL_GUID = '00000000-0000-0000-0000-000000000000';

export const guid = (what: string) =>
  setting(
    z
      .string()
      .regex(GUID, { error: `must be ${what} (a GUID like 1b4e28ba-2fa1-41d2-883f-0016d3cca427)` })
      .refine((value) => value !== NIL_GUID, { error: `must be ${what}: ${NIL_GUID} is the examples' placeholder, not a real id` }),
  );

export function commaList<T>(parseItem: (item: string) => T | string) {
  return setting(
    z.string().transform((value, ctx) => {
      const items: T[] = [];
      for (const raw of value.split(',')) {
        const item = raw.trim();
        if (item === '') continue;
        const parsed = parseItem(item);
        if (typeof parsed === 'string' && parsed.startsWith('!')) {
          ctx.addIssue({ code: 'custom', message: parsed.slice(1), params: { namesTheValue: true } });
          return z.NEVER;
        }
        items.push(parsed as T);
      }
      return items;
    }),
  );
}

export const timeZone = setting(
  z.string().transform((value, ctx) => {
    // IANA names only: an offset like "+01:00" would ignore British Summer Time.
    let resolved: string | undefined;
    if (/^[A-Za-z]/.test(value)) {
      try {
        resolved = new Intl.DateTimeFormat('en-GB', { timeZone: value }).resolvedOptions().timeZone;
      } catch {
        // the issue below
      }
    }
    if (resolved === undefined) {
      ctx.addIssue({ code: 'custom', message: 'must be an IANA time zone name such as Europe/London' });
      return z.NEVER;
    }
    // A short name the runtime reads as another place's zone: "BST" is Bangladesh's (Asia/Dhaka), "IST"
    // India's, "GMT" UTC with no summer time; every deadline and "today" would be hours out. Names with a
    // "/" (Europe/Belfast, Etc/UTC) stand for the zone they resolve to.
    if (!value.includes('/') && resolved.toLowerCase() !== value.toLowerCase()) {
      ctx.addIssue({
        code: 'custom',
        message: `must be an IANA time zone name such as Europe/London, not a short name: "${value}" is read as ${resolved}${resolved === 'UTC' ? ', with no summer time' : ''}. For England, Europe/London, which moves between GMT and BST itself`,
      });
      return z.NEVER;
    }
    return resolved;
  }),
);

/**
 * Graph's root. A trailing /v1.0 is accepted and dropped (the client adds the version itself), so
 * https://graph.microsoft.com and https://graph.microsoft.com/v1.0 mean the same.
 */
export const graphUrl = setting(
  z.string().transform((value, ctx) => {
    let parsed: URL;
    try {
      parsed = new URL(value);
    } catch {
      ctx.addIssue({ code: 'custom', message: 'must be a URL such as https://graph.microsoft.com' });
      return z.NEVER;
    }
    // The Graph client sends no token to a plain-http host, so http is only for a local test server.
    if (parsed.protocol !== 'https:' && !(parsed.protocol === 'http:' && LOOPBACK_HOSTS.includes(parsed.hostname))) {
      ctx.addIssue({ code: 'custom', message: 'must be an https URL (plain http is allowed only for localhost)' });
      return z.NEVER;
    }
    if (/\/beta\/*$/.test(value)) {
      ctx.addIssue({ code: 'custom', message: 'must be Graph v1.0 (leave the version off): the bot does not use the beta endpoint' });
      return z.NEVER;
    }
    return value.replace(/\/+$/, '').replace(/\/v1\.0$/, '');
  }),
);

/** An https URL; plain http only for localhost (a local test double). */
export const httpsOrLoopbackUrl = setting(
  z.string().refine(
    (value) => {
      try {
        const url = new URL(value);
        return url.protocol === 'https:' || (url.protocol === 'http:' && LOOPBACK_HOSTS.includes(url.hostname));
      } catch {
        return false;
      }
    },
    { error: 'must be an https URL (plain http is allowed only for localhost)' },
  ),
);

/** An https URL of the organisation's own (shown in the Teams app's details). */
export const httpsUrl = setting(
  z.string().refine(
    (value) => {
      try {
        return new URL(value).protocol === 'https:';
      } catch {
        return false;
      }
    },
    { error: 'must be an https URL such as https://www.example.gov.uk' },
  ),
);

/** Application Insights: `InstrumentationKey=<GUID>;IngestionEndpoint=https://…` as the portal shows it. */
export const appInsightsConnectionString = setting(
  z.string().transform((value, ctx) => {
    const parts = new Map<string, string>();
    for (const part of value.split(';')) {
      const at = part.indexOf('=');
      if (at > 0) parts.set(part.slice(0, at).trim().toLowerCase(), part.slice(at + 1).trim());
    }
    if (!GUID.test(parts.get('instrumentationkey') ?? '')) {
      ctx.addIssue({ code: 'custom', message: 'must be an Application Insights connection string with an InstrumentationKey (copy it from the resource’s Overview page)' });
      return z.NEVER;
    }
    const endpoint = parts.get('ingestionendpoint');
    if (endpoint !== undefined) {
      let parsed: URL | undefined;
      try {
        parsed = new URL(endpoint);
      } catch {
        parsed = undefined;
      }
      // The exporter always sends over https (it rewrites http:// to https://), so say so here.
      if (parsed?.protocol !== 'https:') {
        ctx.addIssue({ code: 'custom', message: 'has an IngestionEndpoint that is not an https URL' });
        return z.NEVER;
      }
    }
    return value;
  }),
);

