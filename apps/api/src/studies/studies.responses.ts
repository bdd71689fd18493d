import type { NextContactResponse, StudyCodeResponse, StudyExportRow, StudyResultsResponse, StudySummaryResponse } from '@frictionlens/contracts';
import type { StudyResults } from '@frictionlens/domain';
import type { NextStudyContact, Study, StudyContact, StudyContactWithText } from '@frictionlens/persistence';

// The shapes are the zod schemas of libs/contracts (studies.responses.ts); these map stored studies onto them.
export type {
  ModelAnswerResponse,
  NextContactResponse,
  SampledContactResponse,
  StratumResponse,
  StudyCodeResponse,
  StudyCreatedResponse,
  StudyExportRow,
  StudyResponse,
  StudyResultsResponse,
  StudySummaryResponse,
} from '@frictionlens/contracts';

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
