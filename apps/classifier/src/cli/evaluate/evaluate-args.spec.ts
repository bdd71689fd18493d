import { parseEvaluateArgs } from './evaluate-args.js';

describe('parseEvaluateArgs', () => {
  it('reads the files and columns, with defaults for the rest', () => {
    expect(parseEvaluateArgs(['--train', 'a.csv', '--test', 'b.csv'])).toEqual({
      ok: true,
      request: { trainFile: 'a.csv', testFile: 'b.csv', textColumn: 'text', labelColumn: 'label', model: 'linear', encoder: 'all-minilm-l6-v2-q' },
    });
  });

  it('takes the encoder of --model encoder, or encoders joined by "+"', () => {
    expect(parseEvaluateArgs(['--train', 'a.csv', '--test', 'b.csv', '--model', 'encoder'])).toMatchObject({ ok: true, request: { model: 'encoder', encoder: 'all-minilm-l6-v2-q' } });
    const sut = parseEvaluateArgs(['--train', 'a.csv', '--test', 'b.csv', '--model=encoder', '--encoder', 'all-minilm-l6-v2-q+bge-small-en-v15-q']);
    expect(sut).toMatchObject({ ok: true, request: { encoder: 'all-minilm-l6-v2-q+bge-small-en-v15-q' } });
  });

  it('takes the file for each prediction', () => {
    expect(parseEvaluateArgs(['--train', 'a.csv', '--test', 'b.csv', '--predictions', 'out.jsonl'])).toMatchObject({ ok: true, request: { predictionsFile: 'out.jsonl' } });
    expect(parseEvaluateArgs(['--train', 'a.csv', '--test', 'b.csv', '--predictions'])).toEqual({ ok: false, problem: '--predictions needs a value' });
  });

  it('takes the open-set flag share of an encoder model', () => {
    expect(parseEvaluateArgs(['--train', 'a.csv', '--test', 'b.csv', '--model', 'encoder', '--flag-share', '0.04'])).toMatchObject({ ok: true, request: { flagShare: 0.04 } });
    expect(parseEvaluateArgs(['--train', 'a.csv', '--test', 'b.csv', '--model', 'encoder'])).toEqual({ ok: true, request: expect.not.objectContaining({ flagShare: expect.anything() }) });
    expect(parseEvaluateArgs(['--train', 'a.csv', '--test', 'b.csv', '--flag-share', '0.04'])).toEqual({ ok: false, problem: '--flag-share goes with --model encoder' });
    expect(parseEvaluateArgs(['--train', 'a.csv', '--test', 'b.csv', '--model', 'encoder', '--flag-share', 'lots'])).toEqual({ ok: false, problem: '--flag-share must be a number from 0 to 0.5 (got "lots")' });
  });

  it('accepts --name=value and named columns', () => {
    const sut = parseEvaluateArgs(['--train=a.csv', '--test=b.csv', '--text', 'utterance', '--label=category', '--model', 'linear']);
    expect(sut).toMatchObject({ ok: true, request: { textColumn: 'utterance', labelColumn: 'category' } });
  });

  it.each([
    [['--test', 'b.csv'], '--train is required'],
    [['--train', 'a.csv'], '--test is required'],
    [['--train', 'a.csv', '--test'], '--test needs a value'],
    [['--train', 'a.csv', '--test', 'b.csv', '--model', 'forest'], '--model must be one of linear, encoder (got "forest")'],
    [['--train', 'a.csv', '--test', 'b.csv', '--encoder', 'bge-small-en-v15-q'], '--encoder goes with --model encoder'],
    [['--train', 'a.csv', '--test', 'b.csv', '--model', 'encoder', '--encoder', 'glove'], '--encoder: unknown sentence encoder "glove" (known: all-minilm-l6-v2-q, bge-small-en-v15-q, or several joined by "+")'],
    [['--train', 'a.csv', '--train', 'c.csv', '--test', 'b.csv'], '--train is given twice'],
    [['--train', 'a.csv', '--test', 'b.csv', '--seed', '3'], '--seed goes with --shots'],
    [['--train', 'a.csv', '--test', 'b.csv', '--frobnicate', '3'], 'unknown option --frobnicate'],
    [['--shots', '-1'], '--shots must be a whole number ≥ 0 (got "-1")'],
    [['--shots', '5', '--model', 'linear'], '--shots measures an encoder model: leave out --model or give --model encoder'],
    [['a.csv'], 'unexpected argument "a.csv"'],
  ])('names the problem with %j', (argv, problem) => {
    expect(parseEvaluateArgs(argv)).toEqual({ ok: false, problem });
  });

  it('measures a cold start on BANKING77 with --shots, files and seed given or not', () => {
    const parsed = parseEvaluateArgs(['--shots', '0']);
    expect(parsed).toEqual({
      ok: true,
      request: expect.objectContaining({
        trainFile: '../shared/data/banking77/train.csv',
        testFile: '../shared/data/banking77/test.csv',
        labelColumn: 'category',
        model: 'encoder',
        fewShot: { shots: 0, seed: 42, categoriesFile: '../shared/data/banking77/categories.json', scenarioFile: '../shared/scenarios/banking77-digital-bank.json' },
      }),
    });
    const other = parseEvaluateArgs(['--shots', '5', '--seed', '7', '--scenario', 'none', '--categories', 'c.json']);
    expect(other.ok && other.request.fewShot).toEqual({ shots: 5, seed: 7, categoriesFile: 'c.json' });
  });

  it('takes a second encoder for the unsure texts of an encoder model, and names what is wrong with one', () => {
    expect(parseEvaluateArgs(['--train', 'a.csv', '--test', 'b.csv', '--model', 'encoder', '--second-opinion', 'bge-small-en-v15-q'])).toMatchObject({ ok: true, request: { secondOpinion: 'bge-small-en-v15-q' } });
    expect(parseEvaluateArgs(['--train', 'a.csv', '--test', 'b.csv', '--model', 'encoder'])).toEqual({ ok: true, request: expect.not.objectContaining({ secondOpinion: expect.anything() }) });
    expect(parseEvaluateArgs(['--train', 'a.csv', '--test', 'b.csv', '--second-opinion', 'bge-small-en-v15-q'])).toEqual({ ok: false, problem: '--second-opinion goes with --model encoder' });
    expect(parseEvaluateArgs(['--train', 'a.csv', '--test', 'b.csv', '--model', 'encoder', '--second-opinion', 'gpt-9'])).toMatchObject({ ok: false, problem: expect.stringMatching(/^--second-opinion: /) });
  });

  it('asks for help', () => {
    expect(parseEvaluateArgs(['--train', 'a.csv', '-h'])).toEqual({ ok: false, help: true });
  });
});
