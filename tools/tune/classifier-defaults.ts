import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { parse } from 'csv-parse/sync';
import { DEFAULT_FEATURE_OPTIONS, trainTextClassifier, type FeatureOptions, type LabelledText, type TextClassifier, type TrainOptions } from '@frictionlens/nlp';

// `npm run -s tune:classifier` (= npm run -s build && node dist/tools/tune/classifier-defaults.js
// [--folds=5] [--threads=1] [--data=/work/shared/data]): how the classifier's defaults are chosen,
// without ever reading a test split.
//  - BANKING77: k-fold stratified cross-validation on train.csv (seeded folds), accuracy with an
//    unclassified answer counted wrong, and top-1 accuracy;
//  - CLINC150: trained on train.csv + oos_train.csv, scored on the published validation split
//    val.csv + oos_val.csv: in-scope accuracy and oos recall (oos = predicted oos or unclassified).
// The grid varies one factor at a time around the current defaults (plus the defaults themselves).
// The decision rule, fixed before looking at any figure, is applied per alternative value:
//  - BANKING77 counts as better (worse) when the mean of the per-fold paired differences from the
//    defaults is above (below) one standard error of that mean; otherwise it is a tie;
//  - CLINC150 counts as worse when in-scope accuracy or oos recall is below the defaults', and
//    better when one of them is above and neither below;
//  - an alternative is adopted when it is worse on neither and better on at least one. Of two
//    adopted values of one factor, the higher BANKING77 mean wins. If several factors are adopted,
//    their combination is measured too and chosen if it passes the same rule, else the single
//    adopted change with the best BANKING77 mean.
// Progress goes to stderr; stdout gets a table and ends with one JSON line of every figure.

const args = new Map(process.argv.slice(2).map((a) => a.replace(/^--/, '').split('=') as [string, string]));
const FOLDS = Number(args.get('folds') ?? 5);
const THREADS = Number(args.get('threads') ?? 1);
const DATA = args.get('data') ?? '/work/shared/data';
const FOLD_SEED = 20_251_201;

/** The defaults as they are in the library (train.ts: C ?? 1, balanced ?? true; feature-options.ts). */
const CURRENT = { C: 1, wordNgrams: DEFAULT_FEATURE_OPTIONS.wordNgrams, balanced: true, charWeight: DEFAULT_FEATURE_OPTIONS.charWeight };
type Factor = keyof typeof CURRENT;
const GRID: { [F in Factor]: Array<(typeof CURRENT)[F]> } = {
  C: [0.5, 1, 2],
  wordNgrams: [2, 3],
  balanced: [true, false],
  charWeight: [1, 1.5],
};

interface Setting {
  name: string;
  /** Factors that differ from the current defaults. */
  changes: Partial<typeof CURRENT>;
}

interface Figures {
  setting: Setting;
  banking77: { foldAccuracy: number[]; foldTop1: number[]; mean: number; sd: number; top1Mean: number; top1Sd: number; thresholds: number[] };
  clinc150: { inScopeAccuracy: number; oosRecall: number; inScopeTop1: number; coverage: number; threshold: number };
  seconds: number;
}

type Verdict = 'better' | 'worse' | 'tie';
interface Comparison {
  banking77: { meanDifference: number; standardError: number; verdict: Verdict };
  clinc150: { inScopeDifference: number; oosRecallDifference: number; verdict: Verdict };
  adopted: boolean;
}

