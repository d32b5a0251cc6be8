/**
 * Preloaded into the Agents Playground (`node --require`, see agents-playground.ts). The Playground
 * has no setting for the address it listens on and listened on every interface, so anyone on the
 * network could open its page and act in the bot as the person signed in, seeing their cases,
 * although the bot itself (no app id) listens on this machine only. Here every server started
 * without an address listens on 127.0.0.1 instead; one given an address keeps it.
 */
const net = require('node:net');

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
