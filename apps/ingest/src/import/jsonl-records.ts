import { isUtf8 } from 'node:buffer';
import type { Rejection } from '@frictionlens/domain';
import type { FileLine } from './file-lines.js';
import { MAX_RECORD_MIB, type SourceRecord } from './source-record.js';

const EXPECTED = 'one UTF-8 JSON object per line';

/**
 * JSON Lines: each non-blank line is one record, parsed with `JSON.parse`. Blank lines are
 * skipped. A line that is not JSON becomes an `invalid_json` rejection and reading goes on.
 */
export async function* jsonlRecords(lines: AsyncIterable<FileLine>): AsyncGenerator<SourceRecord> {
  for await (const { number, bytes, end, tooLong } of lines) {
    if (tooLong) {
      yield { line: number, end, ok: false, rejection: { code: 'text_too_large', problem: `the line is longer than ${MAX_RECORD_MIB} MiB`, expected: EXPECTED } };
      continue;
    }
    if (isBlank(bytes)) continue;
    const parsed = parseLine(bytes);
    yield 'rejection' in parsed ? { line: number, end, ok: false, rejection: parsed.rejection } : { line: number, end, ok: true, value: parsed.value };
  }
}

function parseLine(bytes: Buffer): { value: unknown } | { rejection: Rejection } {
  // Checked first: decoding alone would turn a bad byte into U+FFFD silently.
  if (!isUtf8(bytes)) return { rejection: { code: 'invalid_utf8', problem: 'the line is not valid UTF-8', expected: EXPECTED } };
  try {
    return { value: JSON.parse(bytes.toString('utf8')) as unknown };
  } catch (error) {
    // Only the position is passed on: V8's message quotes the text around it, which may be personal data.
    const position = /position (\d+)/.exec(error instanceof Error ? error.message : '')?.[1];
    const where = position === undefined ? '' : ` (at character ${position})`;
    return { rejection: { code: 'invalid_json', problem: `the line is not valid JSON${where}`, expected: EXPECTED } };
  }
}

function isBlank(bytes: Buffer): boolean {
  return bytes.every((byte) => byte === 0x20 || byte === 0x09 || byte === 0x0d);
}
