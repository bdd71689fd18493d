/** One physical line of a file, without its line break (`\n` or `\r\n`). */
export interface FileLine {
  /** 1 for the first line of the file. */
  number: number;
  bytes: Buffer;
  /** Bytes of the file read up to the end of this line, for progress. */
  end: number;
  /** Set when the line is longer than the limit; `bytes` is then empty and the line was skipped. */
  tooLong?: true;
}

const NEWLINE = 0x0a;
const CARRIAGE_RETURN = 0x0d;
const UTF8_BOM = Buffer.from([0xef, 0xbb, 0xbf]);

/**
 * Splits a byte stream into lines without decoding it, so each format can check UTF-8 itself
 * and line numbers always match the file. A line longer than `maxLineBytes` is skipped up to its
 * line break rather than buffered, which keeps memory flat whatever the file holds.
 */
export async function* fileLines(chunks: AsyncIterable<Buffer>, maxLineBytes: number): AsyncGenerator<FileLine> {
  let number = 0;
  let offset = 0;
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  let overflow = false;
  let first = true;

  const lineOf = (last: Buffer, end: number): FileLine => {
    number++;
    if (overflow || pendingBytes + last.length > maxLineBytes) return { number, bytes: Buffer.alloc(0), end, tooLong: true };
    let bytes = pending.length ? Buffer.concat([...pending, last]) : last;
    if (bytes.at(-1) === CARRIAGE_RETURN) bytes = bytes.subarray(0, -1);
    return { number, bytes, end };
  };

  for await (const chunk of chunks) {
    let start = 0;
    // Spreadsheets often save UTF-8 with a byte-order mark; it is not part of the first line.
    if (first && chunk.subarray(0, 3).equals(UTF8_BOM)) start = 3;
    first = false;
    for (let newline = chunk.indexOf(NEWLINE, start); newline !== -1; newline = chunk.indexOf(NEWLINE, start)) {
      const line = lineOf(chunk.subarray(start, newline), offset + newline + 1);
      pending = [];
      pendingBytes = 0;
      overflow = false;
      start = newline + 1;
      yield line;
    }
    const rest = chunk.subarray(start);
    pendingBytes += rest.length;
    if (pendingBytes > maxLineBytes) {
      overflow = true;
      pending = [];
    } else if (rest.length) {
      pending.push(Buffer.from(rest)); // a copy, so the chunk it came from can be freed
    }
    offset += chunk.length;
  }
  if (pendingBytes > 0) yield lineOf(Buffer.alloc(0), offset);
}
