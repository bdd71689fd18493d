import type { Discovery } from '@frictionlens/nlp';

/** The largest themes as lines: size, name, and the contacts nearest the centre. */
export function themeLines(discovery: Discovery, texts: readonly string[], show: number): string[] {
  const lines: string[] = [];
  for (const theme of discovery.themes.slice(0, show)) {
    lines.push(`  ${String(theme.size).padStart(5)}  ${theme.name}`);
    for (const { row } of theme.examples.slice(0, 3)) lines.push(`         · ${texts[row]!.slice(0, 100)}`);
  }
  return lines;
}

export const peakRssMb = () => Math.round(process.resourceUsage().maxRSS / 1024);

export const round = (value: number, places = 4) => Math.round(value * 10 ** places) / 10 ** places;
