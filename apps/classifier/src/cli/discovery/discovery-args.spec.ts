import { DEFAULT_FLAG_SHARE, parseDiscoveryArgs } from './discovery-args.js';

describe('parseDiscoveryArgs', () => {
  it('reads a discovery run with the defaults', () => {
    const sut = parseDiscoveryArgs(['--data', 'test.csv', '--label', 'intent']);
    expect(sut).toEqual({
      ok: true,
      request: expect.objectContaining({ mode: 'discover', data: 'test.csv', textColumn: 'text', labelColumn: 'intent', encoder: 'bge-small-en-v15-q', cache: '.embeddings-cache', unknownShare: 0.25, seed: 42 }),
    });
  });

  it('reads the open-set mode, and refuses it without both files', () => {
    const sut = parseDiscoveryArgs(['--open-set', '--train', 'a.csv', '--test', 'b.csv', '--unknown-share', '0.3', '--seed', '7']);
    expect(sut).toMatchObject({ ok: true, request: { mode: 'open-set', train: 'a.csv', test: 'b.csv', unknownShare: 0.3, seed: 7 } });
    expect(parseDiscoveryArgs(['--open-set', '--train', 'a.csv'])).toEqual({ ok: false, problem: '--open-set needs --train and --test' });
    expect(parseDiscoveryArgs(['--open-set', '--train', 'a.csv', '--test', 'b.csv'])).toMatchObject({ ok: true, request: { flagShare: DEFAULT_FLAG_SHARE } });
    expect(parseDiscoveryArgs(['--open-set', '--train', 'a.csv', '--test', 'b.csv', '--flag-share', '0.03'])).toMatchObject({ ok: true, request: { flagShare: 0.03 } });
    expect(parseDiscoveryArgs(['--open-set', '--train', 'a.csv', '--test', 'b.csv', '--flag-share', '0.6'])).toEqual({ ok: false, problem: '--flag-share must be a number from 0 to 0.5, not "0.6"' });
  });

  it('turns --cache none into no cache and refuses numbers out of range', () => {
    expect(parseDiscoveryArgs(['--data', 'x.csv', '--cache', 'none'])).toMatchObject({ ok: true, request: { cache: undefined } });
    expect(parseDiscoveryArgs(['--data', 'x.csv', '--ratio', '3'])).toEqual({ ok: false, problem: '--ratio must be a number from 0 to 2, not "3"' });
    expect(parseDiscoveryArgs(['--data', 'x.csv', '--sample', 'lots'])).toMatchObject({ ok: false });
    expect(parseDiscoveryArgs(['--data', 'x.csv', '--density-correction', '0'])).toMatchObject({ ok: true, request: { densityCorrection: 0 } });
    expect(parseDiscoveryArgs(['--data', 'x.csv', '--density-correction', '-1'])).toMatchObject({ ok: false });
  });

  it('asks for --data when there is neither it nor the open-set mode', () => {
    expect(parseDiscoveryArgs([])).toMatchObject({ ok: false, problem: expect.stringContaining('--data') });
  });
});
