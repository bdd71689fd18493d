import type { EvaluationFigures } from './run-evaluation.js';

const percent = (fraction: number) => `${(fraction * 100).toFixed(2)}%`;
const seconds = (s: number) => `${s.toFixed(2)} s`;

/** The figures as lines for a person, then one JSON line (the last) for machines. */
export function evaluationReport(figures: EvaluationFigures): string {
  const lines = [
    `model ${figures.model}${figures.encoder ? ` (encoder ${figures.encoder})` : ''}: trained on ${figures.trainExamples} examples (${figures.labels} labels), tested on ${figures.testExamples}`,
    `accuracy            ${percent(figures.accuracy)}  (unclassified counts as wrong, except for out-of-scope texts)`,
    `macro-F1            ${percent(figures.macroF1)}`,
    `top-1 accuracy      ${percent(figures.top1Accuracy)}  (most probable label, no unclassified answer)`,
    `coverage            ${percent(figures.coverage)}  (threshold ${figures.threshold === null ? 'none' : figures.threshold.toFixed(4)}${figures.openSetThreshold === undefined ? '' : `; open-set decision: unknown score above ${figures.openSetThreshold.toFixed(4)}`})`,
    `in-scope unclassified ${percent(figures.inScopeUnclassifiedRate)}  (texts not labelled oos answered unclassified)`,
  ];
  if (figures.inScopeAccuracy !== undefined && figures.oosRecall !== undefined) {
    lines.push(`in-scope accuracy   ${percent(figures.inScopeAccuracy)}`, `oos recall          ${percent(figures.oosRecall)}`);
  }
  if (figures.secondOpinionShare !== undefined) lines.push(`second opinion      ${percent(figures.secondOpinionShare)}  (texts the second model decided: the first was unsure they are ours)`);
  lines.push(
    `train time          ${seconds(figures.trainSeconds)}${figures.encoder ? '  (embedding the training texts included)' : ''}`,
    ...(figures.retrainFromEmbeddingsSeconds === undefined ? [] : [`retrain time        ${seconds(figures.retrainFromEmbeddingsSeconds)}  (from the stored embeddings)`]),
    `model size          ${figures.modelBytes.toLocaleString('en-US')} bytes`,
    `load time           ${figures.loadMs.toFixed(1)} ms${figures.encoder ? '  (model file and ONNX session)' : ''}`,
    ...(figures.singlePredictionsPerSecond === undefined
      ? [`predictions/s       ${figures.predictionsPerSecond.toLocaleString('en-US')}  (one text per call, one thread)`]
      : [
          `predictions/s       ${figures.predictionsPerSecond.toLocaleString('en-US')}  (batches of 32, one thread, embedding included; ${(figures.predictionsPerCpuSecond ?? 0).toLocaleString('en-US')} per CPU second)`,
          `predictions/s       ${figures.singlePredictionsPerSecond.toLocaleString('en-US')}  (one text per call)`,
        ]),
    `peak memory         ${figures.peakRssMb.toLocaleString('en-US')} MB  (resident, training included, before the baseline)`,
    ...(figures.servingPeakRssMb === undefined ? [] : [`serving memory      ${figures.servingPeakRssMb.toLocaleString('en-US')} MB  (peak of a process that only loads the model and classifies)`]),
    `baseline (natural BayesClassifier): accuracy ${percent(figures.baselineAccuracy)}${figures.baselineInScopeAccuracy === undefined ? '' : `, in-scope ${percent(figures.baselineInScopeAccuracy)}`}, trained in ${seconds(figures.baselineTrainSeconds)}, tested in ${seconds(figures.baselineTestSeconds)}`,
    'worst classes by F1:',
    ...figures.worstClasses.map((c) => `  ${c.label.padEnd(40)} F1 ${percent(c.f1).padStart(7)}  precision ${percent(c.precision).padStart(7)}  recall ${percent(c.recall).padStart(7)}  (${c.support} texts)`),
    JSON.stringify(figures),
  );
  return lines.join('\n');
}
