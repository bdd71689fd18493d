import { fingerprintTermsOf, matchDismissed } from './dismissed-themes.js';

const v = (...values: number[]) => new Float32Array(values);

describe('matchDismissed', () => {
  const dismissed = [
    { themeId: 7, terms: ['arriv', 'card', 'deliveri'], centroid: v(1, 0, 0), centroidEncoder: 'sha-a' },
    { themeId: 8, terms: ['pin', 'chang'], centroid: v(0, 1, 0), centroidEncoder: 'sha-a' },
  ];

  it('recognises a theme whose centroid by the same encoder is within the cosine threshold', () => {
    const sut = matchDismissed({ terms: ['other'], centroid: v(0.95, 0.1, 0), centroidEncoder: 'sha-a' }, dismissed);
    expect(sut).toEqual({ themeId: 7, by: 'centroid', score: expect.closeTo(0.9945, 3) });
  });

  it('does not match a neighbouring theme below the threshold, whatever its terms', () => {
    expect(matchDismissed({ terms: ['arriv', 'card', 'deliveri'], centroid: v(0.7, 0.7, 0), centroidEncoder: 'sha-a' }, dismissed)).toBeUndefined();
  });

  it('compares top terms when the centroids come from LSA or another encoder', () => {
    expect(matchDismissed({ terms: ['arriv', 'card', 'late'], centroid: v(0, 0, 1), centroidEncoder: 'lsa' }, dismissed)).toEqual({ themeId: 7, by: 'terms', score: 0.5 });
    expect(matchDismissed({ terms: ['card', 'late', 'where'], centroid: v(1, 0, 0), centroidEncoder: 'sha-b' }, dismissed)).toBeUndefined();
  });

  it('never compares two LSA centroids (each run has its own space)', () => {
    const lsa = [{ themeId: 9, terms: ['x'], centroid: v(1, 0, 0), centroidEncoder: 'lsa' }];
    expect(matchDismissed({ terms: ['y'], centroid: v(1, 0, 0), centroidEncoder: 'lsa' }, lsa)).toBeUndefined();
  });
});

describe('fingerprintTermsOf', () => {
  it('is the top terms, sorted', () => {
    expect(fingerprintTermsOf([{ term: 'card' }, { term: 'arriv' }, { term: 'zzz' }], 2)).toEqual(['arriv', 'card']);
  });
});
