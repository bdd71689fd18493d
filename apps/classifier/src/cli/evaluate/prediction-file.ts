import { writeFile } from 'node:fs/promises';
import { stringify } from 'csv-stringify/sync';
import type { TestPrediction } from './run-evaluation.js';

const COLUMNS = ['index', 'label', 'predicted', 'confidence', 'unknown', 'top'] as const;

type Row = Record<(typeof COLUMNS)[number], string | number | null>;

function rowOf({ index, label, prediction }: TestPrediction): Row {
  return { index, label, predicted: prediction.label, confidence: prediction.confidence, unknown: prediction.unknown ?? null, top: prediction.topLabel };
}

/**
 * Each test text's prediction, one per line: JSON lines for a `.jsonl` file, else CSV with a
 * header row. `predicted` is a label or "unclassified"; `unknown` is the open-set score (empty
 * or null when the model has no open-set decision); `top` the most probable label.
 */
export function predictionFileText(path: string, predictions: readonly TestPrediction[]): string {
  const rows = predictions.map(rowOf);
  if (path.toLowerCase().endsWith('.jsonl')) return rows.map((row) => JSON.stringify(row)).join('\n') + (rows.length ? '\n' : '');
  return stringify(
    rows.map((row) => COLUMNS.map((column) => row[column] ?? '')),
    { header: true, columns: [...COLUMNS] },
  );
}

export async function writePredictionFile(path: string, predictions: readonly TestPrediction[]): Promise<void> {
  await writeFile(path, predictionFileText(path, predictions));
}
