import { parse } from 'csv-parse/sync';
import { CalendarDay, StepKey } from '@frictionlens/contracts';
import type { StepVolume } from './value-stream.js';

/** Why one line of a volumes file was not stored; `line` counts from 1, the header being line 1. */
export interface VolumeRejection {
  line: number;
  field: string;
  problem: string;
}

export interface StepVolumesFile {
  volumes: StepVolume[];
  rejected: VolumeRejection[];
}

export const VOLUME_COLUMNS = ['step', 'day', 'units'] as const;

const WHOLE_NUMBER = /^[0-9]+$/;

/**
 * Reads a CSV of step volumes: a header row naming the columns `step`, `day` and `units` (any order,
 * any case, other columns ignored), then one row per step and day. Each row is stored or rejected
 * on its own, with its line and field: a step not in `knownSteps`, a day that is not YYYY-MM-DD,
 * units that are not a whole number, a step and day given twice (the later line is rejected).
 * Blank lines are skipped. Quoted cells may not span lines (no value of these columns needs it).
 */
export function readStepVolumesCsv(text: string, knownSteps: ReadonlySet<string>): StepVolumesFile {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  const numbered = lines.map((line, i) => ({ line: i + 1, text: line })).filter((l) => l.text.trim() !== '');
  if (numbered.length === 0) return { volumes: [], rejected: [{ line: 1, field: '(header)', problem: 'the file is empty: it needs a header row step,day,units and a row per step and day' }] };
  const [header, ...rows] = numbered;
  const cells = cellsOf(numbered.map((l) => l.text));
  const columns = columnsOf(cells[0]);
  if (typeof columns === 'string') return { volumes: [], rejected: [{ line: header!.line, field: '(header)', problem: columns }] };

  const volumes: StepVolume[] = [];
  const rejected: VolumeRejection[] = [];
  const lineOf = new Map<string, number>();
  rows.forEach(({ line }, i) => {
    const row = cells[i + 1]!;
    if (typeof row === 'string') {
      rejected.push({ line, field: '(row)', problem: row });
      return;
    }
    const [step, day, units] = [columns.step, columns.day, columns.units].map((c) => row[c]?.trim() ?? '') as [string, string, string];
    const first = lineOf.get(`${step} ${day}`);
    const problem = cellProblem(step, day, units, knownSteps) ?? (first === undefined ? undefined : { field: 'day', problem: `step '${step}' already has a row for ${day} (line ${first})` });
    if (problem) rejected.push({ line, ...problem });
    else {
      lineOf.set(`${step} ${day}`, line);
      volumes.push({ stepKey: step, day, units: Number(units) });
    }
  });
  return { volumes, rejected };
}

function cellProblem(step: string, day: string, units: string, knownSteps: ReadonlySet<string>): Omit<VolumeRejection, 'line'> | undefined {
  const stepKey = StepKey.safeParse(step);
  if (!stepKey.success) return { field: 'step', problem: step === '' ? 'is empty' : stepKey.error.issues[0]!.message };
  if (!knownSteps.has(step)) return { field: 'step', problem: `no step has the key '${step}'` };
  if (!CalendarDay.safeParse(day).success) return { field: 'day', problem: 'must be a date as YYYY-MM-DD' };
  if (!WHOLE_NUMBER.test(units)) return { field: 'units', problem: 'must be a whole number of 0 or more' };
  if (!Number.isSafeInteger(Number(units))) return { field: 'units', problem: 'is too large' };
  return undefined;
}

function columnsOf(header: string[] | string | undefined): Record<(typeof VOLUME_COLUMNS)[number], number> | string {
  if (typeof header !== 'string' && header) {
    const names = header.map((h) => h.trim().toLowerCase());
    const at = VOLUME_COLUMNS.map((c) => names.indexOf(c));
    if (at.every((i) => i >= 0)) return { step: at[0]!, day: at[1]!, units: at[2]! };
  }
  return 'the first row must be a header naming the columns step, day and units';
}

// Every line at once when the whole file parses; line by line only to find which lines are malformed.
function cellsOf(lines: string[]): Array<string[] | string> {
  try {
    const parsed = parse(lines.join('\n'), { record_delimiter: '\n', relax_column_count: true }) as string[][];
    if (parsed.length === lines.length) return parsed;
  } catch {
    // a line is malformed; found below
  }
  return lines.map(cellsOfLine);
}

function cellsOfLine(line: string): string[] | string {
  try {
    const parsed = parse(line, { record_delimiter: '\n', relax_column_count: true }) as string[][];
    return parsed.length === 1 ? parsed[0]! : 'the row is not valid CSV';
  } catch {
    // csv-parse's own messages quote the cell; these do not.
    return 'the row is not valid CSV (a quote inside a cell must be doubled, and a quoted cell closed on its line)';
  }
}
