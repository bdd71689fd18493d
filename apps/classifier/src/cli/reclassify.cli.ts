import { Presets, SingleBar } from 'cli-progress';
import { pino } from 'pino';
import { ContactRepository } from '@frictionlens/persistence';
import { openJobContext, prepareRuntime } from '@frictionlens/platform';
import { ClassificationModule } from '../classification.module.js';
import { ClassificationService, HOW_TO_GET_A_FIRST_MODEL } from '../classification.service.js';
import { ClassifiedOutbox } from '../classified-outbox.js';
import { ActiveModel } from '../model/active-model.js';
import { reclassifyOutdated } from '../model/reclassify-outdated.js';

const usage = `usage: npm run reclassify [-- --batch 500]

Classifies every stored contact whose classification comes from an older model version than the
newest one (or that has none) with the newest model, in batches, with progress. Each contact
keeps its earlier classifications; the new one becomes the one that counts. Safe to stop and run
again. (After a cold start, or once categories are accepted from discovery, the classifier
service does this by itself: docs/discovery.md.) With KAFKA_BROKERS set the new classifications are published to cx.contacts.classified.v1.
An encoder model reuses each contact's stored embedding and embeds only the contacts without one.`;

async function main(argv: string[]): Promise<number> {
  if (argv.includes('--help') || argv.includes('-h')) {
    console.log(usage);
    return 0;
  }
  const batch = batchSize(argv);
  if (batch === undefined) {
    console.error(`reclassify: --batch takes a whole number from 1 to 10000\n\n${usage}`);
    return 1;
  }
  const env = { ...process.env, LOG_LEVEL: process.env.LOG_LEVEL || 'warn' };
  const { runtime, stopDatabase } = await prepareRuntime({ name: 'reclassify', consumesKafka: false }, env, pino.destination(2));
  const app = await openJobContext(runtime, [ClassificationModule]).catch(async (error: unknown) => {
    await stopDatabase();
    throw error;
  });
  const outbox = app.get(ClassifiedOutbox);
  try {
    const model = app.get(ActiveModel);
    await model.refresh();
    if (!model.current) {
      const unservable = model.newestUnservable;
      console.error(unservable ? `reclassify: model ${unservable.modelVersionId} cannot be used here: ${unservable.reason}` : `reclassify: there is no model yet: ${HOW_TO_GET_A_FIRST_MODEL}`);
      return 1;
    }
    if (model.newestUnservable) console.error(`reclassify: model ${model.newestUnservable.modelVersionId} cannot be used here (${model.newestUnservable.reason}); using model ${model.current.modelVersionId}`);
    const { modelVersionId } = model.current!;
    const contacts = app.get(ContactRepository);
    const service = app.get(ClassificationService);
    const total = await contacts.countToReclassify(modelVersionId);
    const bar = new SingleBar({ format: 'reclassifying [{bar}] {value}/{total} contacts | ETA {eta_formatted}', stream: process.stderr, noTTYOutput: true, notTTYSchedule: 5_000 }, Presets.shades_classic);
    bar.start(total, 0);
    const tally = await reclassifyOutdated(
      { findIdsToReclassify: (id, after, limit) => contacts.findIdsToReclassify(id, after, limit), classify: (ids) => service.classify(ids) },
      { modelVersionId, batch, onBatch: (sofar) => bar.update(sofar.done) },
    );
    const done = tally.done;
    bar.stop();
    console.log(
      `reclassified ${done} contacts with model version ${modelVersionId}: ${tally.classified} categorised, ${tally.unclassified} unclassified (to review), ${tally.missing} erased meanwhile` +
        (model.current.encoder ? `; ${tally.embedded} embedded, the others from stored embeddings` : ''),
    );
    return 0;
  } finally {
    await outbox.disconnect();
    await app.close(); // closes the encoder and the database connections
    await stopDatabase();
  }
}

function batchSize(argv: string[]): number | undefined {
  const at = argv.indexOf('--batch');
  if (at === -1) return 500;
  const value = Number(argv[at + 1]);
  return Number.isInteger(value) && value >= 1 && value <= 10_000 ? value : undefined;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`reclassify failed: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  },
);
