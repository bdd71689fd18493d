import { ContactKinds, type ContactKind } from '@frictionlens/contracts';
import { formatOf } from './import-file.js';
import type { ImportRequest } from './run-import.js';

export const DEFAULT_BATCH_SIZE = 1_000;
const MAX_BATCH_SIZE = 10_000;

export const importUsage = `usage: npm run import -- <file.jsonl|file.ndjson|file.csv> --kind ${ContactKinds.join('|')} [--batch ${DEFAULT_BATCH_SIZE}] [--source <name>]

  --kind     the contract every record in the file follows
  --batch    records per database write (1 to ${MAX_BATCH_SIZE.toLocaleString('en-US')}; default ${DEFAULT_BATCH_SIZE.toLocaleString('en-US')})
  --source   the sending system (zendesk, salesforce, …) for records that name none;
             a record's own "source" wins. Without it such records get "unspecified".`;

export type ParsedImportArgs = { ok: true; request: ImportRequest } | { ok: false; problem: string } | { ok: false; help: true };

/** Reads `<file> --kind <kind> [--batch N] [--source name]`; `--name=value` works too. Names the first bad argument. */
export function parseImportArgs(argv: string[]): ParsedImportArgs {
  const files: string[] = [];
  const options = new Map<string, string>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--help' || arg === '-h') return { ok: false, help: true };
    if (!arg.startsWith('--')) {
      files.push(arg);
      continue;
    }
    const [name, inline] = arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    if (!['--kind', '--batch', '--source'].includes(name)) return { ok: false, problem: `unknown option ${name}` };
    const value = inline ?? argv[++i];
    if (value === undefined || value === '' || (inline === undefined && value.startsWith('--'))) return { ok: false, problem: `${name} needs a value` };
    if (options.has(name)) return { ok: false, problem: `${name} is given twice` };
    options.set(name, value);
  }

  if (files.length === 0) return { ok: false, problem: 'the file to import is missing' };
  if (files.length > 1) return { ok: false, problem: `one file at a time (got ${files.join(', ')})` };
  const file = files[0]!;
  if (!formatOf(file)) return { ok: false, problem: `${file}: the file name must end in .jsonl, .ndjson or .csv` };

  const kind = options.get('--kind');
  if (kind === undefined) return { ok: false, problem: '--kind is required' };
  if (!(ContactKinds as readonly string[]).includes(kind)) return { ok: false, problem: `--kind must be one of ${ContactKinds.join(', ')} (got "${kind}")` };

  const batch = options.get('--batch') ?? String(DEFAULT_BATCH_SIZE);
  const batchSize = Number(batch);
  if (!/^\d+$/.test(batch) || batchSize < 1 || batchSize > MAX_BATCH_SIZE) {
    return { ok: false, problem: `--batch must be a whole number from 1 to ${MAX_BATCH_SIZE} (got "${batch}")` };
  }

  const source = options.get('--source')?.trim();
  if (source === '') return { ok: false, problem: '--source needs a value' };
  return { ok: true, request: { file, kind: kind as ContactKind, batchSize, source } };
}
