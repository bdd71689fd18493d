import { ClassifierEncoder, NO_ENCODER, type EncoderSettings } from '../encoder/classifier-encoder.js';

/** The encoder one discovery run clusters with, and what to do with it once the run is over. */
export interface RunEncoder {
  encoder: ClassifierEncoder;
  /** Why it is not the one DISCOVERY_ENCODER names (logged with the run), if it is not. */
  fallbackBecause?: string;
  release: () => Promise<void>;
}

/** Where a discovery run gets its sentence encoder (DiscoveryRunner asks once a run). */
export interface RunEncoderSource {
  forRun(): Promise<RunEncoder>;
}

/** Always this encoder, never closed by the run (tests, and DISCOVERY_ENCODER naming the classifier's). */
export function fixedRunEncoder(encoder: ClassifierEncoder): RunEncoderSource {
  return { forRun: () => Promise.resolve({ encoder, release: () => Promise.resolve() }) };
}

/**
 * DISCOVERY_ENCODER's sentence encoder, opened for each run and closed after it, so its session
 * holds memory only while a run embeds (runs are rare: a person's request or the hourly emerging
 * themes). BGE clusters contacts better than MiniLM, the classifier's default (docs/discovery.md,
 * "Which encoder"), at about twice its CPU a text; stored vectors of each encoder are kept apart by
 * checksum, so later runs reuse them. When it names the classifier's encoder, that one serves (no
 * second session); when its files are missing or it fails to load, the classifier's serves and
 * the run says why; `none` clusters TF-IDF/LSA vectors.
 */
export function discoveryRunEncoders(classifier: ClassifierEncoder, discovery: EncoderSettings): RunEncoderSource {
  if (discovery.name === NO_ENCODER) return fixedRunEncoder(ClassifierEncoder.none(`DISCOVERY_ENCODER is ${NO_ENCODER}`));
  if (discovery.name === classifier.settings.name) return fixedRunEncoder(classifier);
  return {
    forRun: async () => {
      const own = await ClassifierEncoder.open(discovery);
      if (own.identity) return { encoder: own, release: () => own.close() };
      return { encoder: classifier, fallbackBecause: own.unavailableBecause ?? 'unavailable', release: () => Promise.resolve() };
    },
  };
}
