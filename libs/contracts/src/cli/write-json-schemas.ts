import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { jsonSchemaFileText, jsonSchemas } from '../json-schemas.js';

// `npm run contracts:schemas` rewrites libs/contracts/schemas from the zod contracts, run from the
// repository root. `npm run contracts:schemas -- --check` writes nothing and exits 1 when a
// committed file is stale, for CI.
function main(check: boolean): number {
  const folder = resolve(process.cwd(), 'libs/contracts/schemas');
  const stale: string[] = [];
  if (!check) mkdirSync(folder, { recursive: true });
  for (const [fileName, schema] of Object.entries(jsonSchemas())) {
    const path = join(folder, fileName);
    const text = jsonSchemaFileText(schema);
    if (readOrNull(path) === text) continue;
    stale.push(fileName);
    if (!check) writeFileSync(path, text);
  }
  if (check) {
    console.log(stale.length ? `out of date: ${stale.join(', ')}` : 'JSON schemas are up to date');
    return stale.length ? 1 : 0;
  }
  console.log(stale.length ? `wrote ${stale.join(', ')} to ${folder}` : 'JSON schemas are up to date');
  return 0;
}

function readOrNull(path: string): string | null {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return null;
  }
}

const args = process.argv.slice(2);
if (args.some((arg) => arg !== '--check')) {
  console.error(`unknown argument: use no arguments to write the schemas, or --check to verify them`);
  process.exit(2);
}
process.exitCode = main(args.includes('--check'));
