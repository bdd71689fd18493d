import { readFile } from 'node:fs/promises';
import { CsvError, parse } from 'csv-parse/sync';
import type { LabelledText } from '@frictionlens/nlp';

/** The file cannot give labelled texts: unreadable, not CSV, a column missing, or no rows. */
export class LabelledCsvError extends Error {}

export interface LabelledCsv {
  examples: LabelledText[];
  /** Rows left out because their text or label was blank. */
  skipped: number;
}

/** Reads a CSV file with a header row into labelled texts from the two named columns. */
export async function readLabelledCsv(path: string, textColumn: string, labelColumn: string): Promise<LabelledCsv> {
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new LabelledCsvError(`${path}: ${code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a folder, not a file' : (error as Error).message}`);
  }
  let rows: string[][];
  try {
    rows = parse(bytes, { bom: true, skip_empty_lines: true, relax_column_count: true });
  } catch (error) {
    throw new LabelledCsvError(`${path}: not valid CSV: ${error instanceof CsvError ? error.message : String(error)}`);
  }
  const [header, ...body] = rows;
  if (!header) throw new LabelledCsvError(`${path}: the file is empty`);
  const names = header.map((name) => name.trim());
  const textAt = columnOf(path, names, textColumn, '--text');
  const labelAt = columnOf(path, names, labelColumn, '--label');
  const examples: LabelledText[] = [];
  for (const row of body) {
    const text = row[textAt]?.trim() ?? '';
    const label = row[labelAt]?.trim() ?? '';
    if (text !== '' && label !== '') examples.push({ text, label });
  }
  if (examples.length === 0) throw new LabelledCsvError(`${path}: no rows with both a text and a label`);
  return { examples, skipped: body.length - examples.length };
}

function columnOf(path: string, names: string[], column: string, option: string): number {
  const at = names.indexOf(column);
  if (at < 0) throw new LabelledCsvError(`${path}: no column "${column}" (the header has ${names.map((n) => `"${n}"`).join(', ')}); choose one with ${option}`);
  return at;
}
