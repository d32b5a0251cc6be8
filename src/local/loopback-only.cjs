/**
 * Preloaded into the Agents Playground (`node --require`, see agents-playground.ts). The Playground
 * has no setting for the address it listens on and listened on every interface, so anyone on the
 * network could open its page and act in the bot as the person signed in, seeing their cases,
 * although the bot itself (no app id) listens on this machine only. Here every server started
 * without an address listens on 127.0.0.1 instead; one given an address keeps it.
 * Listening on 127.0.0.1 does not keep a web page out: by DNS rebinding, a page from any site can
 * make its own name resolve to 127.0.0.1 and use the Playground as "same origin". Such a request
 * names the page's site in its Host header, so an HTTP request or WebSocket upgrade addressed to
 * anything but localhost, 127.0.0.1 or [::1] is refused with 403, as the bot refuses it.
 */
const net = require('node:net');
const http = require('node:http');
const { URL } = require('node:url');

const LOOPBACK = '127.0.0.1';
const listen = net.Server.prototype.listen;

net.Server.prototype.listen = function listenOnLoopback(...args) {
  const [first] = args;
  if (args.length === 0 || typeof first === 'function') return listen.call(this, 0, LOOPBACK, ...args);
  if (typeof first === 'number' || (typeof first === 'string' && /^\d+$/.test(first))) {
    if (typeof args[1] !== 'string') return listen.call(this, first, LOOPBACK, ...args.slice(1));
  } else if (first !== null && typeof first === 'object' && 'port' in first && first.host === undefined && first.path === undefined) {
    return listen.call(this, { ...first, host: LOOPBACK }, ...args.slice(1));
  }
  return listen.apply(this, args);
};

/** localhost, 127.x.x.x or [::1], with or without a port (src/config/setting-kinds.ts isLoopbackHost). */
function addressedToThisMachine(host) {
  if (typeof host !== 'string') return false;
  let name;
  try {
    name = new URL(`http://${host}`).hostname.replace(/^\[|\]$/g, '').toLowerCase();
  } catch {
    return false;
  }
  return name === 'localhost' || name === '::1' || /^127(\.\d{1,3}){3}$/.test(name);
}

const emit = http.Server.prototype.emit;
const REFUSED = 'This page answers only requests addressed to this machine (localhost or 127.0.0.1).';

http.Server.prototype.emit = function refuseOtherHosts(event, ...args) {
  if ((event === 'request' || event === 'upgrade') && !addressedToThisMachine(args[0].headers.host)) {
    if (event === 'request') {
      const res = args[1];
      res.writeHead(403, { 'content-type': 'text/plain; charset=utf-8', connection: 'close' });
      res.end(REFUSED);
    } else {
      args[1].end(`HTTP/1.1 403 Forbidden\r\nContent-Type: text/plain; charset=utf-8\r\nConnection: close\r\n\r\n${REFUSED}`);
    }
    return true;
  }
  return emit.call(this, event, ...args);
};
