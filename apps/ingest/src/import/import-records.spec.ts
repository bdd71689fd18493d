import type { Rejection } from '@frictionlens/domain';
import type { IncomingEvent } from '../normalise/normalise-events.js';
import { importRecords, ImportInterruptedError, type IngestBatch } from './import-records.js';
import { formatSummary } from './import-summary.js';
import type { SourceRecord } from './source-record.js';

const ok = (line: number, value: unknown): SourceRecord => ({ line, end: line * 10, ok: true, value });
const unreadable = (line: number): SourceRecord => ({ line, end: line * 10, ok: false, rejection: { code: 'invalid_json', problem: 'the line is not valid JSON' } });
const missingDescription: Rejection = { code: 'missing_field', field: 'description', problem: 'is required' };

/** A fake ingest: rejects events whose id starts with "bad", counts ids seen before as duplicates. */
function fakeIngest() {
  const seen = new Set<string>();
  const calls: IncomingEvent[][] = [];
  const ingest: IngestBatch = async (events) => {
    calls.push(events);
    const result = { inserted: 0, duplicates: 0, rejected: [] as Array<{ index: number; rejection: Rejection }> };
    events.forEach((event, index) => {
      const id = String((event as { value: { id: string } }).value.id);
      if (id.startsWith('bad')) {
        result.rejected.push({ index, rejection: missingDescription });
      } else if (seen.has(id)) {
        result.duplicates++;
      } else {
        seen.add(id);
        result.inserted++;
      }
    });
    return result;
  };
  return { ingest, calls };
}

async function* fromArray(records: SourceRecord[], onRead?: (line: number) => void): AsyncGenerator<SourceRecord> {
  for (const record of records) {
    onRead?.(record.line);
    yield record;
  }
}

describe('importRecords', () => {
  it('counts stored, duplicate and rejected records, rejections at their file lines', async () => {
    const { ingest } = fakeIngest();
    const records = [ok(1, { id: 'a' }), unreadable(2), ok(3, { id: 'bad-1' }), ok(4, { id: 'a' }), ok(5, { id: 'b' }), ok(7, { id: 'bad-2' })];
    const sut = await importRecords(fromArray(records), ingest, { kind: 'ticket', batchSize: 2 });
    expect(sut).toEqual({
      read: 6,
      stored: 2,
      duplicates: 1,
      rejected: 3,
      rejectedByCode: { invalid_json: 1, missing_field: 2 },
      firstRejections: [
        { line: 2, code: 'invalid_json', problem: 'the line is not valid JSON' },
        { line: 3, ...missingDescription },
        { line: 7, ...missingDescription },
      ],
      lastLine: 7,
    });
  });

  it('reads the next batch only once the last one is stored', async () => {
    const log: string[] = [];
    const { ingest } = fakeIngest();
    const slowIngest: IngestBatch = async (events) => {
      log.push(`store ${events.length}`);
      await new Promise((resolve) => setTimeout(resolve, 5));
      return ingest(events);
    };
    const records = Array.from({ length: 5 }, (_, i) => ok(i + 1, { id: `r${i}` }));
    await importRecords(fromArray(records, (line) => log.push(`read ${line}`)), slowIngest, { kind: 'ticket', batchSize: 2 });
    expect(log).toEqual(['read 1', 'read 2', 'store 2', 'read 3', 'read 4', 'store 2', 'read 5', 'store 1']);
  });

  it('hands every readable record to ingest as the kind asked for', async () => {
    const { ingest, calls } = fakeIngest();
    await importRecords(fromArray([ok(1, { id: 'a' }), unreadable(2)]), ingest, { kind: 'complaint', batchSize: 10 });
    expect(calls).toEqual([[{ kind: 'complaint', value: { id: 'a' } }]]);
  });

  it('gives --source to records that name no source, and leaves the others', async () => {
    const { ingest, calls } = fakeIngest();
    const records = [ok(1, { id: 'a' }), ok(2, { id: 'b', source: ' ' }), ok(3, { id: 'c', source: 'Salesforce' }), ok(4, ['not', 'an', 'object'])];
    await importRecords(fromArray(records), ingest, { kind: 'ticket', batchSize: 10, source: 'zendesk' });
    expect(calls[0]!.map((e) => (e as { value: unknown }).value)).toEqual([
      { id: 'a', source: 'zendesk' },
      { id: 'b', source: 'zendesk' },
      { id: 'c', source: 'Salesforce' },
      ['not', 'an', 'object'],
    ]);
  });

  it('reports the bytes read after each batch', async () => {
    const { ingest } = fakeIngest();
    const progress: number[] = [];
    const records = Array.from({ length: 5 }, (_, i) => ok(i + 1, { id: `r${i}` }));
    await importRecords(fromArray(records), ingest, { kind: 'ticket', batchSize: 2, onProgress: (bytes) => progress.push(bytes) });
    expect(progress).toEqual([20, 40, 50]);
  });

  it('lists only the first ten rejections but counts them all', async () => {
    const { ingest } = fakeIngest();
    const records = Array.from({ length: 25 }, (_, i) => unreadable(i + 1));
    const sut = await importRecords(fromArray(records), ingest, { kind: 'ticket', batchSize: 7 });
    expect(sut.rejected).toBe(25);
    expect(sut.firstRejections.map((r) => r.line)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
  });

  it('stops with the counts so far when storing fails', async () => {
    const { ingest } = fakeIngest();
    let calls = 0;
    const failing: IngestBatch = async (events) => {
      if (++calls === 2) throw new Error('connection terminated');
      return ingest(events);
    };
    const records = Array.from({ length: 6 }, (_, i) => ok(i + 1, { id: `r${i}` }));
    const sut = importRecords(fromArray(records), failing, { kind: 'ticket', batchSize: 2 });
    await expect(sut).rejects.toThrow(ImportInterruptedError);
    await expect(sut).rejects.toMatchObject({ message: 'connection terminated', summary: { read: 2, stored: 2, lastLine: 2 } });
  });
});

describe('formatSummary', () => {
  it('prints the counts, the rejections by code and each listed rejection as line N: field: problem', () => {
    const sut = formatSummary(
      {
        read: 1_204,
        stored: 1_000,
        duplicates: 200,
        rejected: 4,
        rejectedByCode: { missing_field: 3, invalid_json: 1 },
        firstRejections: [
          { line: 9, code: 'invalid_json', problem: 'the line is not valid JSON (at character 3)' },
          { line: 12, ...missingDescription },
        ],
        lastLine: 1_210,
      },
      2,
    );
    expect(sut.split('\n')).toEqual([
      'records read      1,204   (2.0 s, 602 records/s)',
      'stored            1,000',
      'duplicates          200   (already stored, or repeated in the file)',
      'rejected              4',
      '  invalid_json             1',
      '  missing_field            3',
      '',
      'first 2 rejection(s) of 4:',
      '  line 9: the line is not valid JSON (at character 3)',
      '  line 12: description: is required',
    ]);
  });
});
