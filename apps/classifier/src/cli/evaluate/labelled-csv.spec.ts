import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LabelledCsvError, readLabelledCsv } from './labelled-csv.js';

describe('readLabelledCsv', () => {
  const folder = mkdtempSync(join(tmpdir(), 'labelled-csv-'));
  const fileWith = (name: string, content: string) => {
    const path = join(folder, name);
    writeFileSync(path, content);
    return path;
  };

  it('reads the named columns, quoted commas and all', () => {
    const path = fileWith('ok.csv', 'id,text,category\n1,"card, still not here",card_arrival\n2,refund please,refund\n');
    return expect(readLabelledCsv(path, 'text', 'category')).resolves.toEqual({
      examples: [
        { text: 'card, still not here', label: 'card_arrival' },
        { text: 'refund please', label: 'refund' },
      ],
      skipped: 0,
    });
  });

  it('leaves out rows with a blank text or label and says how many', async () => {
    const path = fileWith('blanks.csv', 'text,label\nhello,a\n,b\nworld,\n');
    expect(await readLabelledCsv(path, 'text', 'label')).toMatchObject({ skipped: 2, examples: [{ text: 'hello', label: 'a' }] });
  });

  it('names a missing column and the columns there are', () => {
    const path = fileWith('columns.csv', 'text,intent\nhi,greet\n');
    return expect(readLabelledCsv(path, 'text', 'label')).rejects.toThrow('no column "label" (the header has "text", "intent"); choose one with --label');
  });

  it('refuses a missing file, an empty file and a file without rows', async () => {
    await expect(readLabelledCsv(join(folder, 'nope.csv'), 'text', 'label')).rejects.toThrow(/nope\.csv: no such file/);
    await expect(readLabelledCsv(fileWith('empty.csv', ''), 'text', 'label')).rejects.toThrow(/the file is empty/);
    await expect(readLabelledCsv(fileWith('header.csv', 'text,label\n'), 'text', 'label')).rejects.toThrow(LabelledCsvError);
  });

  it('refuses a file that is not CSV', () => {
    const path = fileWith('broken.csv', 'text,label\n"never closed,a\n');
    return expect(readLabelledCsv(path, 'text', 'label')).rejects.toThrow(/not valid CSV/);
  });
});
