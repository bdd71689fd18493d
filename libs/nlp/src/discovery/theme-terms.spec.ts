import { termsOfText, themeTerms, themeNameOf } from './theme-terms.js';

describe('themeTerms', () => {
  it('ranks the words distinctive of a theme above the words every theme shares', () => {
    const texts = ['card not arrived yet', 'my card has not arrived', 'new card arrived late', 'card payment declined', 'card declined at shop', 'why was my card declined'];
    const sut = themeTerms(texts, Int32Array.from([0, 0, 0, 1, 1, 1]), 2, 10);
    const weight = (theme: number, term: string) => sut[theme]!.find((t) => t.term === term)?.weight ?? 0;
    expect(sut[0]![0]!.term).toBe('arrived');
    expect(sut[1]![0]!.term).toBe('declined');
    expect(weight(0, 'card')).toBeLessThan(weight(0, 'arrived'));
    expect(weight(1, 'card')).toBeLessThan(weight(1, 'declined'));
  });

  it('never names a theme by a person, a place, a date or a number', () => {
    const texts = ['Sarah in Leeds says refund 42 is missing', 'ask Sarah about the refund from 3 May', 'a refund for order 7781 in Leeds'];
    const terms = themeTerms(texts, Int32Array.from([0, 0, 0]), 1, 10)[0]!.map((t) => t.term);
    expect(terms).toContain('refund');
    for (const banned of ['sarah', 'leeds', '42', '7781', 'may']) expect(terms.join(' ')).not.toContain(banned);
  });

  it('skips a word already inside a better two-word term', () => {
    expect(themeNameOf([{ term: 'card arrival', weight: 2 }, { term: 'tracking', weight: 1 }])).toBe('card arrival, tracking');
    const sut = themeTerms(['card arrival late', 'card arrival when', 'card arrival tracking'], Int32Array.from([0, 0, 0]), 1, 3)[0]!.map((t) => t.term);
    expect(sut[0]).toBe('card arrival');
    expect(sut).not.toContain('card');
    expect(sut).not.toContain('arrival');
  });
});

describe('termsOfText', () => {
  it('gives words and two-word phrases, broken by stop words and masks', () => {
    expect([...termsOfText('card has not arrived since 3 May, tracking broken', new Set())].sort()).toEqual(['arrived', 'broken', 'card', 'tracking', 'tracking broken']);
  });
});
