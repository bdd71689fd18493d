import type { Agreement, StudyResults } from '@frictionlens/domain';
import type { NextStudyContact, Study, StudyContact, StudyContactWithText, StudyFilters } from '@frictionlens/persistence';

// Field names are stable: spreadsheets and BI tools read them. Shares carry their 95% Wilson
// interval as <field>Low and <field>High, as every share of the API does.

export interface StudySummaryResponse {
  id: number;
  title: string;
  createdAt: string;
  status: 'open' | 'complete';
  from: string;
  to: string;
  filters: StudyFilters;
  stratifyBy: 'step' | 'channel' | 'period';
  interval: 'day' | 'week' | 'month';
  /** The 95% margin of error the sample gives for the failure share (asked for, or what a requested size gives). */
  marginOfError: number;
  priorShare: number;
  seed: number;
  blind: boolean;
  /** Contacts the sample was drawn from. */
  population: number;
  sampleSize: number;
  progress: { coded: number; remaining: number };
}

export interface SampledContactResponse {
  position: number;
  contactId: string;
  stratum: string;
}

export interface StudyCreatedResponse extends StudySummaryResponse {
  strata: Array<{ stratum: string; population: number; sampleSize: number }>;
  sample: SampledContactResponse[];
}

export interface StratumResponse {
  stratum: string;
  population: number;
  sampleSize: number;
  coded: number;
  failureContacts: number;
  failureShare: number | null;
  failureShareLow: number | null;
  failureShareHigh: number | null;
  demandTypeAccuracy: number | null;
}

export interface StudyResultsResponse {
  coded: number;
  failureContacts: number;
  valueContacts: number;
  notForHereContacts: number;
  failureShare: number | null;
  failureShareLow: number | null;
  failureShareHigh: number | null;
  modelFailureShare: number | null;
  modelFailureShareLow: number | null;
  modelFailureShareHigh: number | null;
  failureTypes: StudyResults['failureTypes'];
  agreement: { demandType: Agreement & { modelUnclassified: number }; category: Agreement };
  strata: StratumResponse[];
}

export interface StudyResponse extends StudySummaryResponse {
  results: StudyResultsResponse;
}

export interface ModelAnswerResponse {
  category: string | null;
  demandType: 'failure' | 'value' | null;
  confidence: number | null;
  modelVersion: number | null;
  top: Array<{ category: string; probability: number }>;
  explanation: Record<string, unknown> | null;
}

export interface NextContactResponse {
  studyId: number;
  progress: { coded: number; remaining: number };
  /** null once every contact of the sample is coded. */
  contact: {
    position: number;
    contactId: string;
    stratum: string;
    occurredAt: string;
    kind: string;
    channel: string | null;
    /** The stored text, redacted at ingest. */
    text: string;
    /** What the model said when the sample was drawn; null in a blind study. */
    model: ModelAnswerResponse | null;
  } | null;
}

export interface StudyCodeResponse {
  studyId: number;
  contactId: string;
  position: number;
  stratum: string;
  code: { demandType: 'failure' | 'value'; failureType: string | null; step: string | null; category: string | null; notForHere: boolean; coder: string | null; codedAt: string };
  /** The reviewer's label the code became (a code with a category, or not for here with a category to keep), or null. */
  label: { category: string; taxonomyVersion: number; notForHere: boolean; previous: string | null } | null;
  status: 'open' | 'complete';
  progress: { coded: number; remaining: number };
}

export interface StudyExportRow extends Record<string, unknown> {
  position: number;
  contactId: string;
  stratum: string;
  occurredAt: string;
  kind: string;
  channel: string | null;
  text: string;
  modelCategory: string | null;
  modelDemandType: string | null;
  modelConfidence: number | null;
  demandType: string | null;
  failureType: string | null;
  step: string | null;
  category: string | null;
  notForHere: boolean | null;
  coder: string | null;
  codedAt: string | null;
}

export function toSummary(study: Study): StudySummaryResponse {
  const { from, to, filters, stratifyBy, interval } = study.population;
  return {
    id: study.id,
    title: study.title,
    createdAt: study.createdAt.toISOString(),
    status: study.status,
    from,
    to,
    filters,
    stratifyBy,
    interval,
    marginOfError: study.marginOfError,
    priorShare: study.priorShare,
    seed: study.seed,
    blind: study.blind,
    population: study.populationSize,
    sampleSize: study.sampleSize,
    progress: { coded: study.coded, remaining: study.contacts - study.coded },
  };
}

export function toResults(study: Study, results: StudyResults): StudyResultsResponse {
  const byStratum = new Map(results.strata.map((s) => [s.stratum, s]));
  return {
    coded: results.coded,
    failureContacts: results.failureContacts,
    valueContacts: results.valueContacts,
    notForHereContacts: results.notForHereContacts,
    failureShare: results.failureShare.share,
    failureShareLow: results.failureShare.shareLow,
    failureShareHigh: results.failureShare.shareHigh,
    modelFailureShare: results.modelFailureShare.share,
    modelFailureShareLow: results.modelFailureShare.shareLow,
    modelFailureShareHigh: results.modelFailureShare.shareHigh,
    failureTypes: results.failureTypes,
    agreement: results.agreement,
    // Every stratum of the allocation, those that got no contact included.
    strata: study.strata.map((allocated) => {
      const found = byStratum.get(allocated.key);
      return {
        stratum: allocated.key,
        population: allocated.size,
        sampleSize: allocated.sampleSize,
        coded: found?.coded ?? 0,
        failureContacts: found?.failureContacts ?? 0,
        failureShare: found?.share ?? null,
        failureShareLow: found?.shareLow ?? null,
        failureShareHigh: found?.shareHigh ?? null,
        demandTypeAccuracy: found?.demandTypeAccuracy ?? null,
      };
    }),
  };
}

export function toNextContact(contact: NextStudyContact, blind: boolean): NonNullable<NextContactResponse['contact']> {
  return {
    position: contact.position,
    contactId: contact.contactId,
    stratum: contact.stratum,
    occurredAt: contact.occurredAt.toISOString(),
    kind: contact.kind,
    channel: contact.channel,
    text: contact.text,
    model: blind
      ? null
      : {
          category: contact.model.category,
          demandType: contact.model.demandType,
          confidence: contact.model.confidence,
          modelVersion: contact.model.version,
          top: contact.top,
          explanation: contact.explanation,
        },
  };
}

export function toCode(contact: StudyContact): StudyCodeResponse['code'] {
  const code = contact.code!;
  return {
    demandType: code.demandType,
    failureType: code.failureType,
    step: code.stepKey,
    category: code.categoryKey,
    notForHere: code.notForHere,
    coder: code.coder,
    codedAt: code.codedAt.toISOString(),
  };
}

export function toExportRow(contact: StudyContactWithText): StudyExportRow {
  const { code } = contact;
  return {
    position: contact.position,
    contactId: contact.contactId,
    stratum: contact.stratum,
    occurredAt: contact.occurredAt.toISOString(),
    kind: contact.kind,
    channel: contact.channel,
    text: contact.text,
    modelCategory: contact.model.category,
    modelDemandType: contact.model.demandType,
    modelConfidence: contact.model.confidence,
    demandType: code?.demandType ?? null,
    failureType: code?.failureType ?? null,
    step: code?.stepKey ?? null,
    category: code?.categoryKey ?? null,
    notForHere: code ? code.notForHere : null,
    coder: code?.coder ?? null,
    codedAt: code ? code.codedAt.toISOString() : null,
  };
}
