import { z } from 'zod';
import { answerDay, answerTime, CategoryProbability, ClassificationExplanation, StudyProgress } from './api-shapes.js';

// Field names are stable: spreadsheets and BI tools read them. Shares carry their 95% Wilson
// interval as <field>Low and <field>High, as every share of the API does.

const keys = z.array(z.string()).optional();

/** A study as listed: what it samples and how far coding has come. */
export const StudySummaryResponse = z.strictObject({
  id: z.number().int(),
  title: z.string(),
  createdAt: answerTime,
  status: z.enum(['open', 'complete']),
  from: answerDay,
  to: answerDay,
  filters: z.strictObject({ valueStream: keys, step: keys, category: keys, channel: keys, kind: keys, product: keys, source: keys }),
  stratifyBy: z.enum(['step', 'channel', 'period']),
  interval: z.enum(['day', 'week', 'month']),
  marginOfError: z.number().describe('The 95% margin of error the sample gives for the failure share (asked for, or what a requested size gives).'),
  priorShare: z.number(),
  seed: z.number().int(),
  blind: z.boolean(),
  population: z.number().int().describe('Contacts the sample was drawn from.'),
  sampleSize: z.number().int(),
  progress: StudyProgress,
});
export type StudySummaryResponse = z.infer<typeof StudySummaryResponse>;

/** `GET /v1/studies`: newest first. */
export const StudyListResponse = z.strictObject({ rows: z.array(StudySummaryResponse) });
export type StudyListResponse = z.infer<typeof StudyListResponse>;

export const SampledContactResponse = z.strictObject({ position: z.number().int(), contactId: z.string(), stratum: z.string() });
export type SampledContactResponse = z.infer<typeof SampledContactResponse>;

/** `POST /v1/studies`: the study with its allocation and sample in coding order. */
export const StudyCreatedResponse = z.strictObject({
  ...StudySummaryResponse.shape,
  strata: z.array(z.strictObject({ stratum: z.string(), population: z.number().int(), sampleSize: z.number().int() })),
  sample: z.array(SampledContactResponse),
});
export type StudyCreatedResponse = z.infer<typeof StudyCreatedResponse>;

export const StratumResponse = z.strictObject({
  stratum: z.string(),
  population: z.number().int(),
  sampleSize: z.number().int(),
  coded: z.number().int(),
  failureContacts: z.number().int(),
  failureShare: z.number().nullable(),
  failureShareLow: z.number().nullable(),
  failureShareHigh: z.number().nullable(),
  demandTypeAccuracy: z.number().nullable(),
});
export type StratumResponse = z.infer<typeof StratumResponse>;

/** How often a person and the model gave the same answer, and Cohen's kappa (null: nothing compared, or chance agrees perfectly). */
export const AgreementResponse = z.strictObject({ compared: z.number().int(), agreements: z.number().int(), accuracy: z.number().nullable(), kappa: z.number().nullable() });
export type AgreementResponse = z.infer<typeof AgreementResponse>;

export const StudyResultsResponse = z.strictObject({
  coded: z.number().int(),
  failureContacts: z.number().int(),
  valueContacts: z.number().int(),
  notForHereContacts: z.number().int(),
  failureShare: z.number().nullable(),
  failureShareLow: z.number().nullable(),
  failureShareHigh: z.number().nullable(),
  modelFailureShare: z.number().nullable(),
  modelFailureShareLow: z.number().nullable(),
  modelFailureShareHigh: z.number().nullable(),
  failureTypes: z.array(z.strictObject({ failureType: z.string().nullable(), contacts: z.number().int() })).describe('Coded failure demand by failure type, largest first (null: no type given).'),
  agreement: z.strictObject({
    demandType: z.strictObject({ ...AgreementResponse.shape, modelUnclassified: z.number().int() }),
    category: AgreementResponse,
  }),
  strata: z.array(StratumResponse),
});
export type StudyResultsResponse = z.infer<typeof StudyResultsResponse>;

/** `GET /v1/studies/{id}`. */
export const StudyResponse = z.strictObject({ ...StudySummaryResponse.shape, results: StudyResultsResponse });
export type StudyResponse = z.infer<typeof StudyResponse>;

/** What the model said of a sampled contact when the sample was drawn. */
export const ModelAnswerResponse = z.strictObject({
  category: z.string().nullable(),
  demandType: z.enum(['failure', 'value']).nullable(),
  confidence: z.number().nullable(),
  modelVersion: z.number().int().nullable(),
  top: z.array(CategoryProbability),
  explanation: ClassificationExplanation.nullable(),
});
export type ModelAnswerResponse = z.infer<typeof ModelAnswerResponse>;

export const StudyContactToCode = z.strictObject({
  position: z.number().int(),
  contactId: z.string(),
  stratum: z.string(),
  occurredAt: answerTime,
  kind: z.string(),
  channel: z.string().nullable(),
  text: z.string().describe('The stored text, redacted at ingest.'),
  model: ModelAnswerResponse.nullable().describe('What the model said when the sample was drawn; null in a blind study.'),
});
export type StudyContactToCode = z.infer<typeof StudyContactToCode>;

/** `GET /v1/studies/{id}/next`. */
export const NextContactResponse = z.strictObject({
  studyId: z.number().int(),
  progress: StudyProgress,
  contact: StudyContactToCode.nullable().describe('null once every contact of the sample is coded.'),
});
export type NextContactResponse = z.infer<typeof NextContactResponse>;

export const StudyCode = z.strictObject({
  demandType: z.enum(['failure', 'value']),
  failureType: z.string().nullable(),
  step: z.string().nullable(),
  category: z.string().nullable(),
  notForHere: z.boolean(),
  coder: z.string().nullable(),
  codedAt: answerTime,
});
export type StudyCode = z.infer<typeof StudyCode>;

/** `PUT /v1/studies/{id}/contacts/{contactId}`. */
export const StudyCodeResponse = z.strictObject({
  studyId: z.number().int(),
  contactId: z.string(),
  position: z.number().int(),
  stratum: z.string(),
  code: StudyCode,
  label: z
    .strictObject({ category: z.string(), taxonomyVersion: z.number().int(), notForHere: z.boolean(), previous: z.string().nullable() })
    .nullable()
    .describe("The reviewer's label the code became (a code with a category, or not for here with a category to keep), or null."),
  status: z.enum(['open', 'complete']),
  progress: StudyProgress,
});
export type StudyCodeResponse = z.infer<typeof StudyCodeResponse>;

/** One sampled contact of `GET /v1/studies/{id}/export` (a CSV line with ?format=csv). */
export const StudyExportRow = z.strictObject({
  position: z.number().int(),
  contactId: z.string(),
  stratum: z.string(),
  occurredAt: answerTime,
  kind: z.string(),
  channel: z.string().nullable(),
  text: z.string(),
  modelCategory: z.string().nullable(),
  modelDemandType: z.string().nullable(),
  modelConfidence: z.number().nullable(),
  demandType: z.string().nullable(),
  failureType: z.string().nullable(),
  step: z.string().nullable(),
  category: z.string().nullable(),
  notForHere: z.boolean().nullable(),
  coder: z.string().nullable(),
  codedAt: answerTime.nullable(),
});
export type StudyExportRow = z.infer<typeof StudyExportRow>;

export const StudyExportResponse = z.strictObject({ rows: z.array(StudyExportRow).describe('In coding order.') });
export type StudyExportResponse = z.infer<typeof StudyExportResponse>;
