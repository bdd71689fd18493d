import { softmaxInto } from './calibration.js';
import { centroidCosinesInto, centroidsOf, fitLogistic, fitOpenSet, flagShareThreshold, OPEN_SET_FEATURE_COUNT, openSetFeaturesInto, unknownProbability } from './open-set.js';
import { seededRandom as seededIntegers } from './random.js';

const DIMENSIONS = 8;

// Uniform in [0, 1), seeded.
function seededRandom(seed: number): () => number {
  const next = seededIntegers(seed);
  return () => next() / 2 ** 32;
}

function unit(vector: number[]): Float32Array {
  const length = Math.hypot(...vector);
  return Float32Array.from(vector, (x) => x / length);
}

// A text of class k points along axis k, with seeded noise; an unknown text along the last axis,
// which no class uses: far from every category.
function embeddingOf(k: number, random: () => number, noise = 0.25): Float32Array {
  return unit(Array.from({ length: DIMENSIONS }, (_, d) => (d === k ? 1 : 0) + noise * (random() - 0.5)));
}

// A linear model's decision values for an embedding: the dot product with each class axis, scaled.
function scoresOf(embedding: Float32Array, classes: number): number[] {
  return Array.from({ length: classes }, (_, k) => 4 * embedding[k]! - 2);
}

describe('openSetFeaturesInto', () => {
  const scores = [1, 3, 2, 0];
  const probabilities = new Float64Array(4);
  softmaxInto(scores, 0, 4, 1, probabilities);
  const cosines = [0.2, 0.9, 0.5, 0.1];

  it('reads the top label, its margin, the nearest and the top label’s centroids', () => {
    const out = new Float64Array(OPEN_SET_FEATURE_COUNT);
    const top = openSetFeaturesInto({ scores, offset: 0, probabilities, cosines, classes: 4, outOfScope: -1 }, out);
    expect(top).toBe(1);
    expect(Array.from(out)).toEqual([probabilities[1], 1, 0.9, 0.9, 0]);
  });

  it('leaves the out-of-scope class out of the nearest centroid, and reads its probability', () => {
    const out = new Float64Array(OPEN_SET_FEATURE_COUNT);
    openSetFeaturesInto({ scores, offset: 0, probabilities, cosines, classes: 4, outOfScope: 1 }, out);
    // Top label is the out-of-scope class: its centroid is not a category's, the nearest one stands in.
    expect(Array.from(out)).toEqual([probabilities[1], 1, 0.5, 0.5, probabilities[1]]);
  });

  it('acts as if a hidden class did not exist: the runner-up becomes the top, probabilities renormalised', () => {
    const out = new Float64Array(OPEN_SET_FEATURE_COUNT);
    const top = openSetFeaturesInto({ scores, offset: 0, probabilities, cosines, classes: 4, outOfScope: -1, hidden: 1 }, out);
    expect(top).toBe(2);
    expect(out[0]).toBeCloseTo(probabilities[2]! / (1 - probabilities[1]!), 12);
    expect(Array.from(out.subarray(1))).toEqual([1, 0.5, 0.5, 0]);
  });
});

describe('centroidsOf and centroidCosinesInto', () => {
  it('gives each class its mean direction, unit length, from the rows asked for', () => {
    const vectors = [unit([1, 1, 0]), unit([1, -1, 0]), unit([0, 0, 1]), unit([0, 1, 0])];
    const centroids = centroidsOf(vectors, [0, 0, 1, 1], 2, [0, 1, 2]);
    expect(Array.from(centroids.subarray(0, 3)).map((x) => Math.round(x * 1e6) / 1e6)).toEqual([1, 0, 0]);
    expect(Array.from(centroids.subarray(3))).toEqual([0, 0, 1]);
    const cosines = new Float64Array(2);
    centroidCosinesInto(centroids, unit([1, 0, 1]), cosines);
    expect(cosines[0]).toBeCloseTo(Math.SQRT1_2, 6);
    expect(cosines[1]).toBeCloseTo(Math.SQRT1_2, 6);
  });
});

describe('fitLogistic', () => {
  it('recovers a known logistic rule from its samples', () => {
    const random = seededRandom(7);
    const rows: number[][] = [];
    const y: number[] = [];
    for (let i = 0; i < 4000; i++) {
      const a = 4 * random() - 2;
      const b = 4 * random() - 2;
      rows.push([a, b]);
      y.push(random() < 1 / (1 + Math.exp(-(3 * a - 2 * b + 0.5))) ? 1 : 0);
    }
    const weights = fitLogistic(rows, y, new Float64Array(rows.length).fill(1), 0);
    expect(weights[0]).toBeCloseTo(3, 0);
    expect(weights[1]).toBeCloseTo(-2, 0);
    expect(weights[2]).toBeCloseTo(0.5, 0);
  });
});

