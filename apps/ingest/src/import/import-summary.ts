import type { Rejection, RejectionCode } from '@frictionlens/domain';

/** How many rejections a summary lists one by one; the rest are only counted. */
export const LISTED_REJECTIONS = 10;

/** What an import did, counted over every record read. `read` = `stored` + `duplicates` + `rejected`. */
export interface ImportSummary {
  read: number;
  stored: number;
  duplicates: number;
  rejected: number;
  rejectedByCode: Partial<Record<RejectionCode, number>>;
  /** The first rejections in file order, without any value from the record. */
  firstRejections: Array<{ line: number } & Rejection>;
  /** The last line of the file a counted record started on. */
  lastLine: number;
}

export class ImportTally {
  private readonly summary: ImportSummary = { read: 0, stored: 0, duplicates: 0, rejected: 0, rejectedByCode: {}, firstRejections: [], lastLine: 0 };

  count(batch: { read: number; stored: number; duplicates: number; lastLine: number }): void {
    this.summary.read += batch.read;
    this.summary.stored += batch.stored;
    this.summary.duplicates += batch.duplicates;
    this.summary.lastLine = Math.max(this.summary.lastLine, batch.lastLine);
  }

  reject(line: number, rejection: Rejection): void {
    this.summary.rejected++;
    this.summary.rejectedByCode[rejection.code] = (this.summary.rejectedByCode[rejection.code] ?? 0) + 1;
    if (this.summary.firstRejections.length < LISTED_REJECTIONS) this.summary.firstRejections.push({ line, ...rejection });
  }

  snapshot(): ImportSummary {
    return structuredClone(this.summary);
  }
}

/** The summary as printed at the end of `npm run import`: counts, then the first rejections as `line N: field: problem`. */
export function formatSummary(summary: ImportSummary, seconds: number): string {
  const rate = seconds > 0 ? Math.round(summary.read / seconds) : summary.read;
  const number = (n: number) => n.toLocaleString('en-US').padStart(10);
  const out = [
    `records read ${number(summary.read)}   (${seconds.toFixed(1)} s, ${rate.toLocaleString('en-US')} records/s)`,
    `stored       ${number(summary.stored)}`,
    `duplicates   ${number(summary.duplicates)}   (already stored, or repeated in the file)`,
    `rejected     ${number(summary.rejected)}`,
  ];
  const codes = Object.entries(summary.rejectedByCode).sort(([a], [b]) => a.localeCompare(b));
  for (const [code, count] of codes) out.push(`  ${code.padEnd(16)}${number(count ?? 0)}`);
  if (summary.firstRejections.length) {
    const more = summary.rejected - summary.firstRejections.length;
    out.push('', `first ${summary.firstRejections.length} rejection(s)${more > 0 ? ` of ${summary.rejected}` : ''}:`);
    for (const r of summary.firstRejections) out.push(`  line ${r.line}: ${r.field ? `${r.field}: ` : ''}${r.problem}`);
  }
  return out.join('\n');
}
