import { stemOf, wordsOf } from './words.js';

describe('wordsOf', () => {
  it('lower-cases and splits on punctuation and spaces', () => {
    expect(wordsOf('Where is my CARD?  It was sent...')).toEqual(['where', 'is', 'my', 'card', 'it', 'was', 'sent']);
  });

  it('keeps an apostrophe inside a word and drops quotes around it', () => {
    expect(wordsOf("I don't see 'pending' anymore")).toEqual(['i', "don't", 'see', 'pending', 'anymore']);
  });

  it('treats a curly apostrophe like a straight one', () => {
    expect(wordsOf('it hasn\u2019t arrived')).toEqual(['it', "hasn't", 'arrived']);
  });

  it('splits hyphenated words so "top-up" and "top up" read the same', () => {
    expect(wordsOf('my top-up failed')).toEqual(wordsOf('my top up failed'));
  });

  it('keeps letters of other scripts and digits', () => {
    expect(wordsOf('Überweisung von 100€ an Jürgen')).toEqual(['überweisung', 'von', '100', 'an', 'jürgen']);
  });

  it('finds no words in punctuation alone', () => {
    expect(wordsOf(' ?!... ')).toEqual([]);
  });
});

describe('stemOf', () => {
  it('reduces inflections to one Porter stem', () => {
    expect(stemOf('arrived')).toBe(stemOf('arriving'));
  });
});
