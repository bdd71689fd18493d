import { charNgramsOf } from './char-ngrams.js';

describe('charNgramsOf', () => {
  it('pads the word with spaces so its first and last letters make their own grams', () => {
    expect(charNgramsOf('card', 2, 3)).toEqual([' c', 'ca', 'ar', 'rd', 'd ', ' ca', 'car', 'ard', 'rd ']);
  });

  it('yields a short word once, whole and padded, for the lengths it cannot fill', () => {
    expect(charNgramsOf('a', 2, 5)).toEqual([' a', 'a ', ' a ']);
  });
});
