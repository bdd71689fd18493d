import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { predictionFileText, writePredictionFile } from './prediction-file.js';
import { inScopeUnclassifiedRateOf, type TestPrediction } from './run-evaluation.js';

const predictions: TestPrediction[] = [
  { index: 0, label: 'refund', prediction: { label: 'refund', unclassified: false, topLabel: 'refund', confidence: 0.91, unknown: 0.02 } },
  { index: 1, label: 'oos', prediction: { label: 'unclassified', unclassified: true, topLabel: 'card_arrival', confidence: 0.4, unknown: 0.97 } },
  { index: 2, label: 'lost, or "stolen"', prediction: { label: 'unclassified', unclassified: true, topLabel: 'lost_card', confidence: 0.2 } },
];

describe('--predictions files', () => {
  it('writes CSV with a header, quoting what needs it, the open-set score empty when there is none', () => {
    const rows = parse(predictionFileText('out.csv', predictions), { columns: true }) as Record<string, string>[];
    expect(rows).toEqual([
      { index: '0', label: 'refund', predicted: 'refund', confidence: '0.91', unknown: '0.02', top: 'refund' },
      { index: '1', label: 'oos', predicted: 'unclassified', confidence: '0.4', unknown: '0.97', top: 'card_arrival' },
      { index: '2', label: 'lost, or "stolen"', predicted: 'unclassified', confidence: '0.2', unknown: '', top: 'lost_card' },
    ]);
  });

  it('writes JSON lines for a .jsonl file, null for no open-set score', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'predictions-')), 'out.JSONL');
    await writePredictionFile(path, predictions);
    const lines = readFileSync(path, 'utf8').trimEnd().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(lines).toHaveLength(3);
    expect(lines[1]).toEqual({ index: 1, label: 'oos', predicted: 'unclassified', confidence: 0.4, unknown: 0.97, top: 'card_arrival' });
    expect(lines[2]).toMatchObject({ index: 2, unknown: null });
  });
});

describe('inScopeUnclassifiedRateOf', () => {
  it('counts unclassified answers among the texts not labelled oos only', () => {
    const truth = ['a', 'oos', 'b', 'oos', 'c', 'd'];
    const answers = [true, true, false, true, true, false].map((unclassified) => ({ unclassified }));
    expect(inScopeUnclassifiedRateOf(truth, answers)).toBe(0.5);
    expect(inScopeUnclassifiedRateOf(['oos'], [{ unclassified: true }])).toBe(0);
  });
});