describe('fitOpenSet', () => {
  const classes = 5;
  // Held-out rows of classes 0–4 (the last, 4, is "oos" where the data has one), and the
  // centroids of the rows the model was fitted on.
  function validation(withOutOfScope: boolean) {
    const random = seededRandom(3);
    const fitRows = Array.from({ length: 200 }, (_, i) => ({ k: i % classes, v: embeddingOf(i % classes, random) }));
    const targets: number[] = [];
    const embeddings: Float32Array[] = [];
    for (let i = 0; i < 400; i++) {
      const k = i % classes;
      targets.push(k);
      // Out-of-scope texts scatter between the category axes and the empty one.
      embeddings.push(withOutOfScope && k === 4 ? embeddingOf(DIMENSIONS - 1 - (i % 3), random, 1.5) : embeddingOf(k, random));
    }
    const scores = Float32Array.from(embeddings.flatMap((e) => scoresOf(e, classes)));
    const centroids = centroidsOf(fitRows.map((r) => r.v), fitRows.map((r) => r.k), classes);
    return { scores, targets: Int32Array.from(targets), embeddings, centroids, classes, temperature: 1, outOfScope: withOutOfScope ? 4 : -1 };
  }

  function unknownOf(fit: { weights: Float64Array }, embedding: Float32Array, centroids: Float32Array, outOfScope: number): number {
    const scores = scoresOf(embedding, classes);
    const probabilities = new Float64Array(classes);
    softmaxInto(scores, 0, classes, 1, probabilities);
    const cosines = new Float64Array(classes);
    centroidCosinesInto(centroids, embedding, cosines);
    const features = new Float64Array(OPEN_SET_FEATURE_COUNT);
    openSetFeaturesInto({ scores, offset: 0, probabilities, cosines, classes, outOfScope }, features);
    return unknownProbability(fit.weights, features);
  }

  it('without out-of-scope examples, learns from hidden categories to rank far-away texts as unknown, and only scores', () => {
    const data = validation(false);
    const fit = fitOpenSet(data, { maxAccuracyLoss: 0.0025 });
    const random = seededRandom(11);
    const far = Array.from({ length: 50 }, () => unknownOf(fit, embeddingOf(DIMENSIONS - 1, random), data.centroids, -1));
    const near = Array.from({ length: 50 }, (_, i) => unknownOf(fit, embeddingOf(i % classes, random), data.centroids, -1));
    expect(Math.min(...far)).toBeGreaterThan(Math.max(...near));
    expect(Math.min(...far)).toBeGreaterThan(0.5);
    // No evidence of what the taxonomy's owner calls unknown: the confidence threshold keeps deciding.
    expect(fit.threshold).toBe(1);
  });

  it('without out-of-scope examples but with a flag share, flags that share of held-out known texts, the least like any category first', () => {
    const data = validation(false);
    const fit = fitOpenSet(data, { maxAccuracyLoss: 0.0025, flagShare: 0.05 });
    expect(fit.threshold).toBeLessThan(1);
    const flagged = Array.from(fit.unknown).filter((u) => u > fit.threshold).length;
    expect(flagged).toBe(Math.floor(0.05 * data.targets.length));
    // Far-away texts (of no category) score above the threshold: they would reach discovery.
    const random = seededRandom(11);
    const far = Array.from({ length: 50 }, () => unknownOf(fit, embeddingOf(DIMENSIONS - 1, random), data.centroids, -1));
    expect(far.filter((u) => u > fit.threshold).length).toBe(50);
    // The held-out outcomes are the known rows as the decision serves them (confidence = 1 − unknown).
    expect(fit.outcomes).toHaveLength(data.targets.length);
    expect(fit.outcomes[0]!.confidence).toBeCloseTo(1 - fit.unknown[0]!, 12);
  });

  it('ignores the flag share when the data has out-of-scope examples: those say what unknown means', () => {
    const data = validation(true);
    expect(fitOpenSet(data, { maxAccuracyLoss: 0.0025, flagShare: 0.2 }).threshold).toBe(fitOpenSet(data, { maxAccuracyLoss: 0.0025 }).threshold);
  });

  it('with out-of-scope examples, flags them and keeps the in-scope ones', () => {
    const data = validation(true);
    const fit = fitOpenSet(data, { maxAccuracyLoss: 0.0025 });
    expect(fit.threshold).toBeLessThan(1);
    expect(fit.outcomes).toHaveLength(data.targets.length);
    const flagged = (row: number) => fit.unknown[row]! > fit.threshold || fit.outcomes[row]!.predictsOutOfScope;
    const rows = Array.from(data.targets.keys());
    const outOfScope = rows.filter((row) => data.targets[row] === 4);
    const inScope = rows.filter((row) => data.targets[row] !== 4);
    expect(outOfScope.filter(flagged).length / outOfScope.length).toBeGreaterThan(0.9);
    expect(inScope.filter(flagged).length / inScope.length).toBeLessThan(0.01);
  });
});

describe('flagShareThreshold', () => {
  it('sets the threshold halfway between the last kept and the first flagged score', () => {
    const scores = [0.1, 0.9, 0.3, 0.5, 0.7, 0.2, 0.4, 0.6, 0.8, 0.05];
    expect(flagShareThreshold(scores, 0.2)).toBeCloseTo(0.75, 12);
    expect(scores.filter((u) => u > flagShareThreshold(scores, 0.2))).toEqual([0.9, 0.8]);
  });

  it('never flags with a share of 0 or too small to flag one text, and flags all with a share of 1', () => {
    expect(flagShareThreshold([0.2, 0.9], 0)).toBe(1);
    expect(flagShareThreshold([0.2, 0.9], 0.4)).toBe(1);
    expect(flagShareThreshold([], 0.5)).toBe(1);
    expect(flagShareThreshold([0.2, 0.9], 1)).toBe(0);
  });

  it('flags at most the share when scores tie at the cut', () => {
    const scores = [0.1, 0.5, 0.5, 0.5];
    expect(scores.filter((u) => u > flagShareThreshold(scores, 0.25)).length).toBeLessThanOrEqual(1);
  });

  it('refuses a share outside 0–1', () => {
    expect(() => flagShareThreshold([0.5], 1.5)).toThrow(/from 0 to 1/);
    expect(() => flagShareThreshold([0.5], Number.NaN)).toThrow(/from 0 to 1/);
  });
});
