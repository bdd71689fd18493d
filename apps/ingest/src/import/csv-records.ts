import { isUtf8 } from 'node:buffer';
import { CsvError, parse } from 'csv-parse/sync';
import type { Rejection } from '@frictionlens/domain';
import type { FileLine } from './file-lines.js';
import { MAX_RECORD_BYTES, MAX_RECORD_MIB, type SourceRecord } from './source-record.js';

/** The header row cannot name the columns, so no row of the file can be read. */
export class CsvHeaderError extends Error {}

/** A whole row: its lines joined again, decoded, its quotes balanced. */
interface CsvRow {
  line: number;
  end: number;
  text: string;
}

type Unreadable = Extract<SourceRecord, { ok: false }>;

const EXPECTED = 'comma-separated cells with a header row (RFC 4180)';
// Rows are handed to the parser in chunks: one call per row costs ten times more.
const ROWS_PER_PARSE = 500;
const QUOTE = 0x22;
const COMMA = 0x2c;

/**
 * CSV with a header row: each row becomes an object keyed by the header's names. An empty cell
 * is left out (as if the field were absent); a `tags` cell holds `a|b|c` or a JSON array; every
 * other cell stays a string (the contracts accept string ids, and dates are ISO-8601 text). A
 * malformed row becomes an `invalid_json` rejection at the line it starts on, and reading goes on.
 */
export async function* csvRecords(lines: AsyncIterable<FileLine>): AsyncGenerator<SourceRecord> {
  let header: string[] | undefined;
  let chunk: Array<CsvRow | Unreadable> = [];
  for await (const item of csvRows(lines)) {
    if (!header) {
      header = headerOf(item);
      continue;
    }
    chunk.push(item);
    if (chunk.length >= ROWS_PER_PARSE) {
      yield* recordsOf(chunk, header);
      chunk = [];
    }
  }
  if (header) yield* recordsOf(chunk, header);
}

/**
 * Joins physical lines into rows: a line that ends inside a quoted cell goes on to the next.
 * A quote that is never closed is reported at the line it opened on, once the row outgrows the
 * size limit or the file ends.
 */
async function* csvRows(lines: AsyncIterable<FileLine>): AsyncGenerator<CsvRow | Unreadable> {
  let row: { line: number; parts: Buffer[]; bytes: number; quoted: boolean } | undefined;
  let lastEnd = 0;
  for await (const { number, bytes, end, tooLong } of lines) {
    lastEnd = end;
    if (!row && !tooLong && isBlank(bytes)) continue;
    row ??= { line: number, parts: [], bytes: 0, quoted: false };
    row.parts.push(bytes);
    row.bytes += bytes.length + 1;
    row.quoted = endsQuoted(bytes, row.quoted);
    if (tooLong || row.bytes > MAX_RECORD_BYTES) {
      yield rejected(row.line, end, `the row is longer than ${MAX_RECORD_MIB} MiB${row.parts.length > 1 ? '; a quoted cell is probably never closed' : ''}`);
      row = undefined;
    } else if (!row.quoted) {
      yield decode(row.line, end, row.parts);
      row = undefined;
    }
  }
  if (row) yield rejected(row.line, lastEnd, 'a quoted cell is never closed');
}

function decode(line: number, end: number, parts: Buffer[]): CsvRow | Unreadable {
  const bytes = parts.length === 1 ? parts[0]! : Buffer.concat(parts.flatMap((part, i) => (i ? [Buffer.from('\n'), part] : [part])));
  // Checked first: decoding alone would turn a bad byte into U+FFFD silently.
  if (!isUtf8(bytes)) return { line, end, ok: false, rejection: { code: 'invalid_utf8', problem: 'the row is not valid UTF-8', expected: EXPECTED } };
  return { line, end, text: bytes.toString('utf8') };
}

function headerOf(item: CsvRow | Unreadable): string[] {
  if (!('text' in item)) throw new CsvHeaderError(`the header row (line ${item.line}) cannot be read: ${item.rejection.problem}`);
  const cells = cellsOfRow(item.text);
  if (!Array.isArray(cells)) throw new CsvHeaderError(`the header row (line ${item.line}) is not valid CSV: ${cells.problem}`);
  const names = cells.map((cell) => cell.trim());
  const blank = names.findIndex((name) => name === '');
  if (blank !== -1) throw new CsvHeaderError(`the header row (line ${item.line}) has no name for column ${blank + 1}`);
  const repeated = names.find((name, i) => names.indexOf(name) !== i);
  if (repeated) throw new CsvHeaderError(`the header row (line ${item.line}) names column "${repeated}" twice`);
  return names;
}

