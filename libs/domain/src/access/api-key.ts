import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * What a key may do. `metrics:read` is for BI tools; `ingest:write` for webhooks posting
 * contacts; `admin` for taxonomy, value streams, labels and erasure, and everything else.
 */
export const ApiKeyScopes = ['metrics:read', 'ingest:write', 'admin'] as const;
export type ApiKeyScope = (typeof ApiKeyScopes)[number];

export interface IssuedApiKey {
  /** Public part, stored in clear and shown in listings. */
  id: string;
  /** The whole key, shown once to whoever created it: `fl_<id>_<secret>`. */
  token: string;
  /** What is stored instead of the secret. */
  secretHash: string;
}

const TOKEN = /^fl_([0-9a-f]{12})_([A-Za-z0-9_-]{43})$/;

/**
 * A new key: 48 random bits of id and 256 of secret. Only a SHA-256 of the secret is stored; a
 * secret this long needs no slow password hash, since guessing it is hopeless either way.
 */
export function issueApiKey(): IssuedApiKey {
  const id = randomBytes(6).toString('hex');
  const secret = randomBytes(32).toString('base64url');
  return { id, token: `fl_${id}_${secret}`, secretHash: hashSecret(secret) };
}

export function parseApiKey(token: string): { id: string; secret: string } | undefined {
  const match = TOKEN.exec(token.trim());
  return match ? { id: match[1]!, secret: match[2]! } : undefined;
}

export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret, 'utf8').digest('hex');
}

/** Compares in constant time, so response timing says nothing about how much of a key was right. */
export function secretMatches(secret: string, storedHash: string): boolean {
  const given = Buffer.from(hashSecret(secret), 'hex');
  const stored = Buffer.from(storedHash, 'hex');
  return given.length === stored.length && timingSafeEqual(given, stored);
}

export function scopesAllow(granted: readonly string[], required: ApiKeyScope): boolean {
  return granted.includes('admin') || granted.includes(required);
}
