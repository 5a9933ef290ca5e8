/** Loopback detection for the management API's default (no `ADMIN_API_KEY`): only this machine may manage the router. */
import { isIP } from 'node:net';

/** True for 127.0.0.0/8, `::1` and IPv4-mapped `::ffff:127.x.y.z`; false for anything else, including an unknown address. */
export function isLoopbackAddress(address: string | null | undefined): boolean {
  if (!address) return false;
  let host = address.trim().toLowerCase();
  // a zone id (`::1%lo0`) never changes whether the address is loopback
  const zone = host.indexOf('%');
  if (zone !== -1) host = host.slice(0, zone);
  if (host.startsWith('::ffff:')) {
    const mapped = host.slice('::ffff:'.length);
    if (isIP(mapped) === 4) host = mapped;
  }
  const family = isIP(host);
  if (family === 4) return host.split('.')[0] === '127';
  if (family === 6) return host === '::1' || host === '0:0:0:0:0:0:0:1';
  return false;
}
