import { readFile } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { loadEncoder, seededRandom, shuffle, trainTextClassifier, UNCLASSIFIED, type LabelledText } from '@frictionlens/nlp';
import { categoryDescriptionText } from '../../training/training-plan.js';
import { embedWithCache } from '../discovery/embedding-cache.js';

export interface FewShotRequest {
  shots: number;
  seed: number;
  train: readonly LabelledText[];
  test: readonly LabelledText[];
  /** A JSON array of category keys (BANKING77's categories.json). */
  categoriesFile: string;
  /** A scenario whose categories carry a `note` each (their descriptions), or none. */
  scenarioFile?: string;
  encoder: string;
  modelsFolder: string;
  cacheFolder: string | undefined;
}

export interface FewShotFigures {
  shots: number;
  seed: number;
  examples: number;
  categories: number;
  /** How many categories were scored by a prototype (without examples, or all in a model of prototypes alone). */
  byPrototype: number;
  /** Decided label = true label, over every test text (unclassified counts as wrong). */
  accuracy: number;
  /** The most probable label = true label (before any unclassified decision). */
  topAccuracy: number;
  unclassifiedRate: number;
  encoder: string;
  trainSeconds: number;
  seconds: number;
}

/**
 * A cold start measured: `shots` examples per category sampled from the training file with a
 * seed (0: none), every category described by its key in words and its scenario note, an
 * `encoder` model trained on that, and the test file classified.
 */
export async function runFewShot(request: FewShotRequest, log: (line: string) => void): Promise<FewShotFigures> {
  const started = performance.now();
  const keys = JSON.parse(await readFile(request.categoriesFile, 'utf8')) as string[];
  const notes = new Map<string, string>();
  if (request.scenarioFile) {
    const scenario = JSON.parse(await readFile(request.scenarioFile, 'utf8')) as { categories?: Array<{ key: string; note?: string }> };
    for (const c of scenario.categories ?? []) if (c.note) notes.set(c.key, c.note);
  }
  const described = keys.map((key) => ({ label: key, text: categoryDescriptionText({ key, description: notes.get(key) ?? null }) }));
  const examples = sample(request.train, request.shots, request.seed);
  const encoder = await loadEncoder({ name: request.encoder, folder: request.modelsFolder, sessions: Math.min(2, availableParallelism()) });
  try {
    const identity = { name: encoder.name, checksum: encoder.checksum, dimensions: encoder.dimensions };
    const rows = (texts: readonly string[], what: string) =>
      embedWithCache(encoder, texts, request.cacheFolder, (done, total) => log(`embedding ${what}: ${done}/${total}`)).then(({ matrix, dimensions }) =>
        texts.map((_, i) => matrix.subarray(i * dimensions, (i + 1) * dimensions)),
      );
    const descriptionVectors = await encoder.embed(described.map((d) => d.text));
    const exampleVectors = examples.length > 0 ? await rows(examples.map((e) => e.text), 'examples') : [];
    const testVectors = await rows(request.test.map((e) => e.text), 'test texts');
    const trainStarted = performance.now();
    const classifier = trainTextClassifier(examples, {
      seed: request.seed,
      descriptions: { encoder: identity, categories: described.map((d, i) => ({ label: d.label, vector: descriptionVectors[i]! })) },
      ...(examples.length > 0 && { embeddings: { encoder: identity, vectors: exampleVectors } }),
    });
    const trainSeconds = (performance.now() - trainStarted) / 1000;
    let right = 0;
    let topRight = 0;
    let unclassified = 0;
    request.test.forEach((e, i) => {
      const prediction = classifier.predict(e.text, { embedding: testVectors[i]!, explainTerms: 0, topK: 1 });
      if (prediction.label === e.label) right++;
      if (prediction.top[0]?.label === e.label) topRight++;
      if (prediction.label === UNCLASSIFIED) unclassified++;
    });
    const n = Math.max(request.test.length, 1);
    return {
      shots: request.shots,
      seed: request.seed,
      examples: examples.length,
      categories: classifier.labels.length,
      byPrototype: classifier.byPrototype.length,
      accuracy: right / n,
      topAccuracy: topRight / n,
      unclassifiedRate: unclassified / n,
      encoder: encoder.name,
      trainSeconds: Math.round(trainSeconds * 100) / 100,
      seconds: Math.round((performance.now() - started) / 10) / 100,
    };
  } finally {
    await encoder.close();
  }
}

/** `shots` examples of each label, chosen by a seeded shuffle (all of a label's when it has fewer). */
export function sample(train: readonly LabelledText[], shots: number, seed: number): LabelledText[] {
  if (shots <= 0) return [];
  const byLabel = new Map<string, LabelledText[]>();
  for (const e of train) byLabel.set(e.label, [...(byLabel.get(e.label) ?? []), e]);
  const random = seededRandom(seed);
  return [...byLabel.keys()].sort().flatMap((label) => shuffle([...byLabel.get(label)!], random).slice(0, shots));
}

export function fewShotReport(figures: FewShotFigures): string {
  const pct = (x: number) => `${(100 * x).toFixed(2)}%`;
  return [
    `few-shot: ${figures.shots} example(s) per category (seed ${figures.seed}): ${figures.examples} examples, ${figures.categories} categories, ${figures.byPrototype} scored by a prototype`,
    `encoder ${figures.encoder}; trained in ${figures.trainSeconds} s; ${figures.seconds} s in all`,
    `accuracy ${pct(figures.accuracy)} (top label ${pct(figures.topAccuracy)}; unclassified ${pct(figures.unclassifiedRate)})`,
    JSON.stringify(figures),
  ].join('\n');
}
