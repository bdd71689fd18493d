import { pino } from 'pino';
import { examplesOf } from '@frictionlens/domain';
import { TaxonomyRepository } from '@frictionlens/persistence';
import { openJobContext, prepareRuntime } from '@frictionlens/platform';
import { LabelledCsvError, readLabelledCsv } from './evaluate/labelled-csv.js';

const usage = `usage: npm run examples:import -- <file.csv> [--text text] [--label label]

Adds the labelled texts of a CSV file (a header row naming the text and label columns) to the
current taxonomy as training examples, redacted like contacts. Rows whose label is not a category
of the taxonomy are counted and left out; a text already stored for its category is not added
twice, so running the same file again adds nothing. Running classifiers retrain by themselves
when the taxonomy changes; after adding examples alone, run npm run train.`;

async function main(argv: string[]): Promise<number> {
  if (argv.includes('--help') || argv.includes('-h')) {
    console.log(usage);
    return 0;
  }
  const args = parseArgs(argv);
  if (typeof args === 'string') {
    console.error(`examples:import: ${args}\n\n${usage}`);
    return 1;
  }
  const csv = await readLabelledCsv(args.file, args.text, args.label);
  const env = { ...process.env, LOG_LEVEL: process.env.LOG_LEVEL || 'warn' };
  const { runtime, stopDatabase } = await prepareRuntime({ name: 'examples-import', consumesKafka: false }, env, pino.destination(2));
  const app = await openJobContext(runtime).catch(async (error: unknown) => {
    await stopDatabase();
    throw error;
  });
  try {
    const taxonomy = app.get(TaxonomyRepository);
    const current = await taxonomy.currentVersion();
    if (!current) {
      console.error('examples:import: no taxonomy yet: import one first (POST /v1/taxonomy/import)');
      return 1;
    }
    const keys = new Set(current.categories.map((c) => c.key));
    const byCategory = new Map<string, string[]>();
    const unknown = new Map<string, number>();
    for (const { text, label } of csv.examples) {
      if (keys.has(label)) byCategory.set(label, [...(byCategory.get(label) ?? []), text]);
      else unknown.set(label, (unknown.get(label) ?? 0) + 1);
    }
    const added = await taxonomy.addExamples(examplesOf([...byCategory].map(([key, examples]) => ({ key, examples }))), 'import');
    const known = csv.examples.length - [...unknown.values()].reduce((a, b) => a + b, 0);
    console.log(`read ${csv.examples.length} labelled rows (${csv.skipped} blank skipped): ${added} examples added, ${known - added} already stored, to ${byCategory.size} categories of taxonomy version ${current.id}`);
    if (unknown.size) {
      const listed = [...unknown].slice(0, 10).map(([label, n]) => `${label} (${n})`).join(', ');
      console.log(`left out ${csv.examples.length - known} rows whose label is not a category: ${listed}${unknown.size > 10 ? ', …' : ''}`);
    }
    return 0;
  } finally {
    await app.close();
    await stopDatabase();
  }
}

function parseArgs(argv: string[]): { file: string; text: string; label: string } | string {
  const options = new Map<string, string>();
  const positional: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--text' || arg === '--label') {
      const value = argv[++i];
      if (!value) return `${arg} needs a column name`;
      options.set(arg, value);
    } else if (arg.startsWith('--')) return `unknown option ${arg}`;
    else positional.push(arg);
  }
  if (positional.length !== 1) return 'name one CSV file';
  return { file: positional[0]!, text: options.get('--text') ?? 'text', label: options.get('--label') ?? 'label' };
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`examples:import failed: ${error instanceof LabelledCsvError || error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  },
);
