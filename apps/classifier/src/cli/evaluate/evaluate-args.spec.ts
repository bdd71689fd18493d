import { parseEvaluateArgs } from './evaluate-args.js';

describe('parseEvaluateArgs', () => {
  it('reads the files and columns, with defaults for the rest', () => {
    expect(parseEvaluateArgs(['--train', 'a.csv', '--test', 'b.csv'])).toEqual({
      ok: true,
      request: { trainFile: 'a.csv', testFile: 'b.csv', textColumn: 'text', labelColumn: 'label', model: 'linear' },
    });
  });

  it('accepts --name=value and named columns', () => {
    const sut = parseEvaluateArgs(['--train=a.csv', '--test=b.csv', '--text', 'utterance', '--label=category', '--model', 'linear']);
    expect(sut).toMatchObject({ ok: true, request: { textColumn: 'utterance', labelColumn: 'category' } });
  });

  it.each([
    [['--test', 'b.csv'], '--train is required'],
    [['--train', 'a.csv'], '--test is required'],
    [['--train', 'a.csv', '--test'], '--test needs a value'],
    [['--train', 'a.csv', '--test', 'b.csv', '--model', 'forest'], '--model must be one of linear (got "forest")'],
    [['--train', 'a.csv', '--train', 'c.csv', '--test', 'b.csv'], '--train is given twice'],
    [['--train', 'a.csv', '--test', 'b.csv', '--seed', '3'], 'unknown option --seed'],
    [['a.csv'], 'unexpected argument "a.csv"'],
  ])('names the problem with %j', (argv, problem) => {
    expect(parseEvaluateArgs(argv)).toEqual({ ok: false, problem });
  });

  it('asks for help', () => {
    expect(parseEvaluateArgs(['--train', 'a.csv', '-h'])).toEqual({ ok: false, help: true });
  });
});
