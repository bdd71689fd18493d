import { Inject, Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import { LRUCache } from 'lru-cache';
import { API_KEYS_CHANGED_CHANNEL, ApiKeyRepository, ChangeFeed } from '@frictionlens/persistence';
import { RUNTIME, type Runtime } from '../runtime.js';

interface ActiveKey {
  secretHash: string;
  scopes: string[];
}

// Beyond this many keys marked used the least recently marked are marked again sooner.
const MAX_MARKED = 10_000;
// last_used_at tells a live key from a forgotten one: once a minute per key is plenty.
const MARK_USED_EVERY_MS = 60_000;
// A reload outdated by yet another change while it ran is retried this often before a request
// falls back to asking for its own key.
const RELOAD_ATTEMPTS = 3;
// How long a key id that is not among the active keys waits for a change to arrive before it is refused.
const UNKNOWN_KEY_WAIT_MS = 100;

/**
 * Every active API key (id, secret hash, scopes), held in memory while PostgreSQL tells this
 * instance when api_keys changes (the NotifyApiKeyChanges trigger, LISTENed to here), and read
 * again in full on each change. So a request costs no database round trip, whether its key
 * exists or not (made-up key ids are answered from memory), a revocation takes effect at once,
 * and a key created anywhere works as soon as its NOTIFY arrives: requests meanwhile wait for
 * the reload, and an unknown id waits UNKNOWN_KEY_WAIT_MS for one before it is refused. While the
 * change feed is down every request asks the database for its key.
 */
@Injectable()
export class KnownApiKeys implements OnModuleDestroy {
  private readonly logger = new Logger('KnownApiKeys');
  private readonly lastMarked = new LRUCache<string, number>({ max: MAX_MARKED });
  private readonly feed: ChangeFeed;
  /** Every active key, by id; undefined when not following, or not loaded since the last change. */
  private active: Map<string, ActiveKey> | undefined;
  private reloading: Promise<void> | undefined;
  private following = false;
  private started: Promise<void> | undefined;
  private stopping = false;
  private generation = 0;

  constructor(
    private readonly keys: ApiKeyRepository,
    @Inject(RUNTIME) runtime: Runtime,
  ) {
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
    // (the classifier) holds no connection for it. The first request waits for the LISTEN.
    if (!this.started && !this.stopping) this.started = this.feed.start();
    await this.started;
    const known = (await this.allActive())?.get(id);
    if (known) return known;
    // Not known: a made-up id, a revoked key, or one created a moment ago whose NOTIFY is still on
    // its way (it leaves PostgreSQL at the commit, so it is here well within the wait). Look again
    // after it, which also slows down guessing; no database round trip either way.
    if (this.following) await new Promise((resolve) => setTimeout(resolve, UNKNOWN_KEY_WAIT_MS));
    const active = await this.allActive();
    return active ? active.get(id) : this.keys.findActive(id);
  }

  async markUsed(id: string): Promise<void> {
    const now = Date.now();
    if (now - (this.lastMarked.get(id) ?? -Infinity) < MARK_USED_EVERY_MS) return;
    this.lastMarked.set(id, now);
    await this.keys.markUsed(id);
  }

  /** Every active key while the feed is followed (loaded once per change); undefined otherwise. */
  private async allActive(): Promise<Map<string, ActiveKey> | undefined> {
    for (let attempt = 0; attempt < RELOAD_ATTEMPTS && this.following && !this.active; attempt++) {
      this.reloading ??= this.reload();
      await this.reloading;
    }
    return this.following ? this.active : undefined;
  }

  private reload(): Promise<void> {
    const generation = this.generation;
    const reloading = this.loadActive().then(
      (active) => {
        // Not kept if the keys changed meanwhile: the answer may predate a revocation.
        if (generation === this.generation && this.following) this.active = active;
      },
      (error: unknown) => this.logger.warn(`could not read the API keys (${error instanceof Error ? error.message : String(error)}); looking each key up instead`),
    );
    void reloading.finally(() => {
      if (this.reloading === reloading) this.reloading = undefined;
    });
    return reloading;
  }

  private async loadActive(): Promise<Map<string, ActiveKey>> {
    return this.keys.allActive();
  }

  private forget(): void {
    this.generation++;
    this.active = undefined;
    this.reloading = undefined;
    // Read again at once, so the next request finds the keys ready (or waits for them).
    if (this.following && !this.stopping) void this.allActive();
  }
}
