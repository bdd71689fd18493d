import { sample } from './few-shot.js';

const train = ['a', 'b', 'c'].flatMap((label) => Array.from({ length: label === 'c' ? 2 : 10 }, (_, i) => ({ text: `${label} ${i}`, label })));

describe('sample', () => {
  it('takes N examples of each label (all of a smaller one), the same for the same seed', () => {
    const five = sample(train, 5, 42);
    expect(five.filter((e) => e.label === 'a')).toHaveLength(5);
    expect(five.filter((e) => e.label === 'c')).toHaveLength(2);
    expect(sample(train, 5, 42)).toEqual(five);
    expect(sample(train, 5, 43)).not.toEqual(five);
    expect(sample(train, 0, 42)).toEqual([]);
  });
});
