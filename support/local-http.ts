/**
 * Starting and stopping the servers the tests and the bench run on this machine (the local Bot
 * Connector, the local Graph server, captures, token issuers, relays): one way for all of them.
 */
import { createServer, type AddressInfo, type Server } from 'node:net';

/** Listens on `host` (127.0.0.1 unless told) and `port` (0: any free one); the server's base URL, `http://HOST:PORT`. */
export async function listenLocally(server: Server, port = 0, host = '127.0.0.1'): Promise<string> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  return `http://${host}:${(server.address() as AddressInfo).port}`;
}

/**
 * Stops at once: no new connections, and an HTTP server's kept-alive ones (the servers keep idle
 * sockets 60 s, as the services they stand for do) are dropped rather than waited for.
 */
export async function stopServer(server: Server | undefined): Promise<void> {
  if (!server?.listening) return;
  const closed = new Promise<void>((resolve) => server.close(() => resolve()));
  if ('closeAllConnections' in server && typeof server.closeAllConnections === 'function') server.closeAllConnections();
  await closed;
}

/** A port no one listens on now (for a process that must bind it itself, or for a refused connection). */
export async function freePort(host = '127.0.0.1'): Promise<number> {
  const probe = createServer();
  const url = await listenLocally(probe, 0, host);
  await stopServer(probe);
  return Number(new URL(url).port);
}
