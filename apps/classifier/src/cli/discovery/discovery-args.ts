import { parseArgs } from 'node:util';

/**
 * The open-set evaluation's flag share (`--flag-share`): the share of held-out known texts the
 * classifier's open-set decision sends to discovery when the taxonomy has no out-of-scope texts.
 * Chosen on CLINC150 validation (docs/discovery.md, "Open set").
 */
export const DEFAULT_FLAG_SHARE = 0.05;

export const discoveryUsage = `Usage:
  npm run evaluate:discovery -- --data <csv> [--text text] [--label label]
  npm run evaluate:discovery -- --open-set --train <csv> --test <csv> [--text text] [--label label] [--unknown-share 0.25] [--seed 42] [--flag-share F]

Options:
  --encoder <name>       sentence encoder (default bge-small-en-v15-q), or "none" for TF-IDF/LSA vectors
  --cache <folder>       embeddings kept between runs (default .embeddings-cache; "none": no cache)
  --ratio <r>            cut the sample's dendrogram at r x its median distance at 20 contacts per theme (default 0.58)
  --density-correction <b>  the ratio rises by b x ln(sample contacts per theme / 20) (default 0.1; 0: fixed ratio)
  --sample <n>           contacts clustered to estimate the number of themes (default 4000)
  --min-theme-size <n>   a sample cluster counts as a theme from n members (default 5; 3 with --open-set)
  --restarts <n>         k-means++ starts compared on the sample beside its cluster centres (default 3)
  --show <n>             themes printed (default 10)
  --flag-share <f>       open set: the share of held-out known texts the classifier's open-set decision
                         flags as unknown, so they reach discovery (default ${DEFAULT_FLAG_SHARE}; 0: only
                         the confidence threshold leaves texts unplaced)
The labels only score the result: discovery sees the texts alone. The last stdout line is one JSON object.`;

export interface DiscoveryRequest {
  mode: 'discover' | 'open-set';
  data?: string;
  train?: string;
  test?: string;
  textColumn: string;
  labelColumn: string;
  encoder: string;
  cache: string | undefined;
  thresholdRatio?: number;
  densityCorrection?: number;
  sampleSize?: number;
  minThemeSize?: number;
  restarts?: number;
  unknownShare: number;
  /** Open set: TrainOptions.openSet.flagShare of the classifier trained on the known labels. */
  flagShare: number;
  seed: number;
  show: number;
}

export type ParsedDiscoveryArgs = { ok: true; request: DiscoveryRequest } | { ok: false; help: true } | { ok: false; problem: string };

export function parseDiscoveryArgs(argv: string[]): ParsedDiscoveryArgs {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        data: { type: 'string' },
        train: { type: 'string' },
        test: { type: 'string' },
        text: { type: 'string', default: 'text' },
        label: { type: 'string', default: 'label' },
        encoder: { type: 'string', default: 'bge-small-en-v15-q' },
        cache: { type: 'string', default: '.embeddings-cache' },
        ratio: { type: 'string' },
        'density-correction': { type: 'string' },
        sample: { type: 'string' },
        'min-theme-size': { type: 'string' },
        restarts: { type: 'string' },
        'open-set': { type: 'boolean', default: false },
        'unknown-share': { type: 'string', default: '0.25' },
        'flag-share': { type: 'string', default: String(DEFAULT_FLAG_SHARE) },
        seed: { type: 'string', default: '42' },
        show: { type: 'string', default: '10' },
        help: { type: 'boolean', default: false },
      },
    }));
  } catch (error) {
    return { ok: false, problem: (error as Error).message };
  }
  if (values.help) return { ok: false, help: true };
  const numbers: Record<string, number | undefined> = {};
  for (const [name, raw, min, max] of [
    ['ratio', values.ratio, 0, 2],
    ['density-correction', values['density-correction'], 0, 1],
    ['sample', values.sample, 2, 20000],
    ['min-theme-size', values['min-theme-size'], 1, 1e6],
    ['restarts', values.restarts, 0, 100],
    ['unknown-share', values['unknown-share'], 0, 1],
    ['flag-share', values['flag-share'], 0, 0.5],
    ['seed', values.seed, 0, 2 ** 31],
    ['show', values.show, 0, 1e6],
  ] as const) {
    if (raw === undefined) continue;
    const value = Number(raw);
    if (!Number.isFinite(value) || value < min || value > max) return { ok: false, problem: `--${name} must be a number from ${min} to ${max}, not "${raw}"` };
    numbers[name] = value;
  }
  const openSet = values['open-set'];
  if (openSet && (!values.train || !values.test)) return { ok: false, problem: '--open-set needs --train and --test' };
  if (!openSet && !values.data) return { ok: false, problem: 'give --data <csv> (or --open-set with --train and --test)' };
  return {
    ok: true,
    request: {
      mode: openSet ? 'open-set' : 'discover',
      data: values.data,
      train: values.train,
      test: values.test,
      textColumn: values.text,
      labelColumn: values.label,
      encoder: values.encoder,
      cache: values.cache === 'none' ? undefined : values.cache,
      thresholdRatio: numbers['ratio'],
      densityCorrection: numbers['density-correction'],
      sampleSize: numbers['sample'],
      minThemeSize: numbers['min-theme-size'],
      restarts: numbers['restarts'],
      unknownShare: numbers['unknown-share']!,
      flagShare: numbers['flag-share']!,
      seed: numbers['seed']!,
      show: numbers['show']!,
    },
  };
}
