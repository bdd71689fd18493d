import type { ContactKind } from '@frictionlens/contracts';
import type { IngestResult } from '../ingest.service.js';
import type { IncomingEvent } from '../normalise/normalise-events.js';
import { ImportTally, type ImportSummary } from './import-summary.js';
import type { SourceRecord } from './source-record.js';

/** The ingest path records are handed to: `IngestService.ingest(events, 'import')` in the app. */
export type IngestBatch = (events: IncomingEvent[]) => Promise<Pick<IngestResult, 'inserted' | 'duplicates' | 'rejected'>>;

export interface ImportSettings {
  kind: ContactKind;
  /** Records per call to ingest (and per database statement). */
  batchSize: number;
  /** The sending system for records that name none; a record's own `source` wins. */
  source?: string;
  /** Called after each batch with the bytes of the file read so far. */
  onProgress?: (bytesRead: number) => void;
}

/** The import stopped before the end of the file (database or broker gone); what was done is kept. */
export class ImportInterruptedError extends Error {
  constructor(
    readonly summary: ImportSummary,
    cause: unknown,
  ) {
    super(cause instanceof Error ? cause.message : String(cause), { cause });
    this.name = 'ImportInterruptedError';
  }
}

/**
 * Hands records to ingest in batches, one batch at a time: the next batch is read only once the
 * last one is stored, so a large file never piles up in memory. Records that could not be read
 * and records ingest rejects are counted alike, by the line they start on.
 */
export async function importRecords(records: AsyncIterable<SourceRecord>, ingest: IngestBatch, settings: ImportSettings): Promise<ImportSummary> {
  const tally = new ImportTally();
  let batch: SourceRecord[] = [];
  try {
    for await (const record of records) {
      batch.push(record);
      if (batch.length < settings.batchSize) continue;
      await storeBatch(batch, ingest, settings, tally);
      batch = [];
    }
    if (batch.length) await storeBatch(batch, ingest, settings, tally);
  } catch (error) {
    throw new ImportInterruptedError(tally.snapshot(), error);
  }
  return tally.snapshot();
}

async function storeBatch(batch: SourceRecord[], ingest: IngestBatch, settings: ImportSettings, tally: ImportTally): Promise<void> {
  const readable = batch.filter((record) => record.ok);
  const events = readable.map((record): IncomingEvent => ({ kind: settings.kind, value: withSource(record.value, settings.source) }));
  const result = events.length ? await ingest(events) : { inserted: 0, duplicates: 0, rejected: [] };
  const rejectedAt = new Map(result.rejected.map(({ index, rejection }) => [readable[index]!.line, rejection]));
  tally.count({ read: batch.length, stored: result.inserted, duplicates: result.duplicates, lastLine: batch.at(-1)!.line });
  for (const record of batch) {
    const rejection = record.ok ? rejectedAt.get(record.line) : record.rejection;
    if (rejection) tally.reject(record.line, rejection);
  }
  settings.onProgress?.(batch.at(-1)!.end);
}

function withSource(value: unknown, source: string | undefined): unknown {
  if (!source || typeof value !== 'object' || value === null || Array.isArray(value)) return value;
  const own = (value as Record<string, unknown>).source;
  const named = typeof own === 'string' ? own.trim() !== '' : own !== undefined && own !== null;
  return named ? value : { ...value, source };
}