function main(): void {
  const started = performance.now();
  const banking = readCsv(`${DATA}/banking77/train.csv`, 'category');
  const clincTrain = [...readCsv(`${DATA}/clinc150/train.csv`, 'intent'), ...readCsv(`${DATA}/clinc150/oos_train.csv`, 'intent')];
  const clincVal = [...readCsv(`${DATA}/clinc150/val.csv`, 'intent'), ...readCsv(`${DATA}/clinc150/oos_val.csv`, 'intent')];
  const folds = stratifiedFolds(banking, FOLDS, FOLD_SEED);
  log(`banking77 train ${banking.length} texts in ${FOLDS} folds; clinc150 train ${clincTrain.length}, val ${clincVal.length}; threads ${THREADS}`);

  const settings = gridSettings();
  const results: Figures[] = [];
  settings.forEach((setting, i) => results.push(measure(setting, `${i + 1}/${settings.length}`, banking, folds, clincTrain, clincVal)));

  const centre = results[0]!;
  const comparisons = new Map<Figures, Comparison>(results.slice(1).map((r) => [r, compare(r, centre)]));
  const adoptedByFactor = new Map<Factor, Figures>();
  for (const [figures, comparison] of comparisons) {
    if (!comparison.adopted) continue;
    const factor = Object.keys(figures.setting.changes)[0] as Factor;
    const held = adoptedByFactor.get(factor);
    if (!held || figures.banking77.mean > held.banking77.mean) adoptedByFactor.set(factor, figures);
  }
  let chosen = centre;
  let combination: { figures: Figures; comparison: Comparison } | undefined;
  const adopted = [...adoptedByFactor.values()].sort((a, b) => b.banking77.mean - a.banking77.mean);
  if (adopted.length === 1) chosen = adopted[0]!;
  if (adopted.length > 1) {
    const changes = Object.assign({}, ...adopted.map((f) => f.setting.changes)) as Partial<typeof CURRENT>;
    const figures = measure({ name: `combined ${describe(changes)}`, changes }, 'combined', banking, folds, clincTrain, clincVal);
    combination = { figures, comparison: compare(figures, centre) };
    results.push(figures);
    comparisons.set(figures, combination.comparison);
    chosen = combination.comparison.adopted ? figures : adopted[0]!;
  }

  printTable(results, comparisons, chosen);
  const seconds = (performance.now() - started) / 1000;
  console.log(`chosen: ${chosen === centre ? 'the current defaults' : chosen.setting.name} (${describe({ ...CURRENT, ...chosen.setting.changes })}); ${seconds.toFixed(0)} s`);
  console.log(
    JSON.stringify({
      folds: FOLDS,
      foldSeed: FOLD_SEED,
      trainSeed: 1,
      threads: THREADS,
      current: CURRENT,
      grid: GRID,
      results: results.map((r) => ({ ...r, comparison: comparisons.get(r) ?? null })),
      chosen: { name: chosen.setting.name, defaults: { ...CURRENT, ...chosen.setting.changes }, changed: chosen !== centre },
      seconds,
    }),
  );
}

// The current defaults first, then each other grid value of one factor at a time.
function gridSettings(): Setting[] {
  const settings: Setting[] = [{ name: 'current defaults', changes: {} }];
  for (const factor of Object.keys(GRID) as Factor[]) {
    for (const value of GRID[factor] as Array<(typeof CURRENT)[Factor]>) {
      if (value !== CURRENT[factor]) settings.push({ name: `${factor}=${value}`, changes: { [factor]: value } });
    }
  }
  return settings;
}

// Options as the library takes them: only the changed factors are passed, so the defaults row
// measures whatever the library's defaults are.
function trainOptionsOf(changes: Partial<typeof CURRENT>): TrainOptions {
  const features: Partial<FeatureOptions> = {};
  if (changes.wordNgrams !== undefined) features.wordNgrams = changes.wordNgrams;
  if (changes.charWeight !== undefined) features.charWeight = changes.charWeight;
  return {
    seed: 1,
    threads: THREADS,
    ...(changes.C !== undefined && { C: changes.C }),
    ...(changes.balanced !== undefined && { balanced: changes.balanced }),
    ...(Object.keys(features).length > 0 && { features }),
  };
}

