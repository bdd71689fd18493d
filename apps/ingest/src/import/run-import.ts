import { createReadStream } from 'node:fs';
import { access, constants, stat } from 'node:fs/promises';
import type { ContactKind } from '@frictionlens/contracts';
import { formatOf, readRecords } from './import-file.js';
import { importRecords } from './import-records.js';
import type { ImportSummary } from './import-summary.js';
import { openIngestContext } from './ingest-context.js';

export interface ImportRequest {
  file: string;
  kind: ContactKind;
  batchSize: number;
  /** The sending system for records that name none. */
  source?: string;
}

/** Follows the bytes read, e.g. to draw a progress bar. */
export interface ImportProgress {
  start(totalBytes: number): void;
  update(bytesRead: number): void;
  stop(): void;
}

/** The file cannot be imported at all (missing, unreadable, not a known format); nothing was stored. */
export class ImportFileError extends Error {}

/**
 * Imports one export file through the same validation, redaction and idempotent write as Kafka
 * and HTTP (`IngestService.ingest(batch, 'import')`). Importing a file again stores nothing new.
 * Throws `ImportFileError` before touching the database when the file cannot be read, and
 * `ImportInterruptedError` (with the counts so far) when storing fails part-way.
 */
export async function runImport(request: ImportRequest, env: NodeJS.ProcessEnv = process.env, progress?: ImportProgress): Promise<ImportSummary> {
  const format = formatOf(request.file);
  if (!format) throw new ImportFileError(`${request.file}: unknown format; the file name must end in .jsonl, .ndjson or .csv`);
  const size = await readableSize(request.file);
  const context = await openIngestContext(env);
  try {
    const file = createReadStream(request.file);
    progress?.start(size);
    try {
      return await importRecords(readRecords(file, format), (events) => context.ingest.ingest(events, 'import'), {
        kind: request.kind,
        batchSize: request.batchSize,
        source: request.source,
        onProgress: (bytes) => progress?.update(bytes),
      });
    } finally {
      progress?.stop();
      file.destroy();
    }
  } finally {
    await context.close();
  }
}

async function readableSize(file: string): Promise<number> {
  try {
    const found = await stat(file);
    if (!found.isFile()) throw new ImportFileError(`${file}: not a file`);
    await access(file, constants.R_OK);
    return found.size;
  } catch (error) {
    if (error instanceof ImportFileError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    throw new ImportFileError(`${file}: ${code === 'ENOENT' ? 'no such file' : code === 'EACCES' ? 'permission denied' : String(error)}`);
  }
}
