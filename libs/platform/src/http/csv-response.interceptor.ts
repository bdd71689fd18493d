import { Injectable, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import { stringify } from 'csv-stringify/sync';
import { map, type Observable } from 'rxjs';

/** What an endpoint that offers CSV returns: its rows, and anything else (period, units) beside them. */
// The parts of Express's request and response this needs (the project does not depend on @types/express).
interface HttpRequest {
  path: string;
  query: Record<string, unknown>;
  headers: { accept?: string };
}
interface HttpResponse {
  setHeader(name: string, value: string): void;
}

export interface RowsResponse {
  rows: Array<Record<string, unknown>>;
}

// Excel reads a file without it as the local code page and garbles non-ASCII names.
const UTF8_BOM = '\uFEFF';

/**
 * Answers with the response's `rows` as CSV when the caller asks for it (`?format=csv`, or an
 * Accept header preferring text/csv), for spreadsheets and BI tools: a header row of the JSON
 * field names, numbers unformatted, nested values as JSON.
 */
@Injectable()
export class CsvResponseInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const request = context.switchToHttp().getRequest<HttpRequest>();
    if (!wantsCsv(request)) return next.handle();
    const response = context.switchToHttp().getResponse<HttpResponse>();
    const name = request.path.split('/').filter(Boolean).at(-1) ?? 'rows';
    return next.handle().pipe(
      map((body: RowsResponse | unknown) => {
        // An answer that is one record, not rows, stays JSON.
        if (!isRows(body)) return body;
        response.setHeader('content-type', 'text/csv; charset=utf-8');
        response.setHeader('content-disposition', `attachment; filename="${name}.csv"`);
        return UTF8_BOM + rowsToCsv(body.rows);
      }),
    );
  }
}

function isRows(body: unknown): body is RowsResponse {
  return typeof body === 'object' && body !== null && Array.isArray((body as RowsResponse).rows);
}

export function wantsCsv(request: Pick<HttpRequest, 'query' | 'headers'>): boolean {
  if (request.query.format === 'csv') return true;
  if (request.query.format === 'json') return false;
  const accept = request.headers.accept ?? '';
  return accept.includes('text/csv') && !accept.includes('application/json');
}

export function rowsToCsv(rows: Array<Record<string, unknown>>): string {
  const columns = [...new Set(rows.flatMap((row) => Object.keys(row)))];
  const cells = rows.map((row) => columns.map((column) => cellOf(row[column])));
  return stringify([columns, ...cells], { record_delimiter: '\r\n' });
}

function cellOf(value: unknown): string | number | boolean | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'object') return JSON.stringify(value);
  return value as string | number | boolean;
}
