import { CsvHeaderError, csvRecords, tagsOf } from './csv-records.js';
import { fileLines } from './file-lines.js';
import type { SourceRecord } from './source-record.js';

async function recordsOf(text: string | Buffer, maxLineBytes = 10_000): Promise<SourceRecord[]> {
  async function* once() {
    yield Buffer.from(text);
  }
  const records: SourceRecord[] = [];
  for await (const record of csvRecords(fileLines(once(), maxLineBytes))) records.push(record);
  return records;
}

const outcomes = (records: SourceRecord[]) => records.map((r) => (r.ok ? [r.line, r.value] : [r.line, r.rejection.code]));

describe('csvRecords', () => {
  it('turns each row into an object keyed by the header, leaving empty cells out', async () => {
    const sut = await recordsOf('id,createdAt,subject,description\nT-1,2026-05-04,,The card never came\n42,2026-05-05,Hello,Hi\n');
    expect(outcomes(sut)).toEqual([
      [2, { id: 'T-1', createdAt: '2026-05-04', description: 'The card never came' }],
      [3, { id: '42', createdAt: '2026-05-05', subject: 'Hello', description: 'Hi' }],
    ]);
  });

  it('keeps every cell a string: ids like 00042 keep their zeros', async () => {
    const sut = await recordsOf('id,customerId\n00042,7\n');
    expect(outcomes(sut)).toEqual([[2, { id: '00042', customerId: '7' }]]);
  });

  it('reads a tags cell as a|b|c or as a JSON array', async () => {
    const sut = await recordsOf('id,tags\n1,card| delivery |\n2,"[""card"",""refund""]"\n');
    expect(outcomes(sut)).toEqual([
      [2, { id: '1', tags: ['card', 'delivery'] }],
      [3, { id: '2', tags: ['card', 'refund'] }],
    ]);
  });

  it('numbers a row by the line it starts on when a quoted cell spans lines', async () => {
    const sut = await recordsOf('id,description\r\n1,"first line\r\n\r\nthird line, with ""quotes"""\r\n2,next\r\n');
    expect(outcomes(sut)).toEqual([
      [2, { id: '1', description: 'first line\n\nthird line, with "quotes"' }],
      [5, { id: '2', description: 'next' }],
    ]);
  });

  it('skips blank lines between rows', async () => {
    const sut = await recordsOf('id,text\n\n1,a\n   \n2,b\n');
    expect(sut.map((r) => r.line)).toEqual([3, 5]);
  });

  it('rejects a malformed row as invalid_json at its line, without quoting it, and reads on', async () => {
    const sut = await recordsOf('id,text\n1,ok\n2,"jane.doe@example.com"garbage\n3,b"ad\n4,"x",extra\n5,fine\n');
    expect(outcomes(sut)).toEqual([
      [2, { id: '1', text: 'ok' }],
      [3, 'invalid_json'],
      [4, 'invalid_json'],
      [5, 'invalid_json'],
      [6, { id: '5', text: 'fine' }],
    ]);
    const problems = sut.flatMap((r) => (r.ok ? [] : [r.rejection.problem]));
    expect(problems).toEqual([
      'a quoted cell has text after its closing quote (write a quote inside a quoted cell as "")',
      'a cell that is not quoted holds a quote (quote the cell and write the quote as "")',
      'the row has 3 cell(s); the header has 2',
    ]);
    expect(JSON.stringify(sut.filter((r) => !r.ok))).not.toContain('jane.doe');
  });

  it('finds a malformed row among many parsed together', async () => {
    const rows = Array.from({ length: 1_200 }, (_, i) => (i === 700 ? `${i},"bad"x` : `${i},text ${i}`));
    const sut = await recordsOf(`id,text\n${rows.join('\n')}\n`, 100_000);
    expect(sut).toHaveLength(1_200);
    expect(sut.filter((r) => !r.ok).map((r) => r.line)).toEqual([702]);
    expect(sut[1_199]).toMatchObject({ line: 1_201, ok: true, value: { id: '1199', text: 'text 1199' } });
  });

  it('reports a quote never closed at the line it opened on', async () => {
    const sut = await recordsOf('id,text\n1,ok\n2,"never closed\n3,swallowed\n');
    expect(sut.map((r) => (r.ok ? r.line : `${r.line}: ${r.rejection.problem}`))).toEqual([2, '3: a quoted cell is never closed']);
  });

  it('rejects a row that is not UTF-8 as invalid_utf8', async () => {
    const sut = await recordsOf(Buffer.concat([Buffer.from('id,text\n1,'), Buffer.from([0xc3, 0x28]), Buffer.from('\n2,ok\n')]));
    expect(outcomes(sut)).toEqual([[2, 'invalid_utf8'], [3, { id: '2', text: 'ok' }]]);
  });

  it('reads a header with a byte-order mark and trims the names', async () => {
    const sut = await recordsOf(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(' id , text\n1,a\n')]));
    expect(outcomes(sut)).toEqual([[2, { id: '1', text: 'a' }]]);
  });

  it('treats a column named __proto__ as a plain field', async () => {
    const sut = await recordsOf('id,__proto__\n1,x\n');
    const value = (sut[0] as { value: Record<string, unknown> }).value;
    expect(Object.getPrototypeOf(value)).toBe(Object.prototype);
    expect(Object.keys(value)).toEqual(['id', '__proto__']);
  });

  it('refuses a header that cannot name every column', async () => {
    await expect(recordsOf('id,,text\n1,2,3\n')).rejects.toThrow(new CsvHeaderError('the header row (line 1) has no name for column 2'));
    await expect(recordsOf('id,text,id\n')).rejects.toThrow('names column "id" twice');
  });

  it('reads nothing from a file with only a header', async () => {
    expect(await recordsOf('id,text\n')).toEqual([]);
  });
});

describe('tagsOf', () => {
  it('passes a cell that is not a JSON array on as it is, for the contract to reject', () => {
    expect(tagsOf('[not json')).toBe('[not json');
    expect(tagsOf('{"a":1}')).toEqual(['{"a":1}']);
  });
});
