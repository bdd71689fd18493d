import { Injectable, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import { from, mergeMap, type Observable } from 'rxjs';
import { MetricsRepository, type MetricsReflects } from '@frictionlens/persistence';
import { wantsCsv } from '@frictionlens/platform';

/** Where a CSV answer, which carries only its rows, says what it reflects. */
export const REFLECTS_HEADER = 'x-reflects';

// The parts of Express's request and response this needs (the project does not depend on @types/express).
interface HttpRequest {
  query: Record<string, unknown>;
  headers: { accept?: string };
}
interface HttpResponse {
  setHeader(name: string, value: string): void;
}

/**
 * Adds `reflects` to every metrics answer: the taxonomy and value-stream versions and the repeat
 * window its figures reflect, so that a figure read next to an older one can be told apart after
 * categories were merged or steps remapped. Inside the answer cache, so it is cached with the
 * answer; a change to any of them invalidates both. A CSV answer has no place for it among its
 * rows, so it travels as the `x-reflects` header, in query-string form
 * (taxonomyVersion=3&valueStreamVersion=5&…).
 */
@Injectable()
export class MetricsReflectsInterceptor implements NestInterceptor {
  constructor(private readonly metrics: MetricsRepository) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const csv = wantsCsv(context.switchToHttp().getRequest<HttpRequest>());
    const response = context.switchToHttp().getResponse<HttpResponse>();
    const reflects = this.metrics.reflects();
    reflects.catch(() => undefined); // the answer's own failure, if any, is the one to report
    return next.handle().pipe(mergeMap((body: unknown) => from(withReflects(body, reflects, csv ? response : undefined))));
  }
}

async function withReflects(body: unknown, reflects: Promise<MetricsReflects>, csvResponse?: HttpResponse): Promise<unknown> {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return body;
  const figures = await reflects;
  csvResponse?.setHeader(REFLECTS_HEADER, reflectsHeaderValue(figures));
  return { ...body, reflects: figures };
}

function reflectsHeaderValue(reflects: MetricsReflects): string {
  return new URLSearchParams(Object.entries(reflects).map(([name, value]): [string, string] => [name, String(value)])).toString();
}
