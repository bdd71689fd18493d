import { importUsage, parseImportArgs } from './import-args.js';
import { importProgressBar } from './import-progress.js';
import { ImportInterruptedError } from './import-records.js';
import { formatSummary } from './import-summary.js';
import { runImport } from './run-import.js';

// npm run import -- <file.jsonl|csv> --kind ticket [--batch 1000] [--source zendesk]
// Exit 0 once the file is read through, rejections or not; 1 when it could not be (bad
// arguments, unreadable file, database gone). Nothing printed ever quotes a record.
async function main(argv: string[]): Promise<number> {
  const parsed = parseImportArgs(argv);
  if (!parsed.ok) {
    if ('help' in parsed) {
      console.log(importUsage);
      return 0;
    }
    console.error(`import: ${parsed.problem}\n\n${importUsage}`);
    return 1;
  }
  const { file, kind } = parsed.request;
  const started = performance.now();
  const seconds = () => (performance.now() - started) / 1_000;
  try {
    const summary = await runImport(parsed.request, process.env, importProgressBar());
    console.log(`imported ${file} as ${kind}\n${formatSummary(summary, seconds())}`);
    return 0;
  } catch (error) {
    if (!(error instanceof ImportInterruptedError)) {
      console.error(`import failed: ${error instanceof Error ? error.message : String(error)}`);
      return 1;
    }
    if (error.summary.read) console.log(`partly imported ${file} as ${kind}\n${formatSummary(error.summary, seconds())}\n`);
    console.error(`import stopped${error.summary.lastLine ? ` after line ${error.summary.lastLine}` : ''}: ${error.message}`);
    if (error.summary.stored) console.error('Fix the cause and run the same command again: records already stored then count as duplicates.');
    return 1;
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`import failed: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  },
);
