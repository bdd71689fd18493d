import { Injectable, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { from, mergeMap, type Observable } from 'rxjs';
import { MetricsRepository } from '@frictionlens/persistence';

/**
 * Adds `reflects` to every metrics answer: the taxonomy and value-stream versions and the repeat
 * window its figures reflect, so that a figure read next to an older one can be told apart after
 * categories were merged or steps remapped. Inside the answer cache, so it is cached with the
 * answer; a change to any of them invalidates both.
 */
@Injectable()
export class MetricsReflectsInterceptor implements NestInterceptor {
  private readonly metrics: MetricsRepository;

  constructor(db: DataSource) {
    this.metrics = new MetricsRepository(db);
  }

  intercept(_context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const reflects = this.metrics.reflects();
    reflects.catch(() => undefined); // the answer's own failure, if any, is the one to report
    return next.handle().pipe(mergeMap((body: unknown) => from(withReflects(body, reflects))));
  }
}

async function withReflects(body: unknown, reflects: ReturnType<MetricsRepository['reflects']>): Promise<unknown> {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return body;
  return { ...body, reflects: await reflects };
}
