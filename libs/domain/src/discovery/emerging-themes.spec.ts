import { emergingDecision, type RaisedTheme } from './emerging-themes.js';

const unit = (...xs: number[]) => {
  const v = Float32Array.from(xs);
  const norm = Math.hypot(...xs);
  return v.map((x) => x / norm);
};
const raised: RaisedTheme[] = [
  { themeId: 7, terms: ['abroad', 'card', 'declined', 'payment', 'shop'], centroid: unit(1, 0, 0), centroidEncoder: 'minilm' },
  { themeId: 9, terms: ['app', 'crash', 'login', 'update', 'version'], centroid: unit(0, 1, 0), centroidEncoder: 'minilm' },
];
const growing = { emerging: true };
const flat = { emerging: false };

describe('emergingDecision', () => {
  it('raises a growing theme that matches no theme raised before', () => {
    const theme = { fingerprint: { terms: ['fee', 'transfer'], centroid: unit(0, 0, 1), centroidEncoder: 'minilm' }, dismissed: false, growth: growing };
    expect(emergingDecision(theme, raised)).toEqual({ action: 'raise' });
    expect(emergingDecision(theme, [])).toEqual({ action: 'raise' });
  });

  it('updates the theme raised before instead of raising it again, growing or not (centroid, same encoder)', () => {
    const again = { terms: ['other'], centroid: unit(1, 0.05, 0), centroidEncoder: 'minilm' };
    expect(emergingDecision({ fingerprint: again, dismissed: false, growth: growing }, raised)).toMatchObject({ action: 'update', themeId: 7, by: 'centroid' });
    expect(emergingDecision({ fingerprint: again, dismissed: false, growth: flat }, raised)).toMatchObject({ action: 'update', themeId: 7 });
  });

  it('recognises it by shared top terms where centroids cannot be compared (LSA)', () => {
    const lsa = { terms: ['abroad', 'card', 'declined', 'payment', 'terminal'], centroid: unit(0, 0, 1), centroidEncoder: 'lsa' };
    const raisedLsa = raised.map((r) => ({ ...r, centroidEncoder: 'lsa' }));
    expect(emergingDecision({ fingerprint: lsa, dismissed: false, growth: growing }, raisedLsa)).toMatchObject({ action: 'update', themeId: 7, by: 'terms' });
    const different = { ...lsa, terms: ['abroad', 'card', 'fee', 'limit', 'pin'] };
    expect(emergingDecision({ fingerprint: different, dismissed: false, growth: growing }, raisedLsa)).toEqual({ action: 'raise' });
  });

  it('never raises a theme that matches a dismissed one, and not one that does not grow', () => {
    const fingerprint = { terms: ['fee'], centroid: unit(0, 0, 1), centroidEncoder: 'minilm' };
    expect(emergingDecision({ fingerprint, dismissed: true, growth: growing }, raised)).toEqual({ action: 'none', reason: 'dismissed' });
    expect(emergingDecision({ fingerprint, dismissed: false, growth: flat }, raised)).toEqual({ action: 'none', reason: 'not growing' });
  });
});
