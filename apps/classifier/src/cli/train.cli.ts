import { Presets, SingleBar } from 'cli-progress';
import { pino } from 'pino';
import { openJobContext, prepareRuntime } from '@frictionlens/platform';
import { ClassificationModule } from '../classification.module.js';
import { ClassifierEncoder } from '../encoder/classifier-encoder.js';
import { ModelTrainer } from '../training/model-trainer.js';
import type { TrainingProgress } from '../training/training-plan.js';

const usage = `usage: npm run train

Trains a new model version from the current taxonomy, its labelled examples and every reviewer's
label, stores it in PostgreSQL with its held-out figures (open-set threshold included), and
prints them. Contacts of discovered themes not accepted as categories (still proposed in a run
some theme was accepted from, or dismissed) train it as "not one of ours". Running classifier
services pick the new version up by themselves. Uses DATABASE_URL (embedded database when unset).
With the sentence encoder CLASSIFIER_ENCODER in CLASSIFIER_MODELS_DIR (npm run models:fetch) the
model is of kind encoder, embedding only the examples with no stored embedding; else TF-IDF.`;

// Exit 0 with a stored model; 1 when there is nothing to train from or training failed.
async function main(argv: string[]): Promise<number> {
  if (argv.includes('--help') || argv.includes('-h')) {
    console.log(usage);
    return 0;
  }
  if (argv.length > 0) {
    console.error(`train: unexpected argument ${argv[0]}\n\n${usage}`);
    return 1;
  }
  const env = { ...process.env, LOG_LEVEL: process.env.LOG_LEVEL || 'warn' };
  const { runtime, stopDatabase } = await prepareRuntime({ name: 'train', consumesKafka: false }, env, pino.destination(2));
  const app = await openJobContext(runtime, [ClassificationModule]).catch(async (error: unknown) => {
    await stopDatabase();
    throw error;
  });
  const encoder = app.get(ClassifierEncoder);
  if (!encoder.identity) console.error(`train: training a TF-IDF model: ${encoder.unavailableBecause}`);
  try {
    // The service's trainer: train() trains now, whatever CLASSIFIER_RETRAIN_AFTER_LABELS says (that only decides when it retrains by itself).
    const trainer = app.get(ModelTrainer);
    const progress = progressBar();
    const outcome = await trainer.train({ onProgress: progress.update }).finally(progress.stop);
    if (!outcome) {
      console.error('train: nothing to train from: import a taxonomy first (POST /v1/taxonomy/import), or another instance is training right now');
      return 1;
    }
    const notOurs = outcome.outOfScopeCount ? ` and ${outcome.outOfScopeCount} contacts of themes not accepted (not one of ours)` : '';
    const openSet = outcome.evaluation['openSetThreshold'];
    console.log(
      `model version ${outcome.modelVersionId} (${outcome.kind}) trained on ${outcome.exampleCount} examples${notOurs} for taxonomy version ${outcome.taxonomyVersionId}` +
        (typeof openSet === 'number' ? `; open-set decision: unknown score above ${openSet.toFixed(4)} is unclassified` : ''),
    );
    console.log(JSON.stringify({ modelVersion: outcome.modelVersionId, kind: outcome.kind, ...outcome.evaluation }));
    return 0;
  } finally {
    await app.close(); // closes the encoder and the database connections
    await stopDatabase();
  }
}

function progressBar(): { update: TrainingProgress; stop: () => void } {
  const bar = new SingleBar(
    { format: 'training {stage} [{bar}] {value}/{total}', stream: process.stderr, noTTYOutput: true, notTTYSchedule: 5_000, hideCursor: true },
    Presets.shades_classic,
  );
  let stage = '';
  return {
    update: (p) => {
      if (p.stage !== stage) {
        if (stage) bar.stop();
        stage = p.stage;
        bar.start(p.total, p.done, { stage });
      } else bar.update(p.done);
    },
    stop: () => {
      if (stage) bar.stop();
    },
  };
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`train failed: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  },
);
