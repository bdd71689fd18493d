import { LRUCache } from 'lru-cache';

/** A serialised HTTP answer: the body as sent, and the headers that describe it (content type, file name). */
export interface CachedAnswer {
  body: string;
  headers: Record<string, string>;
}

export interface AnswerCacheOptions {
  /** Most bytes the cache holds (a body's UTF-16 length twice, plus a little for its headers); least recently used go first. */
  maxBytes: number;
  /**
   * How long after the data changed an answer computed before the change may still be served,
   * to callers other than the one computing its successor; and while changes keep coming, one
   * question is recomputed at most every fifth of it. 0: never. Without it, a steady stream of
   * classification batches would make readers wait for a fresh computation after each batch.
   */
  maxStaleMs?: number;
}

/** How an answer was obtained: `hit` fresh from the cache, `stale` from the cache within maxStaleMs, `shared` another caller's computation, `computed` by this caller. */
export type AnswerSource = 'hit' | 'stale' | 'shared' | 'computed';

interface Entry {
  answer: CachedAnswer;
  /** When its computation started: it reflects every change before then. */
  startedAt: number;
}

interface Computation {
  promise: Promise<CachedAnswer>;
  startedAt: number;
}

/**
 * Answers kept until the data beneath them changes. The owner reports each change (`changed`)
 * and whether it can know of changes at all (`track`): while it cannot, because the change feed
 * is down, nothing is served from or kept in the cache, so an answer is never staler than
 * `maxStaleMs`. Concurrent callers of one key share one computation.
 */
export class AnswerCache {
  private readonly answers: LRUCache<string, Entry>;
  private readonly inFlight = new Map<string, Computation>();
  private readonly maxStaleMs: number;
  /** Times of the changes of the last maxStaleMs (and a little more), oldest first. */
  private changes: number[] = [];
  /** Changes up to this time were forgotten: an answer older than it is too stale to serve. */
  private forgottenUpTo = -Infinity;
  private tracking = false;
  private readonly counts: Record<AnswerSource | 'bypassed', number> = { hit: 0, stale: 0, shared: 0, computed: 0, bypassed: 0 };

  constructor(options: AnswerCacheOptions) {
    this.maxStaleMs = options.maxStaleMs ?? 0;
    this.answers = new LRUCache<string, Entry>({
      maxSize: Math.max(1, options.maxBytes),
      sizeCalculation: (entry) => Math.max(1, 2 * entry.answer.body.length + 256),
    });
  }

  /** Whether changes are being followed, so that cached answers can be trusted. */
  track(tracking: boolean): void {
    if (tracking === this.tracking) return;
    this.tracking = tracking;
    // Whatever changed while nobody was listening is unknown: start afresh either way.
    this.answers.clear();
    this.inFlight.clear();
    this.changes = [];
    this.forgottenUpTo = now();
  }

  /** The data changed (a transaction committed): answers computed before now are out of date. */
  changed(): void {
    const at = now();
    this.changes.push(at);
    const horizon = at - this.maxStaleMs - 1_000;
    let forget = 0;
    while (forget < this.changes.length && this.changes[forget]! < horizon) forget++;
    if (forget > 0) {
      this.forgottenUpTo = this.changes[forget - 1]!;
      this.changes = this.changes.slice(forget);
    }
  }

  /** The cached answer for `key` if it is current (or stale within bounds), else `compute`'s, kept for the next caller. */
  async answer(key: string, compute: () => Promise<CachedAnswer>): Promise<{ answer: CachedAnswer; source: AnswerSource; kept: boolean }> {
    if (!this.tracking) {
      this.counts.bypassed++;
      return { answer: await compute(), source: 'computed', kept: false };
    }
    const entry = this.answers.get(key);
    if (entry && this.staleFor(entry.startedAt) === 0) return this.served(entry.answer, 'hit');
    const running = this.inFlight.get(key);
    const servable = entry !== undefined && this.staleFor(entry.startedAt) <= this.maxStaleMs;
    // While one caller computes the successor, the others take the answer it replaces; and
    // while changes keep landing, a question is recomputed at most every fifth of maxStaleMs.
    if (servable && (running || now() - entry.startedAt < this.maxStaleMs / 5)) return this.served(entry.answer, 'stale');
    if (running && this.staleFor(running.startedAt) <= this.maxStaleMs) return this.served(await running.promise, 'shared');

    this.counts.computed++;
    const computation: Computation = { promise: compute(), startedAt: now() };
    this.inFlight.set(key, computation);
    try {
      const answer = await computation.promise;
      const newest = this.answers.get(key);
      const keep = this.tracking && computation.startedAt >= this.forgottenUpTo && (!newest || newest.startedAt < computation.startedAt);
      if (keep) this.answers.set(key, { answer, startedAt: computation.startedAt });
      return { answer, source: 'computed', kept: keep };
    } finally {
      if (this.inFlight.get(key) === computation) this.inFlight.delete(key);
    }
  }

  /** Whether answers are being kept (the change feed is up). */
  get following(): boolean {
    return this.tracking;
  }

  get stats(): Record<AnswerSource | 'bypassed', number> & { entries: number; bytes: number; tracking: boolean } {
    return { ...this.counts, entries: this.answers.size, bytes: this.answers.calculatedSize, tracking: this.tracking };
  }

  private served(answer: CachedAnswer, source: AnswerSource): { answer: CachedAnswer; source: AnswerSource; kept: boolean } {
    this.counts[source]++;
    return { answer, source, kept: true };
  }

  /** How long the data has been changed since `startedAt` (0: not changed since); Infinity when that is no longer known. */
  private staleFor(startedAt: number): number {
    if (startedAt < this.forgottenUpTo) return Infinity;
    const firstChange = this.changes.find((at) => at >= startedAt);
    return firstChange === undefined ? 0 : Math.max(Number.MIN_VALUE, now() - firstChange);
  }
}

const now = () => performance.now();
