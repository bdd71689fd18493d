import { fileLines } from './file-lines.js';
import { jsonlRecords } from './jsonl-records.js';
import type { SourceRecord } from './source-record.js';

async function recordsOf(text: string | Buffer, maxLineBytes = 1_000): Promise<SourceRecord[]> {
  async function* once() {
    yield Buffer.from(text);
  }
  const records: SourceRecord[] = [];
  for await (const record of jsonlRecords(fileLines(once(), maxLineBytes))) records.push(record);
  return records;
}

describe('jsonlRecords', () => {
  it('reads one JSON value per line, numbered by its line in the file', async () => {
    const sut = await recordsOf('{"id":"T-1"}\n{"id":2,"tags":["a"]}\n');
    expect(sut).toEqual([
      { line: 1, end: 13, ok: true, value: { id: 'T-1' } },
      { line: 2, end: 35, ok: true, value: { id: 2, tags: ['a'] } },
    ]);
  });

  it('skips blank lines without counting them as records, keeping the file line numbers', async () => {
    const sut = await recordsOf('\n{"id":"a"}\n   \r\n\n{"id":"b"}');
    expect(sut.map((r) => r.line)).toEqual([2, 5]);
  });

  it('rejects a malformed line as invalid_json at its line and reads on', async () => {
    const sut = await recordsOf('{"id":"a"}\n{"id": "b", "email": "jane.doe@example.com"\n{"id":"c"}\n');
    expect(sut.map((r) => [r.line, r.ok])).toEqual([[1, true], [2, false], [3, true]]);
    const bad = sut[1]!;
    if (bad.ok) throw new Error('expected a rejection');
    expect(bad.rejection.code).toBe('invalid_json');
    expect(bad.rejection.problem).toMatch(/^the line is not valid JSON/);
    // A rejection is printed; it must never quote the record.
    expect(JSON.stringify(bad.rejection)).not.toContain('jane.doe');
  });

  it('rejects a line that is not UTF-8 as invalid_utf8', async () => {
    const sut = await recordsOf(Buffer.concat([Buffer.from('{"id":"'), Buffer.from([0xff, 0xfe]), Buffer.from('"}\n{"id":"ok"}')]));
    expect(sut.map((r) => (r.ok ? 'ok' : r.rejection.code))).toEqual(['invalid_utf8', 'ok']);
  });

  it('passes a line that is JSON but not an object on, for ingest to reject as not_an_object', async () => {
    const sut = await recordsOf('[1,2]\n');
    expect(sut).toEqual([{ line: 1, end: 6, ok: true, value: [1, 2] }]);
  });

  it('rejects an overlong line as text_too_large and reads on', async () => {
    const sut = await recordsOf(`{"text":"${'x'.repeat(2_000)}"}\n{"id":"after"}\n`, 1_000);
    expect(sut.map((r) => (r.ok ? r.line : `${r.line} ${r.rejection.code}`))).toEqual(['1 text_too_large', 2]);
  });
});