function measure(setting: Setting, step: string, banking: LabelledText[], folds: Int32Array, clincTrain: LabelledText[], clincVal: LabelledText[]): Figures {
  const started = performance.now();
  const options = trainOptionsOf(setting.changes);
  const foldAccuracy: number[] = [];
  const foldTop1: number[] = [];
  const thresholds: number[] = [];
  for (let fold = 0; fold < FOLDS; fold++) {
    const t = performance.now();
    const train = banking.filter((_, i) => folds[i] !== fold);
    const held = banking.filter((_, i) => folds[i] === fold);
    const classifier = trainTextClassifier(train, options);
    let right = 0;
    let top1 = 0;
    for (const e of held) {
      const p = predictQuickly(classifier, e.text);
      if (!p.unclassified && p.label === e.label) right++;
      if (p.topLabel === e.label) top1++;
    }
    foldAccuracy.push(right / held.length);
    foldTop1.push(top1 / held.length);
    thresholds.push(classifier.threshold);
    log(`[${step}] ${setting.name}: banking77 fold ${fold + 1}/${FOLDS} accuracy ${fmt(right / held.length)} top-1 ${fmt(top1 / held.length)} (${secs(t)})`);
  }

  const t = performance.now();
  const classifier = trainTextClassifier(clincTrain, options);
  let inScope = 0;
  let inScopeRight = 0;
  let inScopeTop1 = 0;
  let oos = 0;
  let oosCaught = 0;
  let covered = 0;
  for (const e of clincVal) {
    const p = predictQuickly(classifier, e.text);
    const saysOos = p.unclassified || p.label === 'oos';
    if (!saysOos) covered++;
    if (e.label === 'oos') {
      oos++;
      if (saysOos) oosCaught++;
    } else {
      inScope++;
      if (!saysOos && p.label === e.label) inScopeRight++;
      if (p.topLabel === e.label) inScopeTop1++;
    }
  }
  const clinc150 = { inScopeAccuracy: inScopeRight / inScope, oosRecall: oosCaught / oos, inScopeTop1: inScopeTop1 / inScope, coverage: covered / clincVal.length, threshold: classifier.threshold };
  log(`[${step}] ${setting.name}: clinc150 val in-scope ${fmt(clinc150.inScopeAccuracy)} oos recall ${fmt(clinc150.oosRecall, 3)} (${secs(t)})`);
  const [mean, sd] = meanSd(foldAccuracy);
  const [top1Mean, top1Sd] = meanSd(foldTop1);
  return { setting, banking77: { foldAccuracy, foldTop1, mean, sd, top1Mean, top1Sd, thresholds }, clinc150, seconds: (performance.now() - started) / 1000 };
}

function predictQuickly(classifier: TextClassifier, text: string): { label: string; unclassified: boolean; topLabel: string } {
  const p = classifier.predict(text, { explainTerms: 0, topK: 1 });
  return { label: p.label, unclassified: p.unclassified, topLabel: p.top[0]?.label ?? p.label };
}

function compare(alternative: Figures, centre: Figures): Comparison {
  const differences = alternative.banking77.foldAccuracy.map((a, i) => a - centre.banking77.foldAccuracy[i]!);
  const [meanDifference, sdDifference] = meanSd(differences);
  const standardError = sdDifference / Math.sqrt(differences.length);
  const bankingVerdict: Verdict = meanDifference > standardError ? 'better' : meanDifference < -standardError ? 'worse' : 'tie';
  const inScopeDifference = alternative.clinc150.inScopeAccuracy - centre.clinc150.inScopeAccuracy;
  const oosRecallDifference = alternative.clinc150.oosRecall - centre.clinc150.oosRecall;
  const clincVerdict: Verdict = inScopeDifference < 0 || oosRecallDifference < 0 ? 'worse' : inScopeDifference > 0 || oosRecallDifference > 0 ? 'better' : 'tie';
  const verdicts = [bankingVerdict, clincVerdict];
  return {
    banking77: { meanDifference, standardError, verdict: bankingVerdict },
    clinc150: { inScopeDifference, oosRecallDifference, verdict: clincVerdict },
    adopted: !verdicts.includes('worse') && verdicts.includes('better'),
  };
}

