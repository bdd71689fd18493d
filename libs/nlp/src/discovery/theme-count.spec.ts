import { seededRandom } from '../models/random.js';
import { discoverThemes } from './discover-themes.js';
import { matrixOf, normaliseRows } from './embedding-matrix.js';
import { DENSITY_RATIO_BOUNDS, densityCorrectedRatio } from './theme-count.js';

// Themes that each come in four wordings: a theme centre (random direction, 64 dimensions), four
// variants around it, contacts around a variant. With many contacts per theme the variants become
// clusters of their own at a fixed cut, as one intent splits by wording in real contacts.
function themesWithWordings(themes: number, perTheme: number, seed: number) {
  const random = seededRandom(seed);
  const gaussian = () => Math.sqrt(-2 * Math.log((random() + 1) / 2 ** 32)) * Math.cos((2 * Math.PI * random()) / 2 ** 32);
  const dimensions = 64;
  const data = new Float32Array(themes * perTheme * dimensions);
  const labels: number[] = [];
  let row = 0;
  for (let t = 0; t < themes; t++) {
    const centre = Float32Array.from({ length: dimensions }, gaussian);
    normaliseRows(centre, dimensions);
    const variants = Array.from({ length: 4 }, () => centre.map((x) => x + gaussian() / Math.sqrt(dimensions)));
    for (let i = 0; i < perTheme; i++, row++) {
      const variant = variants[Math.floor((random() / 2 ** 32) * 4)]!;
      labels.push(t);
      for (let j = 0; j < dimensions; j++) data[row * dimensions + j] = variant[j]! + (0.3 / 8) * gaussian();
    }
  }
  normaliseRows(data, dimensions);
  return { matrix: matrixOf(data, dimensions), texts: labels.map((t) => `theme${t}`), labels };
}

describe('densityCorrectedRatio', () => {
  it('keeps the ratio at the reference density and raises it with the log of the contacts per theme', () => {
    expect(densityCorrectedRatio(0.58, 20, 0.1)).toBeCloseTo(0.58, 10);
    expect(densityCorrectedRatio(0.58, 40, 0.1)).toBeCloseTo(0.58 + 0.1 * Math.log(2), 10);
    expect(densityCorrectedRatio(0.58, 10, 0.1)).toBeCloseTo(0.58 - 0.1 * Math.log(2), 10);
    expect(densityCorrectedRatio(0.58, 40, 0.1, 40)).toBeCloseTo(0.58, 10);
  });

  it('stays within its bounds, and changes nothing without a correction or a density', () => {
    expect(densityCorrectedRatio(0.58, 1e6, 0.1)).toBe(DENSITY_RATIO_BOUNDS[1]);
    expect(densityCorrectedRatio(0.58, 0.01, 0.1)).toBe(DENSITY_RATIO_BOUNDS[0]);
    expect(densityCorrectedRatio(0.58, 80, 0)).toBe(0.58);
    expect(densityCorrectedRatio(0.58, 0, 0.1)).toBe(0.58);
  });
});

describe('the number of themes at different densities', () => {
  // Without the correction a cut fixed at 0.58 x the median distance finds 23-30 themes here at 40
  // and 80 contacts per theme (the wordings become themes); with it, 20 +- 3.
  it.each([40, 80])('finds the 20 themes with %i contacts per theme where a fixed cut splits them by wording', async (perTheme) => {
    const { matrix, texts } = themesWithWordings(20, perTheme, 11);
    const corrected = await discoverThemes(matrix, texts, { sampleSize: 2000 });
    const fixed = await discoverThemes(matrix, texts, { sampleSize: 2000, densityCorrection: 0 });
    expect(Math.abs(corrected.estimate.count - 20)).toBeLessThanOrEqual(3);
    expect(fixed.estimate.count).toBeGreaterThan(22);
    expect(fixed.estimate.count).toBe(corrected.estimate.uncorrectedCount);
    expect(corrected.estimate.density).toBeCloseTo(corrected.estimate.sampleSize / corrected.estimate.uncorrectedCount, 10);
    expect(corrected.estimate.threshold / corrected.estimate.medianDistance).toBeCloseTo(densityCorrectedRatio(0.58, corrected.estimate.density, 0.1), 6);
  });

  it('counts about as many themes from a sample of the contacts as from all of them', async () => {
    const { matrix, texts } = themesWithWordings(20, 80, 12);
    const sampled = await discoverThemes(matrix, texts, { sampleSize: 800 });
    expect(sampled.estimate.sampleSize).toBe(800);
    expect(Math.abs(sampled.estimate.count - 20)).toBeLessThanOrEqual(3);
  });
});
