import { extname } from 'node:path';
import { csvRecords } from './csv-records.js';
import { fileLines } from './file-lines.js';
import { jsonlRecords } from './jsonl-records.js';
import { MAX_RECORD_BYTES, type SourceRecord } from './source-record.js';

export type ImportFormat = 'jsonl' | 'csv';

const FORMAT_BY_EXTENSION: Record<string, ImportFormat> = { '.jsonl': 'jsonl', '.ndjson': 'jsonl', '.csv': 'csv' };

/** The format a file name says it holds, by extension (`.jsonl`, `.ndjson`, `.csv`); undefined for others. */
export function formatOf(path: string): ImportFormat | undefined {
  return FORMAT_BY_EXTENSION[extname(path).toLowerCase()];
}

/**
 * Reads an export as a stream of records, in file order, pulling bytes only as records are
 * taken (so a consumer that awaits each batch holds back the file read too).
 */
export function readRecords(chunks: AsyncIterable<Buffer>, format: ImportFormat): AsyncGenerator<SourceRecord> {
  const lines = fileLines(chunks, MAX_RECORD_BYTES);
  return format === 'csv' ? csvRecords(lines) : jsonlRecords(lines);
}
