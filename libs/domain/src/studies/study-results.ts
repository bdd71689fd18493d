import { wilsonInterval } from '../failure-demand/wilson.js';
import { agreement, type Agreement } from './agreement.js';

export type CodedDemandType = 'failure' | 'value';

/** What a person said a contact of a study was, in the customer's own words. */
export interface StudyCode {
  demandType: CodedDemandType;
  failureType: string | null;
  stepKey: string | null;
  categoryKey: string | null;
  /** Sent to the wrong place: failure demand of the type not-for-here. */
  notForHere: boolean;
}

/** A contact of a study's sample with what the model said at sampling time and, once coded, the person's code. */
export interface StudyContactOutcome {
  stratum: string;
  /** The model's category when the sample was drawn (`unclassified` included); null when only a reviewer had categorised it. */
  modelCategory: string | null;
  /** The model's demand type then; null when it left the contact unclassified (or never classified it). */
  modelDemandType: CodedDemandType | null;
  code: StudyCode | null;
}

export interface ShareWithInterval {
  /** null while nothing is coded. */
  share: number | null;
  shareLow: number | null;
  shareHigh: number | null;
}

export interface StratumResults extends ShareWithInterval {
  stratum: string;
  sampleSize: number;
  coded: number;
  failureContacts: number;
  demandTypeAccuracy: number | null;
}

export interface StudyResults {
  sampleSize: number;
  coded: number;
  failureContacts: number;
  valueContacts: number;
  notForHereContacts: number;
  /** The human-coded failure-demand share of the coded contacts, with its 95% Wilson interval. */
  failureShare: ShareWithInterval;
  /** What the model said of the same coded contacts: failure / (failure + value), unclassified apart. */
  modelFailureShare: ShareWithInterval;
  /** Coded failure demand by failure type, largest first (null: no type given). */
  failureTypes: Array<{ failureType: string | null; contacts: number }>;
  agreement: {
    /** Person against model on failure or value, over the coded contacts the model did not leave unclassified. */
    demandType: Agreement & { modelUnclassified: number };
    /** Person against model on the category, over the coded contacts given a category by both. */
    category: Agreement;
  };
  strata: StratumResults[];
}

/**
 * What a study found so far: the failure-demand share as people coded it (Wilson 95% interval),
 * the failure types behind it, and how well the model agrees with them (accuracy and Cohen's
 * kappa, on demand type and on category), overall and by stratum (strata in key order).
 * Proportional allocation makes the sample self-weighting, so the plain share estimates the
 * population's.
 */
export function studyResults(contacts: readonly StudyContactOutcome[]): StudyResults {
  const coded = contacts.filter((c): c is StudyContactOutcome & { code: StudyCode } => c.code !== null);
  const failureContacts = coded.filter((c) => c.code.demandType === 'failure').length;
  const modelDecided = coded.filter((c) => c.modelDemandType !== null);
  const withCategories = coded.filter((c) => c.code.categoryKey !== null && c.modelCategory !== null);
  return {
    sampleSize: contacts.length,
    coded: coded.length,
    failureContacts,
    valueContacts: coded.length - failureContacts,
    notForHereContacts: coded.filter((c) => c.code.notForHere).length,
    failureShare: shareOf(failureContacts, coded.length),
    modelFailureShare: shareOf(modelDecided.filter((c) => c.modelDemandType === 'failure').length, modelDecided.length),
    failureTypes: failureTypeMix(coded),
    agreement: {
      demandType: { ...agreement(modelDecided.map((c) => [c.code.demandType, c.modelDemandType!] as const)), modelUnclassified: coded.length - modelDecided.length },
      category: agreement(withCategories.map((c) => [c.code.categoryKey!, c.modelCategory!] as const)),
    },
    strata: byStratum(contacts),
  };
}

function shareOf(successes: number, trials: number): ShareWithInterval {
  if (trials === 0) return { share: null, shareLow: null, shareHigh: null };
  const { low, high } = wilsonInterval(successes, trials);
  return { share: successes / trials, shareLow: low, shareHigh: high };
}

function failureTypeMix(coded: ReadonlyArray<{ code: StudyCode }>): StudyResults['failureTypes'] {
  const counts = new Map<string | null, number>();
  for (const { code } of coded) if (code.demandType === 'failure') counts.set(code.failureType, (counts.get(code.failureType) ?? 0) + 1);
  return [...counts]
    .map(([failureType, contacts]) => ({ failureType, contacts }))
    .sort((a, b) => b.contacts - a.contacts || String(a.failureType ?? '\uffff').localeCompare(String(b.failureType ?? '\uffff')));
}

function byStratum(contacts: readonly StudyContactOutcome[]): StratumResults[] {
  const groups = new Map<string, StudyContactOutcome[]>();
  for (const c of contacts) groups.set(c.stratum, [...(groups.get(c.stratum) ?? []), c]);
  return [...groups.keys()]
    .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))
    .map((stratum) => {
      const part = studyResultsOfStratum(groups.get(stratum)!);
      return { stratum, ...part };
    });
}

function studyResultsOfStratum(contacts: readonly StudyContactOutcome[]): Omit<StratumResults, 'stratum'> {
  const coded = contacts.filter((c) => c.code !== null);
  const failureContacts = coded.filter((c) => c.code!.demandType === 'failure').length;
  const decided = coded.filter((c) => c.modelDemandType !== null);
  return {
    sampleSize: contacts.length,
    coded: coded.length,
    failureContacts,
    ...shareOf(failureContacts, coded.length),
    demandTypeAccuracy: agreement(decided.map((c) => [c.code!.demandType, c.modelDemandType!] as const)).accuracy,
  };
}
