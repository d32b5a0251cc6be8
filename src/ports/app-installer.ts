/**
 * Installs the Teams app for a person who has never opened it, so the bot can message them
 * (Microsoft Graph's proactive installation; src/adapters/graph/graph-app-installer.ts).
 */
export interface AppInstaller {
  /**
   * Installs the app for the person (an Entra object id) if it is not installed yet, and answers
   * the id of the 1:1 chat between them and the bot (`19:…`). Throws AppInstallError when it can
   * never succeed as configured, TransientRecordError when it may later.
   */
  chatWith(userId: string): Promise<string>;
}

/**
 * Why it could not be installed: `not-permitted` (403: the permission is missing, or Graph was not
 * called as the app named in the manifest), `not-found` (404: the person or the app is unknown),
 * `refused` (anything else Graph refused for good).
 */
export type AppInstallFailure = 'not-permitted' | 'not-found' | 'refused';

export class AppInstallError extends Error {
  constructor(
    message: string,
    readonly failure: AppInstallFailure,
  ) {
    super(message);
    this.name = 'AppInstallError';
  }
}
