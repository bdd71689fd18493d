import { maskEntities, properNounsOf } from './entity-masks.js';

describe('maskEntities', () => {
  it.each([
    ['I was charged £25.50 twice', 'I was charged <number> twice'],
    ['my 3rd card this year', 'my <number> card this year'],
    ['ref AB12CD3 and order #4471', 'ref <number> and order <number>'],
    ['it arrived on 12/03/2024', 'it arrived on <date>'],
    ['since 3 May 2024 nothing', 'since <date> nothing'],
    ['due on March 5th, 2025', 'due on <date>'],
    ['every Monday the app fails', 'every <date> the app fails'],
    ['the payment in August', 'the payment in <date>'],
    ['call me at [PHONE] or [EMAIL]', 'call me at <redacted> or <redacted>'],
  ])('masks %j as %j', (text, expected) => {
    expect(maskEntities(text)).toBe(expected);
  });

  it('keeps "may" and "march" when they are no dates', () => {
    expect(maskEntities('may I march on')).toBe('may I march on');
  });

  it('masks the given proper nouns wherever they stand, in any case', () => {
    expect(maskEntities('Sarah from Leeds said sarah would call', new Set(['sarah', 'leeds']))).toBe('<name> from <name> said <name> would call');
  });
});

describe('properNounsOf', () => {
  it('takes words capitalised inside a sentence and never written in lower case', () => {
    const sut = properNounsOf(['I spoke to Sarah in Leeds yesterday', 'My Card was blocked', 'my card is lost', 'Thanks. Sarah was kind']);
    expect([...sut].sort()).toEqual(['leeds', 'sarah']);
  });

  it('takes a surname after "Mr." or "Ms." although a full stop stands before it', () => {
    const sut = properNounsOf(['I need the invoices from Mr. Smith', 'get the bill from Ms. Hawkings', 'It failed. Then it worked']);
    expect([...sut].sort()).toEqual(['hawkings', 'mr', 'ms', 'smith']);
  });

  it('leaves acronyms, "I" and sentence-initial words alone', () => {
    expect([...properNounsOf(['The ATM kept my PIN and I left', 'Refund please', "so I'd like it and I'm sure"])]).toEqual([]);
  });
});
