import { RuleBook } from './keyword-rules.js';

describe('RuleBook', () => {
  const sut = new RuleBook([
    { label: 'double_charge', phrases: ['charged twice', 'double charge'] },
    { label: 'top_up', phrases: ['top-up'] },
    { label: 'refund', phrases: ['refund', '  '] },
  ]);

  it('finds a phrase case-insensitively, across punctuation', () => {
    expect(sut.matchesInText('I was CHARGED, twice!')).toEqual([{ label: 'double_charge', phrase: 'charged twice' }]);
  });

  it('matches whole words only', () => {
    expect(sut.matchesInText('refunds are slow')).toEqual([]);
  });

  it('normalises phrases like texts, so "top-up" matches "top up"', () => {
    expect(sut.matchesInText('my top up failed')).toEqual([{ label: 'top_up', phrase: 'top-up' }]);
  });

  it('reports each label once, in the order of the rules', () => {
    expect(sut.matchesInText('refund the double charge, I was charged twice').map((m) => m.label)).toEqual(['double_charge', 'refund']);
  });

  it('ignores phrases without words', () => {
    expect(sut.matchesInText('   ')).toEqual([]);
  });
});
