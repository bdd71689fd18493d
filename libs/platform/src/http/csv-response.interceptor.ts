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
  /** The CSV file's name, without `.csv` (see `withCsvFilename`); JSON never shows it. */
  [CSV_FILENAME]?: string;
}

/**
 * Where an answer names its CSV file. A symbol key, so JSON.stringify leaves it out: a JSON
 * answer stays as it was, and only the CSV download is named by it.
 */
export const CSV_FILENAME: unique symbol = Symbol('csvFilename');

/**
 * Where an answer that is one record, not rows, keeps the rows it is written as in CSV (say, one
 * flat row of its nested figures). A symbol key too, so the JSON answer is unchanged.
 */
export const CSV_ROWS: unique symbol = Symbol('csvRows');

/** The record, answered in CSV (when CSV is asked for) as `rows`; JSON answers stay the record. */
export function withCsvRows<T extends object>(body: T, rows: Array<Record<string, unknown>>): T & { [CSV_ROWS]: Array<Record<string, unknown>> } {
  return Object.assign(body, { [CSV_ROWS]: rows });
}

/** The answer, whose CSV download (when CSV is asked for) is called `<name>.csv`. */
export function withCsvFilename<T extends RowsResponse>(body: T, name: string): T {
  return Object.assign(body, { [CSV_FILENAME]: name });
}

/**
 * A `Content-Disposition` header for a download named after `name` (a title, say): the ASCII
 * `filename` that every client reads, accents dropped and anything but letters and digits made a
 * hyphen, and the RFC 6266 `filename*` that keeps the letters of any script for browsers.
 */
export function attachmentOf(name: string, extension = 'csv'): string {
  const ascii = slugOf(name.toLowerCase().normalize('NFKD').replace(/\p{M}/gu, ''), /[^a-z0-9]+/g) || 'download';
  const unicode = slugOf(name.normalize('NFC'), /[^\p{L}\p{N}]+/gu) || ascii;
  const header = `attachment; filename="${ascii}.${extension}"`;
  return unicode === ascii ? header : `${header}; filename*=UTF-8''${encodeURIComponent(unicode)}.${extension}`;
}

const SLUG_LENGTH = 80;

function slugOf(text: string, separators: RegExp): string {
  const slug = text.toLowerCase().replace(separators, '-').replace(/^-+|-+$/g, '');
  return [...slug].slice(0, SLUG_LENGTH).join('').replace(/-+$/, '');
}

// Excel reads a file without it as the local code page and garbles non-ASCII names.
const UTF8_BOM = '\uFEFF';

/**
 * Answers with the response's `rows` as CSV when the caller asks for it (`?format=csv`, or an
 * Accept header preferring text/csv), for spreadsheets and BI tools: a header row of the JSON
 * field names, numbers unformatted, booleans as `true`/`false`, nested values as JSON. The file is
 * named after the path's last segment, or what the answer names it (`withCsvFilename`).
 */
@Injectable()
export class CsvResponseInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const request = context.switchToHttp().getRequest<HttpRequest>();
    if (!wantsCsv(request)) return next.handle();
    const response = context.switchToHttp().getResponse<HttpResponse>();
    const fallbackName = request.path.split('/').filter(Boolean).at(-1) ?? 'rows';
    return next.handle().pipe(
      map((body: unknown) => {
        // An answer that is one record, not rows, stays JSON unless it says how it is written as rows.
        const rows = isRows(body) ? body.rows : csvRowsOf(body);
        if (!rows) return body;
        const named = (body as RowsResponse)[CSV_FILENAME];
        response.setHeader('content-type', 'text/csv; charset=utf-8');
        response.setHeader('content-disposition', attachmentOf(named ?? fallbackName));
        return UTF8_BOM + rowsToCsv(rows);
      }),
    );
  }
}

function isRows(body: unknown): body is RowsResponse {
  return typeof body === 'object' && body !== null && Array.isArray((body as RowsResponse).rows);
}

function csvRowsOf(body: unknown): Array<Record<string, unknown>> | undefined {
  const rows = typeof body === 'object' && body !== null ? (body as { [CSV_ROWS]?: unknown })[CSV_ROWS] : undefined;
  return Array.isArray(rows) ? (rows as Array<Record<string, unknown>>) : undefined;
}

export function wantsCsv(request: Pick<HttpRequest, 'query' | 'headers'>): boolean {
  if (request.query.format === 'csv') return true;
  if (request.query.format === 'json') return false;
  const accept = request.headers.accept ?? '';
  return accept.includes('text/csv') && !accept.includes('application/json');
}

/**
 * The rows as CSV: a header row of their field names, then one line each. Every text cell that a
 * spreadsheet would run as a formula is neutralised (see `neutralised`); numbers stay numbers;
 * booleans are written `true` and `false` (not csv-stringify's `1` and an empty cell, which reads
 * as "unknown"), which Excel, LibreOffice and the BI tools read as booleans.
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

function cellOf(value: unknown): string | number | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'object') return neutralised(JSON.stringify(value));
  if (typeof value === 'string') return neutralised(value);
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  return value as number;
}
