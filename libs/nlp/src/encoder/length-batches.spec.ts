import { lengthBatchesOf } from './length-batches.js';

describe('lengthBatchesOf', () => {
  it('sorts each window by length and cuts it into batches, shortest first', () => {
    expect(lengthBatchesOf([5, 2, 9, 2, 7], 5, 2)).toEqual([[1, 3], [0, 4], [2]]);
  });

  it('never mixes texts of different windows', () => {
    expect(lengthBatchesOf([9, 8, 1, 2], 2, 4)).toEqual([[1, 0], [2, 3]]);
  });

  it('keeps the given order among texts of the same length', () => {
    expect(lengthBatchesOf([3, 3, 3], 3, 3)).toEqual([[0, 1, 2]]);
  });

  it('gives the same batches for a window whatever came before it', () => {
    const lengths = [4, 1, 6, 3, 3, 8, 2, 5];
    const whole = lengthBatchesOf(lengths, 4, 2);
    const secondWindowAlone = lengthBatchesOf(lengths.slice(4), 4, 2).map((batch) => batch.map((i) => i + 4));
    expect(whole.slice(2)).toEqual(secondWindowAlone);
  });

  it('has nothing to batch for no texts, and refuses empty batches', () => {
    expect(lengthBatchesOf([], 32, 8)).toEqual([]);
    expect(() => lengthBatchesOf([1], 0, 8)).toThrow(RangeError);
  });
});
