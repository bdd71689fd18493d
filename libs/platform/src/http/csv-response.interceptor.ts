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

/**
 * The rows as CSV: a header row of their field names, then one line each. Every text cell that a
 * spreadsheet would run as a formula is neutralised (see `neutralised`); numbers stay numbers.
 */
export function rowsToCsv(rows: Array<Record<string, unknown>>): string {
  const columns = [...new Set(rows.flatMap((row) => Object.keys(row)))];
  const cells = rows.map((row) => columns.map((column) => cellOf(row[column])));
  return stringify([columns.map(neutralised), ...cells], { record_delimiter: '\r\n', quoted_match: NEUTRALISED });
}

// What Excel, LibreOffice and Google Sheets read as the start of a formula (OWASP, "CSV Injection").
const FORMULA_START = /^[=+\-@\t\r]/;
// A plain decimal number written as text ("-0.5", "+3", "1e-3"): a spreadsheet reads it as that number, never a formula.
const PLAIN_NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
const NEUTRALISED = /^'[=+\-@\t\r]/;

/**
 * A text cell as it is safe to open in a spreadsheet: one that begins with = + - @ a tab or a
 * carriage return gets a leading single quote (and, as every such cell, double quotes around it),
 * so `=HYPERLINK(…)` shows as text instead of running. A plain number written as text is left
 * alone; numbers themselves (JSON numbers, such as -0.5) are never touched.
 */
export function neutralised(text: string): string {
  return FORMULA_START.test(text) && !PLAIN_NUMBER.test(text) ? `'${text}` : text;
}

function cellOf(value: unknown): string | number | boolean | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'object') return neutralised(JSON.stringify(value));
  if (typeof value === 'string') return neutralised(value);
  return value as number | boolean;
}
