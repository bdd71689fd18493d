import { stratifiedSplit } from './stratified-split.js';

describe('stratifiedSplit', () => {
  const targets = [...Array<number>(50).fill(0), ...Array<number>(10).fill(1), 2];

  it('holds out the same share of every class', () => {
    const sut = stratifiedSplit(targets, 0.2, 1);
    const heldOf = (k: number) => sut.heldOut.filter((row) => targets[row] === k).length;
    expect([heldOf(0), heldOf(1)]).toEqual([10, 2]);
  });

  it('keeps a class of one example for fitting', () => {
    const sut = stratifiedSplit(targets, 0.2, 1);
    expect(sut.fit).toContain(60);
  });

  it('uses every row exactly once', () => {
    const sut = stratifiedSplit(targets, 0.3, 4);
    expect([...sut.fit, ...sut.heldOut].sort((a, b) => a - b)).toEqual(targets.map((_, i) => i));
  });

  it('gives the same split for the same seed and another for another seed', () => {
    expect(stratifiedSplit(targets, 0.2, 7)).toEqual(stratifiedSplit(targets, 0.2, 7));
    expect(stratifiedSplit(targets, 0.2, 8).heldOut).not.toEqual(stratifiedSplit(targets, 0.2, 7).heldOut);
  });
});
