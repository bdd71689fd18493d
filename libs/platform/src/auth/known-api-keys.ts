import { Inject, Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import { LRUCache } from 'lru-cache';
import { DataSource } from 'typeorm';
import { API_KEYS_CHANGED_CHANNEL, ApiKeyRepository, ChangeFeed } from '@frictionlens/persistence';
import { RUNTIME, type Runtime } from '../runtime.js';

interface ActiveKey {
  secretHash: string;
  scopes: string[];
}

// Beyond this many keys in use at once the least recently used are looked up again.
const MAX_KNOWN = 10_000;
// last_used_at tells a live key from a forgotten one: once a minute per key is plenty.
const MARK_USED_EVERY_MS = 60_000;

/**
 * The API keys this instance has verified, kept until PostgreSQL says api_keys changed (the
 * NotifyApiKeyChanges trigger), so a request costs no database round trip and a revocation
 * still takes effect at once. While the change feed is down every request asks the database.
 */
@Injectable()
export class KnownApiKeys implements OnModuleDestroy {
  private readonly logger = new Logger('KnownApiKeys');
  private readonly keys: ApiKeyRepository;
  private readonly known = new LRUCache<string, ActiveKey>({ max: MAX_KNOWN });
  private readonly lastMarked = new LRUCache<string, number>({ max: MAX_KNOWN });
  private readonly feed: ChangeFeed;
  private following = false;
  private started = false;
  private stopping = false;
  private generation = 0;

  constructor(db: DataSource, @Inject(RUNTIME) runtime: Runtime) {
    this.keys = new ApiKeyRepository(db);
    this.feed = new ChangeFeed(
      runtime.databaseUrl,
      API_KEYS_CHANGED_CHANNEL,
      {
        changed: () => this.forget(),
        following: (following) => {
          this.following = following;
          this.forget();
        },
      },
      { applicationName: 'frictionlens api key changes', onError: (message) => this.logger.warn(`${message}; API keys are looked up on every request until it is back`) },
    );
  }

  async onModuleDestroy(): Promise<void> {
    this.stopping = true;
    await this.feed.stop();
  }

  /** The stored hash and scopes of a key that is not revoked. */
  async findActive(id: string): Promise<ActiveKey | undefined> {
    // Followed from the first key a request presents: a service no keyed route is ever asked of
    // (the classifier) holds no connection for it. Until it is up, every lookup asks the database.
    if (!this.started && !this.stopping) {
      this.started = true;
      void this.feed.start();
    }
    const known = this.following ? this.known.get(id) : undefined;
    if (known) return known;
    const generation = this.generation;
    const found = await this.keys.findActive(id);
    // Not kept if the keys changed meanwhile: the answer may predate a revocation.
    if (found && this.following && generation === this.generation) this.known.set(id, found);
    return found;
  }

  async markUsed(id: string): Promise<void> {
    const now = Date.now();
    if (now - (this.lastMarked.get(id) ?? -Infinity) < MARK_USED_EVERY_MS) return;
    this.lastMarked.set(id, now);
    await this.keys.markUsed(id);
  }

  private forget(): void {
    this.generation++;
    this.known.clear();
  }
}
