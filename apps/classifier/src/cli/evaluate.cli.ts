import { evaluateUsage, parseEvaluateArgs } from './evaluate/evaluate-args.js';
import { evaluationReport } from './evaluate/evaluation-report.js';
import { LabelledCsvError, readLabelledCsv } from './evaluate/labelled-csv.js';
import { modelKindOf } from './evaluate/model-kinds.js';
import { runEvaluation } from './evaluate/run-evaluation.js';

// npm run evaluate -- --train <csv> --test <csv> [--text text] [--label label] [--model linear]
// Exit 0 with the figures printed (last stdout line: one JSON object); 1 on bad arguments or data.
async function main(argv: string[]): Promise<number> {
  const parsed = parseEvaluateArgs(argv);
  if (!parsed.ok) {
    if ('help' in parsed) {
      console.log(evaluateUsage);
      return 0;
    }
    console.error(`evaluate: ${parsed.problem}\n\n${evaluateUsage}`);
    return 1;
  }
  const { trainFile, testFile, textColumn, labelColumn, model } = parsed.request;
  try {
    const train = await readLabelledCsv(trainFile, textColumn, labelColumn);
    const test = await readLabelledCsv(testFile, textColumn, labelColumn);
    for (const [file, { skipped }] of [[trainFile, train], [testFile, test]] as const) {
      if (skipped) console.error(`evaluate: ${file}: left out ${skipped} row(s) with a blank text or label`);
    }
    const figures = await runEvaluation(model, modelKindOf(model), train.examples, test.examples);
    console.log(evaluationReport(figures));
    return 0;
  } catch (error) {
    if (error instanceof LabelledCsvError) console.error(`evaluate: ${error.message}`);
    else console.error(`evaluate failed: ${error instanceof Error ? error.message : String(error)}`);
    return 1;
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`evaluate failed: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  },
);
