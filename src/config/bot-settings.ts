/** The bot's registration (MICROSOFT_APP_*) and where channels' tokens are checked: the rules that keep an unauthenticated bot local. */
import { ConfigError, required } from './config-error';
import type { AppType, Environment } from './environment';

export interface BotSettings {
  /** Empty: the bot accepts unauthenticated requests (local testing only). */
  appId: string | undefined;
  appPassword: string | undefined;
  /** Lower case (a GUID); required whenever appId is set: only this tenant's people are served. */
  appTenantId: string | undefined;
  appType: AppType;
  /**
   * Where channels' tokens are checked against (botbuilder's ToBotFromChannelOpenIdMetadataUrl and
   * ToBotFromChannelTokenIssuer). Undefined: the Bot Framework's own, as in production. Loopback
   * only: for the tests' local token issuer.
   */
  channelTokenIssuer?: { openIdMetadataUrl: string; issuer: string } | undefined;
}

export function botSettings(env: Environment): BotSettings {
  const appType = env.MICROSOFT_APP_TYPE ?? 'MultiTenant';
  const { MICROSOFT_APP_ID: appId, MICROSOFT_APP_PASSWORD: appPassword } = env;
  // Tenant ids are GUIDs, which Entra writes in lower case; compared in any case (L10).
  const appTenantId = env.MICROSOFT_APP_TENANT_ID?.toLowerCase();
  const metadataUrl = env.BOT_CHANNEL_OPENID_METADATA_URL;
  const issuer = env.BOT_CHANNEL_TOKEN_ISSUER;
  if ((metadataUrl === undefined) !== (issuer === undefined)) {
    const missing = metadataUrl === undefined ? 'BOT_CHANNEL_OPENID_METADATA_URL' : 'BOT_CHANNEL_TOKEN_ISSUER';
    throw new ConfigError(missing, `${missing} is required when ${missing === 'BOT_CHANNEL_TOKEN_ISSUER' ? 'BOT_CHANNEL_OPENID_METADATA_URL' : 'BOT_CHANNEL_TOKEN_ISSUER'} is set: set both, or neither to use the Bot Framework's own`);
  }
  const channelTokenIssuer = metadataUrl !== undefined && issuer !== undefined ? { openIdMetadataUrl: metadataUrl, issuer } : undefined;
  if (appId === undefined) {
    // A password or tenant without an app id would silently run the bot unauthenticated.
    for (const variable of ['MICROSOFT_APP_PASSWORD', 'MICROSOFT_APP_TENANT_ID', 'BOT_CHANNEL_OPENID_METADATA_URL'] as const) {
      if (env[variable] !== undefined) {
        throw new ConfigError(variable, `${variable} is set but MICROSOFT_APP_ID is empty: set both, or neither to run without authentication`);
      }
    }
    return { appId, appPassword, appTenantId, appType, channelTokenIssuer };
  }
  // Without it any Microsoft 365 tenant's people could use the bot (M2): MultiTenant apps included.
  required('MICROSOFT_APP_TENANT_ID', appTenantId, "when MICROSOFT_APP_ID is set: the bot serves only the council's own tenant");
  // The same requirements botbuilder asserts, checked here so the message names the variable.
  if (appType === 'UserAssignedMSI') {
    if (appPassword !== undefined) {
      throw new ConfigError('MICROSOFT_APP_PASSWORD', 'MICROSOFT_APP_PASSWORD must be empty when MICROSOFT_APP_TYPE is UserAssignedMSI');
    }
  } else {
    required('MICROSOFT_APP_PASSWORD', appPassword, `when MICROSOFT_APP_ID is set and MICROSOFT_APP_TYPE is ${appType}`);
  }
  return { appId, appPassword, appTenantId, appType, channelTokenIssuer };
}

