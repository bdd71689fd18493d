import { seededRandom } from '../models/random.js';
import { clusteringScoresOf } from './clustering-scores.js';
import { discoverThemes, type DiscoveryProgress } from './discover-themes.js';
import { matrixOf, normaliseRows } from './embedding-matrix.js';

// Blobs around orthogonal unit centres (axes) in 32 dimensions, noise 0.08 per coordinate: well separated.
function blobs(sizes: number[], seed: number, noise = 0.08) {
  const random = seededRandom(seed);
  const gaussian = () => Math.sqrt(-2 * Math.log((random() + 1) / 2 ** 32)) * Math.cos((2 * Math.PI * random()) / 2 ** 32);
  const dimensions = 32;
  const centres = sizes.map((_, blob) => Float32Array.from({ length: dimensions }, (_, j) => (j === blob ? 1 : 0)));
  const labels: number[] = [];
  const data = new Float32Array(sizes.reduce((a, b) => a + b, 0) * dimensions);
  let row = 0;
  sizes.forEach((size, blob) => {
    for (let i = 0; i < size; i++, row++) {
      labels.push(blob);
      for (let j = 0; j < dimensions; j++) data[row * dimensions + j] = centres[blob]![j]! + noise * gaussian();
    }
  });
  normaliseRows(data, dimensions);
  const texts = labels.map((blob) => `topic${String.fromCharCode(97 + blob)}`);
  return { matrix: matrixOf(data, dimensions), labels, texts };
}

describe('discoverThemes', () => {
  it('recovers six well-separated blobs of unequal sizes without being told how many', async () => {
    const { matrix, labels, texts } = blobs([80, 60, 45, 30, 20, 12], 1);
    const sut = await discoverThemes(matrix, texts);
    expect(sut.themes).toHaveLength(6);
    expect(sut.estimate.count).toBe(6);
    expect(clusteringScoresOf(labels, Array.from(sut.assignments)).accuracy).toBe(1);
    expect(sut.themes.map((t) => t.size)).toEqual([80, 60, 45, 30, 20, 12]);
  });

  it('recovers 25 blobs when the sample used to count them is smaller than the collection', async () => {
    const { matrix, labels, texts } = blobs(Array.from({ length: 25 }, () => 40), 2);
    const sut = await discoverThemes(matrix, texts, { sampleSize: 500 });
    expect(sut.estimate.sampleSize).toBe(500);
    expect(sut.themes).toHaveLength(25);
    expect(clusteringScoresOf(labels, Array.from(sut.assignments)).nmi).toBe(1);
  });

  it('names each theme by its distinctive words and shows the members nearest its centre', async () => {
    const { matrix, texts } = blobs([30, 20, 15], 3);
    const sut = await discoverThemes(matrix, texts, { examplesPerTheme: 3 });
    expect(sut.themes.map((t) => t.name)).toEqual(['topica', 'topicb', 'topicc']);
    expect(sut.themes[0]!.examples).toHaveLength(3);
    const similarities = sut.themes[0]!.examples.map((e) => e.similarity);
    expect(similarities).toEqual([...similarities].sort((a, b) => b - a));
    expect(sut.themes[0]!.members.slice(0, 3)).toEqual(sut.themes[0]!.examples.map((e) => e.row));
  });

  it('reports estimating, clustering and naming in that order', async () => {
    const { matrix, texts } = blobs([300, 200, 100], 4);
    const stages: string[] = [];
    await discoverThemes(matrix, texts, { onProgress: (p: DiscoveryProgress) => stages.at(-1) !== p.stage && stages.push(p.stage) });
    expect(stages).toEqual(['estimating', 'clustering', 'naming']);
  });

  it('stops with an AbortError when cancelled while it runs', async () => {
    const { matrix, texts } = blobs([400, 300, 200], 5);
    const controller = new AbortController();
    const stages: string[] = [];
    const run = discoverThemes(matrix, texts, {
      signal: controller.signal,
      onProgress: (p) => {
        stages.push(p.stage);
        controller.abort();
      },
    });
    await expect(run).rejects.toMatchObject({ name: 'AbortError' });
    expect(stages.every((s) => s === 'estimating')).toBe(true);
  });

  it('does not start when the signal is already aborted', async () => {
    const { matrix, texts } = blobs([10, 10], 6);
    await expect(discoverThemes(matrix, texts, { signal: AbortSignal.abort() })).rejects.toMatchObject({ name: 'AbortError' });
  });

  it('puts a handful of texts, fewer than a theme needs, in one theme, and none in no theme', async () => {
    const { matrix, texts } = blobs([1, 1, 1], 8);
    const sut = await discoverThemes(matrix, texts);
    expect(sut.themes).toHaveLength(1);
    expect(sut.themes[0]!.size).toBe(3);
    expect((await discoverThemes(matrixOf(new Float32Array(0), 32), [])).themes).toEqual([]);
  });

  it('finds the same themes when it centres the rows in place, and gives them back', async () => {
    const { matrix, texts } = blobs([60, 40, 25, 12], 9);
    const original = matrix.data.slice();
    const copied = await discoverThemes(matrix, texts, { sampleSize: 100 });
    const inPlace = await discoverThemes(matrix, texts, { sampleSize: 100, centreInPlace: true });
    expect(Array.from(inPlace.assignments)).toEqual(Array.from(copied.assignments));
    expect(inPlace.themes.map((t) => t.examples)).toEqual(copied.themes.map((t) => t.examples));
    matrix.data.forEach((value, at) => expect(Math.abs(value - original[at]!)).toBeLessThan(1e-6));
  });

  it('gives the rows back when cancelled with centreInPlace', async () => {
    const { matrix, texts } = blobs([200, 100], 10);
    const original = matrix.data.slice();
    const controller = new AbortController();
    const run = discoverThemes(matrix, texts, { centreInPlace: true, signal: controller.signal, onProgress: () => controller.abort() });
    await expect(run).rejects.toMatchObject({ name: 'AbortError' });
    matrix.data.forEach((value, at) => expect(Math.abs(value - original[at]!)).toBeLessThan(1e-6));
  });

  it('refuses texts and embeddings of different counts', async () => {
    const { matrix } = blobs([10], 7);
    await expect(discoverThemes(matrix, ['one'])).rejects.toThrow(RangeError);
  });
});
