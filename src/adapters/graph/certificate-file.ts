/**
 * The app's certificate for GRAPH_AUTH=certificate (AZURE_CLIENT_CERTIFICATE_PATH), read once when
 * the Graph client is made. A file that cannot be read is said in one set of words, naming the
 * setting, wherever it is met: the bot's start ("The bot could not start: …") and
 * `npm run provision:sharepoint` alike; it is not a sign-in that failed, since nothing was asked.
 */
import { readFileSync } from 'node:fs';

export class CertificateFileError extends Error {
  constructor(path: string, code: string, options: { cause: unknown }) {
    super(`The certificate file ${path} (AZURE_CLIENT_CERTIFICATE_PATH) cannot be read (${code}): set AZURE_CLIENT_CERTIFICATE_PATH to the PEM file holding the app's certificate and private key, readable by the bot's account`, options);
    this.name = 'CertificateFileError';
  }
}

/** The PEM text (private key and certificate), or CertificateFileError instead of Node's "ENOENT: no such file or directory". */
export function readCertificateFile(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    throw new CertificateFileError(path, (error as NodeJS.ErrnoException).code ?? 'unreadable', { cause: error });
  }
}
