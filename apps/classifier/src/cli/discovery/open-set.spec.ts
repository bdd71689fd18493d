import { foundLabels, leftOutLabels } from './open-set.js';

const theme = (members: number[]) => ({ members, size: members.length, name: '', terms: [], examples: [] });

describe('foundLabels', () => {
  const labels = ['new', 'new', 'new', 'old', 'old', 'new', 'new', 'other', 'other', 'other', 'other'];

  it('finds a left-out label that makes up at least half of a theme of 5 or more', () => {
    expect([...foundLabels({ themes: [theme([0, 1, 2, 3, 4])] }, labels, new Set(['new']))]).toEqual(['new']);
  });

  it('does not count a theme under 5 contacts, however pure', () => {
    expect(foundLabels({ themes: [theme([0, 1, 2, 5])] }, labels, new Set(['new'])).size).toBe(0);
  });

  it('does not count a label that is under half of its theme', () => {
    expect(foundLabels({ themes: [theme([0, 1, 7, 8, 9, 10])] }, labels, new Set(['new'])).size).toBe(0);
  });

  it('ignores known labels', () => {
    expect(foundLabels({ themes: [theme([7, 8, 9, 10, 3])] }, labels, new Set(['new'])).size).toBe(0);
  });
});

describe('leftOutLabels', () => {
  const examples = 'abcdefghijklmnopqrst'.split('').flatMap((label) => [{ text: `${label} 1`, label }, { text: `${label} 2`, label }]);

  it('leaves out the given share of the labels, the same ones for the same seed', () => {
    const sut = leftOutLabels(examples, 0.25, 42);
    expect(sut.size).toBe(5);
    expect(sut).toEqual(leftOutLabels(examples, 0.25, 42));
    expect(sut).not.toEqual(leftOutLabels(examples, 0.25, 7));
  });
});
