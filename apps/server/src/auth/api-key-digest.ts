/**
 * Keys are compared as SHA-256 digests: equal-length buffers for
 * `timingSafeEqual`, and a set of digests for client keys, so neither the
 * length nor a prefix of a key leaks through timing.
 */
import { hash, timingSafeEqual } from 'node:crypto';

/** The SHA-256 digest of a key. */
export function apiKeyDigest(key: string): Buffer {
  // the one-shot hash: a third of createHash's cost, on every keyed request
  return hash('sha256', key, 'buffer');
}

/** The SHA-256 of a key as lower-case hex: how client keys are stored and looked up. */
export function apiKeyHex(key: string): string {
  return hash('sha256', key, 'hex');
}

/** Compares a presented key with an expected digest in constant time. */
export function matchesDigest(presented: string, expected: Buffer): boolean {
  return timingSafeEqual(apiKeyDigest(presented), expected);
}

/** The token of an `Authorization: Bearer <token>` header, or null. */
export function bearerToken(header: string | null | undefined): string | null {
  if (!header) return null;
  const match = /^\s*Bearer\s+(\S+)\s*$/i.exec(header);
  return match ? match[1] : null;
}
