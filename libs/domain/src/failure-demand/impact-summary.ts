import type { ImpactBasis, ImpactVerdict } from './countermeasure-impact.js';
import type { WindowRates } from './window-rates.js';
import type { RateRatio } from './rate-ratio.js';

interface ImpactFacts {
  label: string;
  confidence: number;
  verdict: ImpactVerdict;
  basis: ImpactBasis;
  ratio: RateRatio | null;
  before: WindowRates;
  after: WindowRates;
}

// The sentence a reader sees beside the chart. The label starts it, so its capitals are the
// caller's ("ATM support" must not become "aTM support"). Percentages are whole: the interval is
// rarely narrower than a few points.
export function describeImpact(facts: ImpactFacts): string {
  const { label, verdict, basis, ratio, before, after } = facts;
  const ci = `${Number((facts.confidence * 100).toFixed(1))}% CI`;
  const subject = basis === 'units' ? `${label} per 1000 units handled` : label;
  const when = `in the ${after.weeks === 1 ? 'week' : `${amount(after.weeks)} weeks`} after the start`;
  if (verdict === 'too little data') {
    const why = before.weeks === 0 || after.weeks === 0
      ? `the window ${before.weeks === 0 ? 'before' : 'after'} the start has no weeks`
      : `${contacts(before.count)} before the start, ${amount(after.count)} after`;
    return `${label}: too little data to judge a change (${why}).`;
  }
  if (ratio?.ratio == null) {
    // Nothing before the start: there is no percentage change to give, only the counts.
    const counts = `from none to ${contacts(after.count)}`;
    return verdict === 'increased'
      ? `${label} rose ${counts} ${when}.`
      : `${label} showed no clear change ${when} (${counts}).`;
  }
  const change = ratio.ratio - 1;
  if (verdict === 'reduced') {
    return `${subject} fell by ${percent(-change)} (${ci} ${range(1 - ratio.high, 1 - ratio.low)}) ${when}.`;
  }
  if (verdict === 'increased') {
    return `${subject} rose by ${percent(change)} (${ci} ${range(ratio.low - 1, ratio.high - 1)}) ${when}.`;
  }
  return `${subject} showed no clear change ${when} (${signed(change)}, ${ci} ${signed(ratio.low - 1)} to ${signed(ratio.high - 1)}).`;
}

function percent(fraction: number): string {
  return `${Math.round(fraction * 100)}%`;
}

function range(low: number, high: number): string {
  return `${Math.round(low * 100)}–${Math.round(high * 100)}%`;
}

function signed(fraction: number): string {
  const rounded = Math.round(fraction * 100);
  return rounded > 0 ? `+${rounded}%` : rounded < 0 ? `−${-rounded}%` : '0%';
}

function amount(value: number): string {
  return Number.isInteger(value) ? String(value) : value.toFixed(1);
}

function contacts(count: number): string {
  return `${amount(count)} ${count === 1 ? 'contact' : 'contacts'}`;
}
