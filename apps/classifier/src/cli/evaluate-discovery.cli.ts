import { clusteringScoresOf, discoverThemes, EncoderNotFoundError, type DiscoveryOptions } from '@frictionlens/nlp';
import { discoveryUsage, parseDiscoveryArgs, type DiscoveryRequest } from './discovery/discovery-args.js';
import { peakRssMb, round, themeLines } from './discovery/discovery-report.js';
import { embedTexts } from './discovery/embed-texts.js';
import { runOpenSet } from './discovery/open-set.js';
import { stageProgress } from './evaluate/evaluate-progress.js';
import { LabelledCsvError, readLabelledCsv } from './evaluate/labelled-csv.js';

// npm run evaluate:discovery -- --data <csv> [--text text] [--label label]  (see discoveryUsage)
// Exit 0 with the figures printed (last stdout line: one JSON object); 1 on bad arguments or data.
async function main(argv: string[]): Promise<number> {
  const parsed = parseDiscoveryArgs(argv);
  if (!parsed.ok) {
    if ('help' in parsed) {
      console.log(discoveryUsage);
      return 0;
    }
    console.error(`evaluate:discovery: ${parsed.problem}\n\n${discoveryUsage}`);
    return 1;
  }
  const request = parsed.request;
  const modelsFolder = process.env['FRICTIONLENS_MODELS_HOME'] || '.frictionlens/models';
  try {
    const figures = request.mode === 'open-set' ? await runOpenSet(request, modelsFolder) : await runDiscovery(request, modelsFolder);
    console.log(JSON.stringify(figures));
    return 0;
  } catch (error) {
    if (error instanceof LabelledCsvError || error instanceof EncoderNotFoundError) console.error(`evaluate:discovery: ${error.message}`);
    else console.error(`evaluate:discovery failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    return 1;
  }
}

export function discoveryOptionsOf(request: DiscoveryRequest, progress: ReturnType<typeof stageProgress>): DiscoveryOptions {
  return {
    thresholdRatio: request.thresholdRatio,
    densityCorrection: request.densityCorrection,
    sampleSize: request.sampleSize,
    minThemeSize: request.minThemeSize,
    restarts: request.restarts,
    seed: request.seed,
    onProgress: ({ stage, done, total }) => progress({ stage, done, total }),
  };
}

async function runDiscovery(request: DiscoveryRequest, modelsFolder: string): Promise<Record<string, unknown>> {
  const { examples, skipped } = await readLabelledCsv(request.data!, request.textColumn, request.labelColumn);
  if (skipped) console.error(`evaluate:discovery: left out ${skipped} row(s) with a blank text or label`);
  const texts = examples.map((e) => e.text);
  const progress = stageProgress('discovery');
  const started = performance.now();
  const embedded = await embedTexts(texts, request.encoder, modelsFolder, request.cache, progress);
  const discovery = await discoverThemes(embedded.matrix, texts, discoveryOptionsOf(request, progress)).finally(progress.stop);
  const discoverSeconds = (performance.now() - started) / 1000 - embedded.seconds;
  const scores = clusteringScoresOf(examples.map((e) => e.label), Array.from(discovery.assignments));
  const { estimate } = discovery;
  console.log(`${texts.length} texts, ${embedded.representation}${embedded.cached ? ' (cached embeddings)' : ''}`);
  console.log(
    `sample of ${estimate.sampleSize}: median distance ${round(estimate.medianDistance, 3)}; ${estimate.uncorrectedCount} themes at the reference ratio ` +
      `(${round(estimate.density, 1)} contacts per theme), cut at ${round(estimate.threshold, 3)} (${round(estimate.threshold / (estimate.medianDistance || 1), 3)} x median) -> ${estimate.count} themes`,
  );
  console.log(`themes found ${scores.clusters} (true ${scores.trueClusters})  NMI ${round(scores.nmi)}  ARI ${round(scores.ari)}  accuracy ${round(scores.accuracy)}`);
  console.log(`embedding ${round(embedded.seconds, 1)} s, discovery ${round(discoverSeconds, 1)} s, peak RSS ${peakRssMb()} MB`);
  console.log(`largest themes:\n${themeLines(discovery, texts, request.show).join('\n')}`);
  return {
    nmi: round(scores.nmi),
    ari: round(scores.ari),
    accuracy: round(scores.accuracy),
    clusters: scores.clusters,
    trueClusters: scores.trueClusters,
    seconds: round(embedded.seconds + discoverSeconds, 2),
    peakRssMb: peakRssMb(),
    texts: texts.length,
    representation: embedded.representation,
    embeddingsCached: embedded.cached,
    embedSeconds: round(embedded.seconds, 2),
    discoverSeconds: round(discoverSeconds, 2),
    thresholdRatio: round(estimate.threshold / (estimate.medianDistance || 1), 3),
    uncorrectedClusters: estimate.uncorrectedCount,
    sampleDensity: round(estimate.density, 2),
  };
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`evaluate:discovery failed: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  },
);
