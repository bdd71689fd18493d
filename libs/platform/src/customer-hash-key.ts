import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type { Runtime } from './runtime.js';

/**
 * The HMAC key for customer ids. Shared installs must set CUSTOMER_HASH_KEY (every instance
 * needs the same key, or repeat contacts stop linking). A single-machine install on the embedded
 * database gets a random key kept beside its data, so hashes stay stable across restarts.
 */
export function resolveCustomerHashKey(runtime: Pick<Runtime, 'config' | 'databaseEmbedded'>): string {
  const { CUSTOMER_HASH_KEY, EMBEDDED_POSTGRES_DIR } = runtime.config;
  if (CUSTOMER_HASH_KEY) return CUSTOMER_HASH_KEY;
  if (!runtime.databaseEmbedded) {
    throw new Error('CUSTOMER_HASH_KEY is not set: with DATABASE_URL set, every instance needs the same key (at least 16 characters) to hash customer ids');
  }
  const file = join(dirname(resolve(EMBEDDED_POSTGRES_DIR)), 'customer-hash.key');
  if (!existsSync(file)) {
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, randomBytes(32).toString('base64url'), { mode: 0o600, flag: 'wx' });
  }
  return readFileSync(file, 'utf8').trim();
}
