import { DEFAULT_ENCODER, DEFAULT_REREAD_FROM, ENCODER_NAMES, encoderPartsOf } from '@frictionlens/nlp';
import { MODEL_KIND_NAMES } from './model-kinds.js';

export interface EvaluateRequest {
  trainFile: string;
  testFile: string;
  textColumn: string;
  labelColumn: string;
  model: string;
  /** The sentence encoder of `--model encoder`. */
  encoder: string;
  /** Where to write each test text's prediction (`.jsonl`: JSON lines; otherwise CSV). */
  predictionsFile?: string;
  /** `--flag-share`: the encoder model's open-set flag share (TrainOptions.openSet.flagShare). */
  flagShare?: number;
  /** `--second-opinion`: a second encoder for the texts the encoder model is unsure of. */
  secondOpinion?: string;
  /** `--shots N`: a cold start measured (see few-shot.ts) instead of the usual evaluation. */
  fewShot?: { shots: number; seed: number; categoriesFile: string; scenarioFile?: string };
}

// What --shots reads when not told otherwise: BANKING77 and its digital-bank scenario.
const BANKING77 = '../shared/data/banking77';
const BANKING77_SCENARIO = '../shared/scenarios/banking77-digital-bank.json';

export const evaluateUsage = `usage: npm run evaluate -- --train <file.csv> --test <file.csv> [--text text] [--label label] [--model linear] [--encoder ${DEFAULT_ENCODER}] [--predictions <file>] [--flag-share F] [--second-opinion <encoder>]
       npm run evaluate -- --shots <N> [--seed 42] [--train … --test … --label … --categories <json> --scenario <json>] [--encoder …]

Trains a classifier on the training file, tests it on the test file and prints accuracy, macro-F1,
the worst classes, training time, model size, load time and predictions per second, then natural's
BayesClassifier on the same split as a baseline. The last line of output is one JSON object.

  --train   CSV with a header row: the training examples
  --test    CSV with the same columns: the texts to score (never used for tuning)
  --text    the column holding the text (default "text")
  --label   the column holding the label (default "label"); a label "oos" marks out-of-scope texts
  --model   the classifier to evaluate: ${MODEL_KIND_NAMES.join(', ')} (default "linear"); "encoder" adds a
            sentence encoder's embedding to the TF-IDF features (fetch it first: npm run models:fetch)
  --encoder the sentence encoder of --model encoder: ${ENCODER_NAMES.join(', ')}, or several joined
            by "+" (default "${DEFAULT_ENCODER}")
  --predictions  writes each test text's prediction to this file, JSON lines when it ends in .jsonl,
            CSV otherwise: index (0-based row of the test file), label (true), predicted (a label or
            "unclassified"), confidence, unknown (the open-set score of an encoder model, else empty), top
  --flag-share  with --model encoder and training data without "oos" texts: the share of held-out
            known texts its open-set decision flags as unknown (0 to 0.5; default 0: the confidence
            threshold alone decides)
  --second-opinion  with --model encoder: a second sentence encoder (e.g. bge-small-en-v15-q). A second
            model reads its embedding beside --encoder's, and decides the texts whose open-set score
            from the first model is ${DEFAULT_REREAD_FROM} or more; the JSON gains secondOpinionShare
  --shots   a cold start: N training examples per category (sampled with --seed, default 42; 0: none),
            every category described by its key in words and its scenario note; trains an encoder
            model on that and prints test accuracy. Defaults: BANKING77 (${BANKING77}/train.csv,
            test.csv, label "category", categories.json) and ${BANKING77_SCENARIO}
  --categories  a JSON array of the category keys (with --shots)
  --scenario    a scenario JSON whose categories carry a "note" each (with --shots; "none" for names only)`;

export type ParsedEvaluateArgs = { ok: true; request: EvaluateRequest } | { ok: false; problem: string } | { ok: false; help: true };

const OPTIONS = ['--train', '--test', '--text', '--label', '--model', '--encoder', '--predictions', '--flag-share', '--second-opinion', '--shots', '--seed', '--categories', '--scenario'];

