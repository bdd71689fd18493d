import type { ClassifyOutcome } from '../classification.service.js';

/** What one pass over the outdated contacts did, so far. */
export interface ReclassifyTally {
  /** Contacts handed to the classifier. */
  done: number;
  classified: number;
  unclassified: number;
  /** Erased meanwhile. */
  missing: number;
  /** Run through the sentence encoder (the others' embeddings were stored). */
  embedded: number;
}

export interface ReclassifyPass {
  /** Contacts whose standing classification is older than `modelVersionId` (or missing), after `afterId`, in id order. */
  findIdsToReclassify(modelVersionId: number, afterId: string, limit: number): Promise<string[]>;
  /** Classifies with the model in use (ClassificationService.classify: one row per contact and model version, rollups moved with it). */
  classify(contactIds: string[]): Promise<ClassifyOutcome>;
}

/**
 * Classifies every contact whose standing classification comes from a model older than
 * `modelVersionId` (or that has none), batch after batch in id order: the one loop behind
 * `npm run reclassify` and the classifier's own backlog pass after a cold start. It keeps no state
 * of its own: what is done is what carries the new model's classification, so a pass stopped
 * (`shouldStop`) or killed part-way is finished by running it again, and a contact classified
 * twice by the same model is stored once (ClassificationRepository.storeBatch), never counted twice.
 */
export async function reclassifyOutdated(
  pass: ReclassifyPass,
  options: {
    modelVersionId: number;
    batch: number;
    /** Carry on after this contact id (a pass taken up again); from the start by default. */
    startAfter?: string;
    /** After each batch, with the last contact id done: where to take the pass up again. */
    onBatch?: (tally: Readonly<ReclassifyTally>, lastId: string) => void;
    shouldStop?: () => boolean;
    /** Stop after the batch that ends past this many seconds (a slice between other work); no limit by default. */
    forSeconds?: number;
  },
): Promise<ReclassifyTally & { finished: boolean }> {
  const tally: ReclassifyTally = { done: 0, classified: 0, unclassified: 0, missing: 0, embedded: 0 };
  const ends = options.forSeconds === undefined ? Infinity : performance.now() + options.forSeconds * 1_000;
  for (let after = options.startAfter ?? '0'; ; ) {
    if (performance.now() > ends || options.shouldStop?.()) return { ...tally, finished: false };
    const ids = await pass.findIdsToReclassify(options.modelVersionId, after, options.batch);
    if (ids.length === 0) return { ...tally, finished: true };
    const outcome = await pass.classify(ids);
    tally.done += ids.length;
    tally.classified += outcome.classified;
    tally.unclassified += outcome.unclassified;
    tally.missing += outcome.missing;
    tally.embedded += outcome.embedded;
    after = ids.at(-1)!;
    options.onBatch?.(tally, after);
  }
}
