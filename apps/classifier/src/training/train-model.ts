import { availableParallelism } from 'node:os';
import { demandTypeConfusionOf, type DemandTypeConfusion } from '@frictionlens/domain';
import { loadEncoder, modelChecksum, rulesOnlyClassifier, trainTextClassifier, type HeldOutFigures, type LabelledText, type TrainingEmbeddings } from '@frictionlens/nlp';
import { modelKindFor, type TrainedModel, type TrainingEncoder, type TrainingInput, type TrainingProgress } from './training-plan.js';

// Texts per embed call: a multiple of the encoder's window (32), so the batches are those of one
// call over every text, with progress in between.
const EMBED_CHUNK = 1024;

/**
 * Trains the model a taxonomy and its examples call for: with examples of at least two
 * categories, an `encoder` model when a sentence encoder is given (embedding only the examples
 * with no stored embedding) or a TF-IDF one; otherwise the keyword rules alone. Its figures are
 * those of the calibration model, trained on 80% of the examples and tested on the other 20%.
 */
export async function trainModel(input: TrainingInput, onProgress: TrainingProgress = () => undefined): Promise<TrainedModel> {
  const started = performance.now();
  // Descriptions matter only when some category has no examples (then every one's helps fit the map).
  const labelled = new Set(input.examples.map((e) => e.label));
  const byPrototype = (input.descriptions ?? []).some((d) => !labelled.has(d.label));
  const descriptions = input.encoder && byPrototype ? input.descriptions! : [];
  const kind = modelKindFor(input.examples, input.encoder !== undefined, descriptions.length);
  const outOfScopeCount = input.outOfScopeLabel ? input.examples.filter((e) => e.label === input.outOfScopeLabel).length : 0;
  if (kind === 'rules') {
    const artefact = rulesOnlyClassifier(input.rules).serialise();
    return { kind, artefact, checksum: modelChecksum(artefact), evaluation: { examples: input.examples.length - outOfScopeCount, rules: input.rules.length, heldOut: null } };
  }
  const embedding = input.encoder ? await embeddingsFor(input.examples, input.encoder, onProgress, descriptions) : undefined;
  const embedSeconds = seconds(performance.now() - started);
  let heldOut: HeldOutFigures | null = null;
  // The held-out texts by true and predicted demand type: what the metrics correct the
  // failure-demand share with (docs/metrics.md). Counts only, eight of them.
  let demandTypeConfusion: DemandTypeConfusion | null = null;
  const demandTypes = input.demandTypes;
  const model = trainTextClassifier(input.examples, {
    rules: input.rules,
    ...(input.outOfScopeLabel ? { outOfScopeLabel: input.outOfScopeLabel } : {}),
    ...(input.openSetFlagShare ? { openSet: { flagShare: input.openSetFlagShare } } : {}),
    onProgress,
    onHeldOut: (figures, predictions) => {
      heldOut = figures;
      if (demandTypes) demandTypeConfusion = demandTypeConfusionOf(predictions, (label) => demandTypes[label]);
    },
    ...(embedding && input.examples.length > 0 ? { embeddings: embedding.embeddings } : {}),
    ...(embedding && descriptions.length > 0
      ? { descriptions: { encoder: embedding.embeddings.encoder, categories: descriptions.map((d, i) => ({ label: d.label, vector: embedding.described[i]! })) } }
      : {}),
  });
  const artefact = model.serialise();
  return {
    kind,
    artefact,
    checksum: modelChecksum(artefact),
    evaluation: {
      examples: input.examples.length - outOfScopeCount,
      outOfScopeExamples: outOfScopeCount,
      labels: input.labelCount,
      categories: model.labels.filter((label) => label !== model.outOfScopeLabel).length,
      byPrototype: model.byPrototype.length,
      threshold: model.threshold,
      // The open-set decision's threshold on a text's unknown score (null without one; 1 when it never rejects).
      openSetThreshold: model.openSetThreshold ?? null,
      temperature: model.temperature,
      heldOut,
      demandTypeConfusion,
      trainSeconds: seconds(performance.now() - started),
      ...(embedding
        ? {
            encoder: { name: embedding.embeddings.encoder.name, checksum: embedding.embeddings.encoder.checksum, dimensions: embedding.embeddings.encoder.dimensions },
            embedded: embedding.computed.length,
            embeddingsReused: input.examples.length - embedding.computed.length,
            embedSeconds,
          }
        : {}),
    },
    ...(embedding ? { embedded: embedding.computed } : {}),
  };
}

// The stored embeddings, and the others computed now, with the categories' descriptions' (the
// encoder is loaded only when some are missing or there are descriptions).
async function embeddingsFor(
  examples: readonly LabelledText[],
  encoder: TrainingEncoder,
  onProgress: TrainingProgress,
  descriptions: ReadonlyArray<{ text: string }>,
): Promise<{ embeddings: TrainingEmbeddings; computed: Array<{ index: number; vector: Float32Array }>; described: Float32Array[] }> {
  const identity = { name: encoder.name, checksum: encoder.checksum, dimensions: encoder.dimensions };
  const missing = examples.flatMap((_, index) => (encoder.stored[index] ? [] : [index]));
  const computed: Array<{ index: number; vector: Float32Array }> = [];
  let described: Float32Array[] = [];
  if (missing.length > 0 || descriptions.length > 0) {
    const loaded = await loadEncoder({ name: encoder.name, folder: encoder.folder, sessions: Math.min(2, availableParallelism()) });
    try {
      if (loaded.checksum !== encoder.checksum) {
        throw new Error(`the sentence encoder files in ${encoder.folder} changed since the service loaded ${encoder.name} (sha256 ${loaded.checksum.slice(0, 12)}…, not ${encoder.checksum.slice(0, 12)}…): restart the classifier`);
      }
      const stage = `embeddings (${encoder.name})`;
      for (let start = 0; start < missing.length; start += EMBED_CHUNK) {
        onProgress({ stage, done: start, total: missing.length });
        const chunk = missing.slice(start, start + EMBED_CHUNK);
        const vectors = await loaded.embed(chunk.map((index) => examples[index]!.text));
        chunk.forEach((index, i) => computed.push({ index, vector: vectors[i]! }));
      }
      onProgress({ stage, done: missing.length, total: missing.length });
      if (descriptions.length > 0) described = await loaded.embed(descriptions.map((d) => d.text));
    } finally {
      // Closed before the SVMs train: its sessions' memory is not needed for that.
      await loaded.close();
    }
  }
  const vectors = encoder.stored.slice();
  for (const { index, vector } of computed) vectors[index] = vector;
  return { embeddings: { encoder: identity, vectors: vectors as Float32Array[] }, computed, described };
}

const seconds = (ms: number) => Math.round(ms / 10) / 100;