/** Reads `--name value` or `--name=value` options; names the first bad argument. */
export function parseEvaluateArgs(argv: readonly string[]): ParsedEvaluateArgs {
  const options = new Map<string, string>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--help' || arg === '-h') return { ok: false, help: true };
    if (!arg.startsWith('--')) return { ok: false, problem: `unexpected argument "${arg}"` };
    const cut = arg.indexOf('=');
    const name = cut < 0 ? arg : arg.slice(0, cut);
    if (!OPTIONS.includes(name)) return { ok: false, problem: `unknown option ${name}` };
    const value = cut < 0 ? argv[++i] : arg.slice(cut + 1);
    if (value === undefined || value === '' || (cut < 0 && value.startsWith('--'))) return { ok: false, problem: `${name} needs a value` };
    if (options.has(name)) return { ok: false, problem: `${name} is given twice` };
    options.set(name, value);
  }
  const shotsText = options.get('--shots');
  if (shotsText === undefined) {
    for (const name of ['--seed', '--categories', '--scenario']) if (options.has(name)) return { ok: false, problem: `${name} goes with --shots` };
  } else {
    const shots = Number(shotsText);
    if (!Number.isInteger(shots) || shots < 0) return { ok: false, problem: `--shots must be a whole number ≥ 0 (got "${shotsText}")` };
    const seed = Number(options.get('--seed') ?? 42);
    if (!Number.isInteger(seed)) return { ok: false, problem: `--seed must be a whole number (got "${options.get('--seed')}")` };
    if ((options.get('--model') ?? 'encoder') !== 'encoder') return { ok: false, problem: '--shots measures an encoder model: leave out --model or give --model encoder' };
    const encoder = options.get('--encoder');
    const encoderProblem = encoder === undefined ? undefined : problemOfEncoder(encoder);
    if (encoderProblem) return { ok: false, problem: encoderProblem };
    const scenario = options.get('--scenario') ?? BANKING77_SCENARIO;
    return {
      ok: true,
      request: {
        trainFile: options.get('--train') ?? `${BANKING77}/train.csv`,
        testFile: options.get('--test') ?? `${BANKING77}/test.csv`,
        textColumn: options.get('--text') ?? 'text',
        labelColumn: options.get('--label') ?? 'category',
        model: 'encoder',
        encoder: encoder ?? DEFAULT_ENCODER,
        fewShot: { shots, seed, categoriesFile: options.get('--categories') ?? `${BANKING77}/categories.json`, ...(scenario !== 'none' && { scenarioFile: scenario }) },
      },
    };
  }
  const trainFile = options.get('--train');
  const testFile = options.get('--test');
  if (!trainFile) return { ok: false, problem: '--train is required' };
  if (!testFile) return { ok: false, problem: '--test is required' };
  const model = options.get('--model') ?? 'linear';
  if (!(MODEL_KIND_NAMES as readonly string[]).includes(model)) return { ok: false, problem: `--model must be one of ${MODEL_KIND_NAMES.join(', ')} (got "${model}")` };
  const encoder = options.get('--encoder');
  if (encoder !== undefined && model !== 'encoder') return { ok: false, problem: '--encoder goes with --model encoder' };
  const encoderProblem = encoder === undefined ? undefined : problemOfEncoder(encoder);
  if (encoderProblem) return { ok: false, problem: encoderProblem };
  const predictionsFile = options.get('--predictions');
  const flagShareText = options.get('--flag-share');
  const flagShare = flagShareText === undefined ? undefined : Number(flagShareText);
  if (flagShare !== undefined && model !== 'encoder') return { ok: false, problem: '--flag-share goes with --model encoder' };
  if (flagShare !== undefined && !(flagShare >= 0 && flagShare <= 0.5)) return { ok: false, problem: `--flag-share must be a number from 0 to 0.5 (got "${flagShareText}")` };
  const secondOpinion = options.get('--second-opinion');
  if (secondOpinion !== undefined && model !== 'encoder') return { ok: false, problem: '--second-opinion goes with --model encoder' };
  const secondOpinionProblem = secondOpinion === undefined ? undefined : problemOfEncoder(secondOpinion, '--second-opinion');
  if (secondOpinionProblem) return { ok: false, problem: secondOpinionProblem };
  return {
    ok: true,
    request: {
      trainFile,
      testFile,
      textColumn: options.get('--text') ?? 'text',
      labelColumn: options.get('--label') ?? 'label',
      model,
      encoder: encoder ?? DEFAULT_ENCODER,
      ...(predictionsFile !== undefined && { predictionsFile }),
      ...(flagShare !== undefined && { flagShare }),
      ...(secondOpinion !== undefined && { secondOpinion }),
    },
  };
}

function problemOfEncoder(name: string, option = '--encoder'): string | undefined {
  try {
    encoderPartsOf(name);
    return undefined;
  } catch (error) {
    return `${option}: ${(error as Error).message}`;
  }
}
