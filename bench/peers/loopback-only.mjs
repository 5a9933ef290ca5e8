// Preload (`node --import`) for third-party servers that listen on every interface: any
// listen() without an explicit host binds 127.0.0.1 instead, so nothing is exposed off-box.
import net from 'node:net';

const listen = net.Server.prototype.listen;
net.Server.prototype.listen = function listenOnLoopback(...args) {
  const [first] = args;
  if (typeof first === 'number' || (typeof first === 'string' && /^\d+$/.test(first))) {
    if (typeof args[1] !== 'string') args.splice(1, args.length > 1 && args[1] == null ? 1 : 0, '127.0.0.1');
    else if (['', '0.0.0.0', '::'].includes(args[1])) args[1] = '127.0.0.1';
  } else if (first && typeof first === 'object' && first.path == null && first.fd == null && first.handle == null && !(first instanceof net.Server)) {
    args[0] = { ...first, host: '127.0.0.1' };
  }
  return listen.apply(this, args);
};
process.on('SIGTERM', () => process.exit(0));
