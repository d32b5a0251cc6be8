/**
 * The app as staff find it in Teams (the manifest's short name, "Return home"): the one name every
 * message, card and mail gives it, so nobody looks for "the bot" or "this app" under Apps.
 */
export const APP_NAME = 'the Return home app';
