import { DEFAULT_ENCODER, discoverThemes, scoresOf, seededRandom, shuffle, type Discovery, type LabelledText } from '@frictionlens/nlp';
import { encoderModelKind } from '../evaluate/encoder-model-kind.js';
import { stageProgress } from '../evaluate/evaluate-progress.js';
import { readLabelledCsv } from '../evaluate/labelled-csv.js';
import { PREDICTION_BATCH } from '../evaluate/run-evaluation.js';
import type { DiscoveryRequest } from './discovery-args.js';
import { peakRssMb, round, themeLines } from './discovery-report.js';
import { embedTexts } from './embed-texts.js';

/** A theme counts as a left-out label found when it has at least this many contacts… */
export const FOUND_MIN_SIZE = 5;
/** …and at least this share of them carry the label. */
export const FOUND_MIN_PURITY = 0.5;
const OPEN = '(open)';
/**
 * A sample cluster counts as a theme from this many members when discovery runs over the texts
 * the classifier did not place (unless --min-theme-size says otherwise): a few hundred texts, in
 * which a new kind of demand may have only a handful. Chosen on CLINC150 validation with the flag
 * share (docs/discovery.md, "Open set"); a theme still needs FOUND_MIN_SIZE members to count.
 */
export const OPEN_SET_MIN_THEME_SIZE = 3;

/**
 * Open set: a share of the labels is left out of training; the classifier (`--model encoder`, as
 * `npm run evaluate` trains it, except that its open-set decision flags `--flag-share` of held-out
 * known texts: the budget an owner gives discovery) classifies the test set, and discovery runs on
 * the texts it did not place. Scores how many left-out labels come back as a theme, and how many
 * known texts were lost.
 */
export async function runOpenSet(request: DiscoveryRequest, modelsFolder: string): Promise<Record<string, unknown>> {
  const train = (await readLabelledCsv(request.train!, request.textColumn, request.labelColumn)).examples;
  const test = (await readLabelledCsv(request.test!, request.textColumn, request.labelColumn)).examples;
  const unknown = leftOutLabels(train, request.unknownShare, request.seed);
  const known = train.filter((e) => !unknown.has(e.label));
  console.log(`left out ${unknown.size} of ${new Set(train.map((e) => e.label)).size} labels (seed ${request.seed}); training on ${known.length} texts; open-set flag share ${request.flagShare}`);

  const started = performance.now();
  const progress = stageProgress('open set');
  const kind = encoderModelKind({ encoder: DEFAULT_ENCODER, modelsFolder, openSetFlagShare: request.flagShare });
  const { bytes } = await kind.train(known, progress).finally(progress.stop);
  const model = await kind.load(bytes);
  const placed: boolean[] = [];
  const predicted: string[] = [];
  for (let start = 0; start < test.length; start += PREDICTION_BATCH) {
    if (start % 512 === 0) progress({ stage: 'classifying', done: start, total: test.length });
    for (const p of await model.predictBatch(test.slice(start, start + PREDICTION_BATCH).map((e) => e.text))) {
      placed.push(!p.unclassified);
      predicted.push(p.unclassified ? OPEN : p.label);
    }
  }
  progress.stop();
  await model.close();

  const unplaced = test.filter((_, i) => !placed[i]);
  const texts = unplaced.map((e) => e.text);
  const embedded = await embedTexts(texts, request.encoder, modelsFolder, request.cache, progress);
  const options = { thresholdRatio: request.thresholdRatio, densityCorrection: request.densityCorrection, sampleSize: request.sampleSize, minThemeSize: request.minThemeSize ?? OPEN_SET_MIN_THEME_SIZE, seed: request.seed };
  const discovery = await discoverThemes(embedded.matrix, texts, options);
  const seconds = (performance.now() - started) / 1000;
  // What discovery alone would do with a perfect open-set decision: every left-out label's text
  // unplaced (beside the known texts that were). Separates discovery from the classifier's threshold.
  const ideal = test.filter((e, i) => unknown.has(e.label) || !placed[i]);
  const idealEmbedded = await embedTexts(ideal.map((e) => e.text), request.encoder, modelsFolder, request.cache, progress);
  const idealDiscovery = await discoverThemes(idealEmbedded.matrix, ideal.map((e) => e.text), options);
  const idealFound = foundLabels(idealDiscovery, ideal.map((e) => e.label), unknown);

  const found = foundLabels(discovery, unplaced.map((e) => e.label), unknown);
  const knownTest = test.map((e, i) => [e, placed[i]!] as const).filter(([e]) => !unknown.has(e.label));
  const knownDiverted = knownTest.filter(([, isPlaced]) => !isPlaced).length / Math.max(1, knownTest.length);
  const unknownTest = test.filter((e) => unknown.has(e.label));
  const unknownUnplaced = unplaced.filter((e) => unknown.has(e.label)).length;
  // Open-set macro F1: the known labels plus one open class that the left-out labels' texts belong to.
  const openF1 = scoresOf(test.map((e) => (unknown.has(e.label) ? OPEN : e.label)), predicted).macroF1;

  console.log(`test: ${test.length} texts, ${unknownTest.length} of left-out labels; ${unplaced.length} not placed (${unknownUnplaced} of left-out labels)`);
  console.log(`known-label texts not placed ${round(knownDiverted)}; left-out labels found as a theme ${found.size}/${unknown.size}; open F1 ${round(openF1)}`);
  console.log(`had every left-out label's text been unplaced (${ideal.length} texts): ${idealFound.size}/${unknown.size} found in ${idealDiscovery.themes.length} themes`);
  console.log(`themes among the unplaced: ${discovery.themes.length}\n${themeLines(discovery, texts, request.show).join('\n')}`);
  return {
    newThemesFound: round(found.size / Math.max(1, unknown.size)),
    knownDiverted: round(knownDiverted),
    openF1: round(openF1),
    newThemesFoundIfAllUnplaced: round(idealFound.size / Math.max(1, unknown.size)),
    flagShare: request.flagShare,
    leftOutLabels: unknown.size,
    leftOutRecall: round(unknownUnplaced / Math.max(1, unknownTest.length)),
    unplaced: unplaced.length,
    themes: discovery.themes.length,
    seconds: round(seconds, 2),
    peakRssMb: peakRssMb(),
  };
}

/** The labels left out of training: `share` of them (rounded), drawn with the seed. */
export function leftOutLabels(examples: readonly LabelledText[], share: number, seed: number): Set<string> {
  const labels = [...new Set(examples.map((e) => e.label))].sort();
  return new Set(shuffle(labels, seededRandom(seed)).slice(0, Math.round(share * labels.length)));
}

/** Left-out labels that some theme of at least FOUND_MIN_SIZE contacts is mostly made of. */
export function foundLabels(discovery: Pick<Discovery, 'themes'>, labels: readonly string[], unknown: ReadonlySet<string>): Set<string> {
  const found = new Set<string>();
  for (const theme of discovery.themes) {
    if (theme.size < FOUND_MIN_SIZE) continue;
    const counts = new Map<string, number>();
    for (const row of theme.members) counts.set(labels[row]!, (counts.get(labels[row]!) ?? 0) + 1);
    for (const [label, count] of counts) if (unknown.has(label) && count >= FOUND_MIN_PURITY * theme.size) found.add(label);
  }
  return found;
}