function* recordsOf(chunk: Array<CsvRow | Unreadable>, header: string[]): Generator<SourceRecord> {
  const rows = chunk.filter((item): item is CsvRow => 'text' in item);
  const cells = cellsOfRows(rows.map((row) => row.text));
  let next = 0;
  for (const item of chunk) {
    if (!('text' in item)) {
      yield item;
      continue;
    }
    const row = cells[next++]!;
    if (!Array.isArray(row)) yield { line: item.line, end: item.end, ok: false, rejection: row };
    else if (row.length !== header.length) yield rejected(item.line, item.end, `the row has ${row.length} cell(s); the header has ${header.length}`);
    else yield { line: item.line, end: item.end, ok: true, value: objectOf(header, row) };
  }
}

// The whole chunk at once when it parses; row by row only to find which rows are malformed.
function cellsOfRows(texts: string[]): Array<string[] | Rejection> {
  if (texts.length === 0) return [];
  try {
    const parsed = parse(texts.join('\n'), { record_delimiter: '\n', relax_column_count: true });
    if (parsed.length === texts.length) return parsed;
  } catch {
    // one of the rows is malformed; found below
  }
  return texts.map(cellsOfRow);
}

function cellsOfRow(text: string): string[] | Rejection {
  try {
    const parsed = parse(text, { record_delimiter: '\n', relax_column_count: true });
    if (parsed.length === 1) return parsed[0]!;
    return { code: 'invalid_json', problem: 'the row is not valid CSV', expected: EXPECTED };
  } catch (error) {
    return { code: 'invalid_json', problem: problemOf(error), expected: EXPECTED };
  }
}

// csv-parse's own messages quote the cell, which may hold personal data; these never do.
function problemOf(error: unknown): string {
  const code = error instanceof CsvError ? error.code : undefined;
  switch (code) {
    case 'CSV_INVALID_CLOSING_QUOTE':
    case 'CSV_NON_TRIMABLE_CHAR_AFTER_CLOSING_QUOTE':
      return 'a quoted cell has text after its closing quote (write a quote inside a quoted cell as "")';
    case 'INVALID_OPENING_QUOTE':
      return 'a cell that is not quoted holds a quote (quote the cell and write the quote as "")';
    case 'CSV_QUOTE_NOT_CLOSED':
      return 'a quoted cell is never closed';
    default:
      return 'the row is not valid CSV';
  }
}

function objectOf(header: string[], cells: string[]): Record<string, unknown> {
  // fromEntries defines each key as data, so a column named __proto__ is just a column.
  return Object.fromEntries(header.flatMap((name, i) => (cells[i] === '' ? [] : [[name, name === 'tags' ? tagsOf(cells[i]!) : cells[i]]])));
}

/** `a|b|c` or a JSON array; anything else is passed on as it is, for the contract to judge. */
export function tagsOf(cell: string): unknown {
  const trimmed = cell.trim();
  if (trimmed.startsWith('[')) {
    try {
      return JSON.parse(trimmed) as unknown;
    } catch {
      return cell;
    }
  }
  return trimmed.split('|').map((tag) => tag.trim()).filter(Boolean);
}

function rejected(line: number, end: number, problem: string): Unreadable {
  return { line, end, ok: false, rejection: { code: 'invalid_json', problem, expected: EXPECTED } };
}

/**
 * Whether a line ends inside a quoted cell. A quote opens a cell only at its start, as in
 * RFC 4180; a stray quote inside an unquoted cell is left for the parser to reject, so it cannot
 * swallow the rows after it.
 */
function endsQuoted(bytes: Buffer, startsQuoted: boolean): boolean {
  if (bytes.indexOf(QUOTE) === -1) return startsQuoted;
  let state: 'cellStart' | 'unquoted' | 'quoted' | 'quoteInQuoted' = startsQuoted ? 'quoted' : 'cellStart';
  for (const byte of bytes) {
    if (state === 'quoted') state = byte === QUOTE ? 'quoteInQuoted' : 'quoted';
    else if (byte === COMMA) state = 'cellStart';
    else if (state === 'quoteInQuoted') state = byte === QUOTE ? 'quoted' : 'unquoted';
    else if (state === 'cellStart') state = byte === QUOTE ? 'quoted' : 'unquoted';
  }
  return state === 'quoted';
}

function isBlank(bytes: Buffer): boolean {
  return bytes.every((byte) => byte === 0x20 || byte === 0x09);
}
