/**
 * Cloud metadata endpoints (169.254.169.254 and the rest of 169.254.0.0/16, fe80::/10, AWS's
 * fd00:ec2::254, GCP's metadata.google.internal) answer any request from the machine with its
 * credentials. A provider base URL pointing there would make the router fetch them, so it is
 * refused unless allowed. Local and LAN addresses (LM Studio, Ollama) stay allowed.
 */

const METADATA_NAMES = new Set(['metadata.google.internal', 'metadata.goog']);

/** The eight 16-bit groups of an IPv6 address as `new URL()` writes it (no dotted tail), or null. */
function ipv6Groups(host: string): number[] | null {
  const halves = host.split('::');
  if (halves.length > 2) return null;
  const parse = (part: string) => (part === '' ? [] : part.split(':').map((group) => Number.parseInt(group, 16)));
  const head = parse(halves[0]);
  const tail = halves.length === 2 ? parse(halves[1]) : [];
  const groups = halves.length === 2 ? [...head, ...new Array(8 - head.length - tail.length).fill(0), ...tail] : head;
  return groups.length === 8 && groups.every((group) => Number.isInteger(group) && group >= 0 && group <= 0xffff) ? groups : null;
}

/**
 * True when a URL's host is a link-local or cloud metadata address, in any spelling the WHATWG
 * URL parser accepts (`0xA9FEA9FE`, `2852039166`, `0251.0376.0251.0376`, `[::ffff:169.254.169.254]`, …:
 * it normalises them all before this looks).
 */
export function isMetadataAddress(url: string): boolean {
  let host: string;
  try {
    host = new URL(url).hostname.toLowerCase();
  } catch {
    return false;
  }
  host = host.replace(/^\[|\]$/g, '').replace(/\.$/, '');
  if (METADATA_NAMES.has(host)) return true;
  const v4 = /^(\d+)\.(\d+)\.\d+\.\d+$/.exec(host);
  if (v4) return v4[1] === '169' && v4[2] === '254';
  if (!host.includes(':')) return false;
  const groups = ipv6Groups(host.split('%')[0]);
  if (!groups) return false;
  if ((groups[0] & 0xffc0) === 0xfe80) return true; // fe80::/10, link-local
  if (groups.join(':') === [0xfd00, 0xec2, 0, 0, 0, 0, 0, 0x254].join(':')) return true; // AWS IPv6 metadata
  // IPv4 embedded: mapped (::ffff:a.b.c.d), compatible (::a.b.c.d), NAT64 (64:ff9b::a.b.c.d)
  const zeros = (from: number, to: number) => groups.slice(from, to).every((group) => group === 0);
  const embeds = (zeros(0, 5) && (groups[5] === 0xffff || groups[5] === 0)) || (groups[0] === 0x64 && groups[1] === 0xff9b && zeros(2, 6));
  return embeds && groups[6] === 0xa9fe;
}

/** Options of base URL checks. */
export interface BaseUrlPolicy {
  /** Allow link-local and metadata addresses (`ALLOW_METADATA_ADDRESSES=1`); default false. */
  allowMetadataAddresses?: boolean;
}

/** The config key holding a metadata address, or null (checks every top-level string that is an http(s) URL). */
export function metadataAddressKey(config: Readonly<Record<string, unknown>>, policy: BaseUrlPolicy = {}): string | null {
  if (policy.allowMetadataAddresses) return null;
  for (const [key, value] of Object.entries(config)) {
    if (typeof value === 'string' && /^https?:\/\//i.test(value.trim()) && isMetadataAddress(value.trim())) return key;
  }
  return null;
}

/** The message for a refused metadata address. */
export function metadataAddressMessage(key: string): string {
  return `${key} points at a link-local or cloud metadata address (169.254.0.0/16, fe80::/10, metadata.google.internal), which would hand the machine's credentials to whoever calls the router; set ALLOW_METADATA_ADDRESSES=1 if this is really a model server`;
}