function printTable(results: Figures[], comparisons: Map<Figures, Comparison>, chosen: Figures): void {
  const rows = [['setting', `B77 ${FOLDS}-fold acc (mean ± sd)`, 'B77 top-1', 'Δ B77 (± se)', 'CLINC val in-scope', 'oos recall', 'threshold', 'verdict (B77 / CLINC)', '']];
  for (const r of results) {
    const c = comparisons.get(r);
    rows.push([
      r.setting.name,
      `${fmt(r.banking77.mean)} ± ${fmt(r.banking77.sd)}`,
      fmt(r.banking77.top1Mean),
      c ? `${signed(c.banking77.meanDifference)} ± ${fmt(c.banking77.standardError)}` : '',
      fmt(r.clinc150.inScopeAccuracy),
      fmt(r.clinc150.oosRecall, 3),
      fmt(r.clinc150.threshold, 3),
      c ? `${c.banking77.verdict} / ${c.clinc150.verdict}${c.adopted ? ' → adopted' : ''}` : '(reference)',
      r === chosen ? '← chosen' : '',
    ]);
  }
  const widths = rows[0]!.map((_, j) => Math.max(...rows.map((row) => row[j]!.length)));
  for (const row of rows) console.log(row.map((cell, j) => cell.padEnd(widths[j]!)).join('  ').trimEnd());
}

/** Reads a labelled CSV (columns `text` and the label column); refuses any test split. */
function readCsv(path: string, labelColumn: string): LabelledText[] {
  if (/test/i.test(basename(path))) throw new Error(`${path}: tuning never reads a test split`);
  const rows = parse(readFileSync(path), { bom: true, skip_empty_lines: true, relax_column_count: true }) as string[][];
  const [header, ...body] = rows;
  const textAt = header!.map((h) => h.trim()).indexOf('text');
  const labelAt = header!.map((h) => h.trim()).indexOf(labelColumn);
  if (textAt < 0 || labelAt < 0) throw new Error(`${path}: no "text" or "${labelColumn}" column`);
  return body.map((row) => ({ text: row[textAt]?.trim() ?? '', label: row[labelAt]?.trim() ?? '' })).filter((e) => e.text !== '' && e.label !== '');
}

// Each class's rows in a seeded shuffle, dealt round-robin over the folds (continuing from the
// previous class, so the folds' sizes differ by at most one).
function stratifiedFolds(examples: LabelledText[], folds: number, seed: number): Int32Array {
  const byLabel = new Map<string, number[]>();
  examples.forEach((e, i) => byLabel.set(e.label, [...(byLabel.get(e.label) ?? []), i]));
  const random = mulberry32(seed);
  const fold = new Int32Array(examples.length);
  let next = 0;
  for (const label of [...byLabel.keys()].sort()) {
    const rows = byLabel.get(label)!;
    for (let i = rows.length - 1; i > 0; i--) {
      const j = random() % (i + 1);
      [rows[i], rows[j]] = [rows[j]!, rows[i]!];
    }
    for (const row of rows) fold[row] = next++ % folds;
  }
  return fold;
}

function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  };
}

function meanSd(values: number[]): [number, number] {
  const mean = values.reduce((s, v) => s + v, 0) / values.length;
  const variance = values.length < 2 ? 0 : values.reduce((s, v) => s + (v - mean) ** 2, 0) / (values.length - 1);
  return [mean, Math.sqrt(variance)];
}

function describe(values: Partial<typeof CURRENT>): string {
  return Object.entries(values).map(([k, v]) => `${k}=${v}`).join(', ');
}

const fmt = (x: number, digits = 4) => x.toFixed(digits);
const signed = (x: number) => `${x >= 0 ? '+' : ''}${x.toFixed(4)}`;
const secs = (since: number) => `${((performance.now() - since) / 1000).toFixed(1)} s`;
const log = (line: string) => process.stderr.write(`${line}\n`);

main();
