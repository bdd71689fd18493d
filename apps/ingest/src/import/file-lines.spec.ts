import { fileLines, type FileLine } from './file-lines.js';

async function* chunksOf(bytes: Buffer, size: number): AsyncGenerator<Buffer> {
  for (let at = 0; at < bytes.length; at += size) yield bytes.subarray(at, at + size);
}

async function linesOf(text: string | Buffer, chunkSize = 64 * 1024, maxLineBytes = 1_000): Promise<FileLine[]> {
  const lines: FileLine[] = [];
  for await (const line of fileLines(chunksOf(Buffer.from(text), chunkSize), maxLineBytes)) lines.push(line);
  return lines;
}

const texts = (lines: FileLine[]) => lines.map((l) => (l.tooLong ? '<too long>' : l.bytes.toString()));

describe('fileLines', () => {
  it('numbers lines from 1 and drops \\n and \\r\\n line breaks', async () => {
    const sut = await linesOf('first\r\nsecond\n\nfourth');
    expect(sut.map((l) => l.number)).toEqual([1, 2, 3, 4]);
    expect(texts(sut)).toEqual(['first', 'second', '', 'fourth']);
  });

  it('gives the same lines whatever the chunk size, including a \\r\\n split across chunks', async () => {
    const text = 'alpha\r\nbravo charlie\r\n\r\ndelta\necho';
    const whole = texts(await linesOf(text));
    for (const size of [1, 2, 3, 5, 7]) expect(texts(await linesOf(text, size))).toEqual(whole);
  });

  it('reports the bytes read through each line', async () => {
    const sut = await linesOf('ab\ncd\r\nef', 2);
    expect(sut.map((l) => l.end)).toEqual([3, 7, 9]);
  });

  it('skips a UTF-8 byte-order mark at the start of the file', async () => {
    const sut = await linesOf(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('id,text\n1,a')]));
    expect(texts(sut)).toEqual(['id,text', '1,a']);
  });

  it('skips a line over the limit without holding it, and reads on', async () => {
    const sut = await linesOf(`short\n${'x'.repeat(5_000)}\nafter\n`, 100, 1_000);
    expect(texts(sut)).toEqual(['short', '<too long>', 'after']);
    expect(sut[1]).toMatchObject({ number: 2, tooLong: true });
  });

  it('reads nothing from an empty file', async () => {
    expect(await linesOf('')).toEqual([]);
  });
});
