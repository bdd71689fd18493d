import type { Rejection } from '@frictionlens/domain';

/**
 * One record read from an import file, or why it could not be read. `line` is where the record
 * starts in the file (from 1); `end` is how many bytes of the file have been read through it.
 */
export type SourceRecord =
  | { line: number; end: number; ok: true; value: unknown }
  | { line: number; end: number; ok: false; rejection: Rejection };

/** The largest record read (a JSON line or a CSV row); anything longer is rejected, not buffered. */
export const MAX_RECORD_BYTES = 8 * 1024 * 1024;

export const MAX_RECORD_MIB = MAX_RECORD_BYTES / 1024 / 1024;
