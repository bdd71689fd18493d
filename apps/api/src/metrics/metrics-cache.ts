import { Inject, Injectable, Logger, type CallHandler, type ExecutionContext, type NestInterceptor, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { from, lastValueFrom, map, type Observable } from 'rxjs';
import { DataSource } from 'typeorm';
import { ChangeFeed, METRICS_CHANGED_CHANNEL } from '@frictionlens/persistence';
import { REFLECTS_HEADER } from './metrics-reflects.interceptor.js';
import { AnswerCache, RUNTIME, wantsCsv, type CachedAnswer, type Runtime } from '@frictionlens/platform';
import { loadKnownKeys, MetricsKeys } from './metrics-keys.js';

/**
 * The metrics answers of this API instance, kept until PostgreSQL says that what they are
 * computed from changed (the NotifyMetricsChanges triggers). Dashboards and BI tools ask the
 * same questions over and over, and a year of failure demand by week and step is 1,700 rows to
 * build and serialise; rollups change only when a classification batch commits.
 */
@Injectable()
export class MetricsAnswers implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger('MetricsAnswers');
  readonly cache: AnswerCache;
  readonly keys: MetricsKeys;
  private readonly feed: ChangeFeed | undefined;

  constructor(@Inject(RUNTIME) runtime: Runtime, db: DataSource) {
    const megabytes = runtime.config.API_METRICS_CACHE_MB;
    this.cache = new AnswerCache({ maxBytes: megabytes * 1024 * 1024, maxStaleMs: runtime.config.API_METRICS_CACHE_MAX_STALE_MS });
    this.keys = new MetricsKeys(() => loadKnownKeys(db), () => this.cache.following);
    this.feed =
      megabytes > 0
        ? new ChangeFeed(
            runtime.databaseUrl,
            METRICS_CHANGED_CHANNEL,
            {
              changed: () => {
                this.keys.changed();
                this.cache.changed();
              },
              following: (following) => {
                this.keys.changed();
                this.cache.track(following);
              },
            },
            { applicationName: 'frictionlens metrics changes', onError: (message) => this.logger.warn(`${message}; metrics answers are not cached until it is back`) },
          )
        : undefined;
  }

  async onModuleInit(): Promise<void> {
    await this.feed?.start();
  }

  async onModuleDestroy(): Promise<void> {
    await this.feed?.stop();
  }
}

// The parts of Express's request and response this needs (the project does not depend on @types/express).
interface HttpRequest {
  method: string;
  originalUrl: string;
  query: Record<string, unknown>;
  headers: { accept?: string };
}
interface HttpResponse {
  setHeader(name: string, value: string): void;
  getHeader(name: string): number | string | string[] | undefined;
}

const KEPT_HEADERS = ['content-type', 'content-disposition', REFLECTS_HEADER];

/**
 * Serves a metrics GET from MetricsAnswers when it can. Runs after the API-key guard and the
 * rate limit, so a cached answer is never handed to a caller who may not see it; placed outside
 * CsvResponseInterceptor, so JSON and CSV are kept apart, ready to send.
 */
@Injectable()
export class MetricsCacheInterceptor implements NestInterceptor {
  constructor(private readonly answers: MetricsAnswers) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const request = context.switchToHttp().getRequest<HttpRequest>();
    const response = context.switchToHttp().getResponse<HttpResponse>();
    if (request.method !== 'GET') return next.handle();
    // The day is part of the key: without from/to the period is relative to today.
    const key = `${new Date().toISOString().slice(0, 10)} ${wantsCsv(request) ? 'csv' : 'json'} ${request.originalUrl}`;
    const compute = async (): Promise<CachedAnswer> => {
      const body: unknown = await lastValueFrom(next.handle());
      const headers: Record<string, string> = {};
      for (const name of KEPT_HEADERS) {
        const value = response.getHeader(name);
        if (typeof value === 'string') headers[name] = value;
      }
      const text = typeof body === 'string' ? body : JSON.stringify(body);
      if (typeof body !== 'string') headers['content-type'] = 'application/json; charset=utf-8';
      // Worked out once per answer; Express would hash the body again for every request.
      headers.etag = `"${createHash('sha1').update(text).digest('base64url')}"`;
      return { body: text, headers };
    };
    return from(this.answers.cache.answer(key, compute)).pipe(
      map(({ answer, source }) => {
        for (const [name, value] of Object.entries(answer.headers)) response.setHeader(name, value);
        // hit, stale (within API_METRICS_CACHE_MAX_STALE_MS), shared (another request's
        // computation), miss (computed here), off (computed; no change feed, so nothing is kept).
        response.setHeader('x-cache', source === 'computed' ? (this.answers.cache.following ? 'miss' : 'off') : source);
        return answer.body;
      }),
    );
  }
}
