import { DEFAULT_BATCH_SIZE, parseImportArgs } from './import-args.js';

describe('parseImportArgs', () => {
  it('reads the file, the kind, the batch size and the source', () => {
    expect(parseImportArgs(['tickets.csv', '--kind', 'ticket', '--batch', '500', '--source', 'zendesk'])).toEqual({
      ok: true,
      request: { file: 'tickets.csv', kind: 'ticket', batchSize: 500, source: 'zendesk' },
    });
  });

  it('takes --name=value and defaults the batch size', () => {
    expect(parseImportArgs(['--kind=warranty_claim', 'claims.ndjson'])).toEqual({
      ok: true,
      request: { file: 'claims.ndjson', kind: 'warranty_claim', batchSize: DEFAULT_BATCH_SIZE, source: undefined },
    });
  });

  it.each([
    [[], 'the file to import is missing'],
    [['a.jsonl'], '--kind is required'],
    [['a.jsonl', '--kind', 'email'], '--kind must be one of ticket, warranty_claim, complaint (got "email")'],
    [['a.jsonl', '--kind'], '--kind needs a value'],
    [['a.jsonl', '--kind', '--batch', '5'], '--kind needs a value'],
    [['a.json', '--kind', 'ticket'], 'a.json: the file name must end in .jsonl, .ndjson or .csv'],
    [['a.jsonl', 'b.csv', '--kind', 'ticket'], 'one file at a time (got a.jsonl, b.csv)'],
    [['a.jsonl', '--kind', 'ticket', '--batch', '0'], '--batch must be a whole number from 1 to 10000 (got "0")'],
    [['a.jsonl', '--kind', 'ticket', '--batch', '1e3'], '--batch must be a whole number from 1 to 10000 (got "1e3")'],
    [['a.jsonl', '--kind', 'ticket', '--source', ' '], '--source needs a value'],
    [['a.jsonl', '--kind', 'ticket', '--dry-run'], 'unknown option --dry-run'],
    [['a.jsonl', '--kind', 'ticket', '--kind', 'complaint'], '--kind is given twice'],
  ])('refuses %j, naming the bad argument', (argv, problem) => {
    expect(parseImportArgs(argv)).toEqual({ ok: false, problem });
  });

  it('asks for the usage with --help', () => {
    expect(parseImportArgs(['--help'])).toEqual({ ok: false, help: true });
  });
});
