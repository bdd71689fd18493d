import { stratifiedSplit } from './stratified-split.js';

describe('stratifiedSplit', () => {
  const targets = [...Array<number>(50).fill(0), ...Array<number>(10).fill(1), 2];

  it.each(['latest', 'random'] as const)('holds out the same share of every class (%s)', (pick) => {
    const sut = stratifiedSplit(targets, 0.2, 1, pick);
    const heldOf = (k: number) => sut.heldOut.filter((row) => targets[row] === k).length;
    expect([heldOf(0), heldOf(1)]).toEqual([10, 2]);
  });

  it.each(['latest', 'random'] as const)('keeps a class of one example for fitting (%s)', (pick) => {
    const sut = stratifiedSplit(targets, 0.2, 1, pick);
    expect(sut.fit).toContain(60);
  });

  it.each(['latest', 'random'] as const)('uses every row exactly once (%s)', (pick) => {
    const sut = stratifiedSplit(targets, 0.3, 4, pick);
    expect([...sut.fit, ...sut.heldOut].sort((a, b) => a - b)).toEqual(targets.map((_, i) => i));
  });

  it('holds out the last rows of each class in the order given, wherever they are', () => {
    const interleaved = [0, 1, 0, 1, 0, 1, 0, 1, 0, 1];
    expect(stratifiedSplit(interleaved, 0.4, 1, 'latest').heldOut).toEqual([6, 7, 8, 9]);
    expect(stratifiedSplit(targets, 0.2, 1).heldOut).toEqual([...range(40, 50), 58, 59]);
  });

  it('gives the same random split for the same seed and another for another seed', () => {
    expect(stratifiedSplit(targets, 0.2, 7, 'random')).toEqual(stratifiedSplit(targets, 0.2, 7, 'random'));
    expect(stratifiedSplit(targets, 0.2, 8, 'random').heldOut).not.toEqual(stratifiedSplit(targets, 0.2, 7, 'random').heldOut);
  });
});

function range(from: number, to: number): number[] {
  return Array.from({ length: to - from }, (_, i) => from + i);
}
