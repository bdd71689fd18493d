import { EncoderNotFoundError } from '@frictionlens/nlp';
import { evaluateUsage, parseEvaluateArgs } from './evaluate/evaluate-args.js';
import { evaluationReport } from './evaluate/evaluation-report.js';
import { fewShotReport, runFewShot } from './evaluate/few-shot.js';
import { LabelledCsvError, readLabelledCsv } from './evaluate/labelled-csv.js';
import { modelKindOf } from './evaluate/model-kinds.js';
import { writePredictionFile } from './evaluate/prediction-file.js';
import { runEvaluation } from './evaluate/run-evaluation.js';
import { servingPeakRssMb } from './evaluate/serving-footprint.js';

// npm run evaluate -- --train <csv> --test <csv> [--text text] [--label label] [--model linear] [--encoder name] [--predictions file] [--flag-share F] [--second-opinion name]
// npm run evaluate -- --shots N [--seed 42]: a cold start on BANKING77 (few-shot.ts)
// Exit 0 with the figures printed (last stdout line: one JSON object); 1 on bad arguments or data,
// or when --model encoder finds no encoder (FRICTIONLENS_MODELS_HOME, default .frictionlens/models).
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
  const { trainFile, testFile, textColumn, labelColumn, model, encoder, predictionsFile, flagShare, secondOpinion, fewShot } = parsed.request;
  const modelsFolder = process.env['FRICTIONLENS_MODELS_HOME'] || '.frictionlens/models';
  try {
    const train = await readLabelledCsv(trainFile, textColumn, labelColumn);
    const test = await readLabelledCsv(testFile, textColumn, labelColumn);
    for (const [file, { skipped }] of [[trainFile, train], [testFile, test]] as const) {
      if (skipped) console.error(`evaluate: ${file}: left out ${skipped} row(s) with a blank text or label`);
    }
    if (fewShot) {
      const cacheFolder = process.env['FRICTIONLENS_EMBEDDINGS_CACHE'] || '.embeddings-cache/few-shot';
      const figures = await runFewShot({ ...fewShot, train: train.examples, test: test.examples, encoder, modelsFolder, cacheFolder }, (line) => process.stderr.write(`\r${line}   `));
      process.stderr.write('\n');
      console.log(fewShotReport(figures));
      return 0;
    }
    const settings = { encoder, modelsFolder, ...(flagShare !== undefined && { openSetFlagShare: flagShare }), ...(secondOpinion !== undefined && { secondOpinion }) };
    const servingRss = (bytes: Uint8Array, texts: readonly string[]) => servingPeakRssMb(model, settings, bytes, texts);
    const { predictions, ...figures } = await runEvaluation(model, modelKindOf(model, settings), train.examples, test.examples, { servingRss });
    if (predictionsFile) {
      await writePredictionFile(predictionsFile, predictions);
      console.error(`evaluate: wrote ${predictions.length} predictions to ${predictionsFile}`);
    }
    console.log(evaluationReport(figures));
    return 0;
  } catch (error) {
    if (error instanceof LabelledCsvError || error instanceof EncoderNotFoundError) console.error(`evaluate: ${error.message}`);
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
