import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { issueApiKey, parseApiKey, secretMatches, type ApiKeyScope } from '@frictionlens/domain';
import { ApiKeyRepository } from '@frictionlens/persistence';
import { RUNTIME, type Runtime } from '@frictionlens/platform';
import { mayReceiveEmbeddedKey, type KeyRequest } from './embedded-key-policy.js';

/** The review queue and labels need `admin`, which also reads the metrics. */
export const DASHBOARD_KEY_SCOPES: ApiKeyScope[] = ['admin'];
export const DASHBOARD_KEY_NAME = 'dashboard (embedded mode, handed only to pages opened on this machine)';

export type DashboardKeyAnswer = { apiKey: string } | { apiKey: null; reason: string };

/**
 * The dashboard's API key on a single-machine install. On the embedded database (no DATABASE_URL)
 * and with DASHBOARD_EMBEDDED_KEY on, it makes sure a key exists at start-up, stored in the
 * database as every key is (a hash of its secret), its token kept in a file beside the embedded
 * data (mode 600, under the git-ignored .frictionlens/) so restarts reuse it. The token goes only
 * to requests that `mayReceiveEmbeddedKey` lets through. With DATABASE_URL set this does nothing
 * and the page asks for a key.
 */
@Injectable()
export class DashboardKeyService implements OnApplicationBootstrap {
  private readonly log = new Logger('Dashboard');
  private token: string | undefined;

  constructor(
    @Inject(RUNTIME) private readonly runtime: Runtime,
    private readonly apiKeys: ApiKeyRepository,
  ) {}

  get embeddedKeyOn(): boolean {
    return this.runtime.databaseEmbedded && this.runtime.config.DASHBOARD_EMBEDDED_KEY;
  }

  async onApplicationBootstrap(): Promise<void> {
    if (!this.embeddedKeyOn) return;
    const file = join(dirname(resolve(this.runtime.config.EMBEDDED_POSTGRES_DIR)), 'dashboard-api-key');
    const { token, created } = await ensureDashboardKey(this.apiKeys, file);
    this.token = token;
    this.log.log(`${created ? 'created' : 'reusing'} the dashboard's API key ${parseApiKey(token)?.id} (kept in ${file}); pages opened from this machine get it, others must enter a key (DASHBOARD_EMBEDDED_KEY=false turns this off)`);
  }

  keyFor(request: KeyRequest): DashboardKeyAnswer {
    if (!this.runtime.databaseEmbedded) return { apiKey: null, reason: 'this installation runs on its own PostgreSQL (DATABASE_URL): enter an API key' };
    if (!this.runtime.config.DASHBOARD_EMBEDDED_KEY) return { apiKey: null, reason: 'DASHBOARD_EMBEDDED_KEY is off: enter an API key' };
    const decision = mayReceiveEmbeddedKey(request);
    if (!decision.allowed) return { apiKey: null, reason: `${decision.reason}: enter an API key` };
    if (!this.token) return { apiKey: null, reason: 'the dashboard key is not ready yet' };
    return { apiKey: this.token };
  }
}

/**
 * The token in `file` when it is still an active key of this database, otherwise a new key
 * (stored as its hash, as `npm run api-key -- create` does) whose token replaces the file's.
 */
export async function ensureDashboardKey(keys: ApiKeyRepository, file: string): Promise<{ token: string; created: boolean }> {
  const kept = existsSync(file) ? readFileSync(file, 'utf8').trim() : '';
  const parsed = kept ? parseApiKey(kept) : undefined;
  if (parsed) {
    const stored = await keys.findActive(parsed.id);
    if (stored && secretMatches(parsed.secret, stored.secretHash)) return { token: kept, created: false };
  }
  const issued = issueApiKey();
  await keys.create({ id: issued.id, name: DASHBOARD_KEY_NAME, secretHash: issued.secretHash, scopes: DASHBOARD_KEY_SCOPES });
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, `${issued.token}\n`, { mode: 0o600 });
  chmodSync(file, 0o600); // writeFileSync's mode applies only to a file it creates
  return { token: issued.token, created: true };
}
