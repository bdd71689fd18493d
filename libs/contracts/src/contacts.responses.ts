import { z } from 'zod';
import { answerDay, answerTime, CategoryProbability, ClassificationExplanation, JsonRecord } from './api-shapes.js';
import { Channels } from './channel.js';
import { ContactKinds } from './contact-kind.js';

// Field names are stable: BI tools and spreadsheets read them.

/** One contact behind a figure (`GET /v1/contacts`). */
export const DrillDownContactResponse = z.strictObject({
  contactId: z.string(),
  occurredAt: answerTime.describe('When the customer got in touch (UTC).'),
  kind: z.enum(ContactKinds),
  channel: z.enum(Channels).nullable(),
  productSku: z.string().nullable(),
  source: z.string().describe('The sending system (zendesk, salesforce, ...).'),
  text: z.string().describe('The stored text, redacted at ingest.'),
  category: z.string().describe("What the contact counts as: the reviewer's label when there is one, else the current classification."),
  demandType: z.enum(['failure', 'value', 'unclassified']),
  confidence: z.number().nullable().describe("The model's confidence in its own category; null when only a reviewer's label stands."),
  top: z.array(CategoryProbability).describe("The model's three likeliest categories."),
  explanation: ClassificationExplanation.nullable().describe('Why the model decided so, as the classifier wrote it: the deciding terms with their weights, or the rule.'),
  labelled: z.boolean().describe("True when a reviewer's label decided the category."),
  notForHere: z.boolean().describe('A reviewer said the contact was sent to the wrong place: failure demand of type not-for-here.'),
  repeat: z.boolean().describe('The same customer got in touch about the same category, or one sharing a step, within the repeat window before it.'),
  failureType: z.string().nullable().describe("What the metrics count it as: not-for-here or repeat when the contact carries one, else its category's failure type; null for value demand."),
  modelVersion: z.number().int().nullable(),
});
export type DrillDownContactResponse = z.infer<typeof DrillDownContactResponse>;

/** `GET /v1/contacts`: one page of the contacts behind a figure. */
export const ContactsResponse = z.strictObject({
  from: answerDay,
  to: answerDay,
  rows: z.array(DrillDownContactResponse).describe('Newest first (then by contact id).'),
  nextCursor: z.string().nullable().describe('Pass it as `cursor` for the next page; null on the last page.'),
});
export type ContactsResponse = z.infer<typeof ContactsResponse>;

/** `DELETE /v1/customers/{customerId}/contacts`: what the erasure removed. */
export const ErasureResponse = z.strictObject({ deletedContacts: z.number().int() });
export type ErasureResponse = z.infer<typeof ErasureResponse>;

/** One contact the classifier was unsure of (`GET /v1/review-queue`). */
export const ReviewItem = z.strictObject({
  contactId: z.string(),
  kind: z.string(),
  channel: z.string().nullable(),
  occurredAt: answerTime,
  text: z.string().describe('The stored text, redacted at ingest.'),
  classification: z.strictObject({
    category: z.string(),
    confidence: z.number(),
    top: z.array(CategoryProbability),
    explanation: ClassificationExplanation,
    modelVersion: z.number().int(),
    taxonomyVersion: z.number().int(),
    classifiedAt: answerTime,
  }),
});
export type ReviewItem = z.infer<typeof ReviewItem>;

/** `GET /v1/review-queue`: least certain first, a page at a time. */
export const ReviewQueueResponse = z.strictObject({
  items: z.array(ReviewItem),
  nextCursor: z.string().nullable().describe('Pass it as `cursor` for the next page; null on the last page.'),
});
export type ReviewQueueResponse = z.infer<typeof ReviewQueueResponse>;

/** `POST /v1/contacts/{id}/label`: the label as stored. */
export const LabelResponse = z.strictObject({
  contactId: z.string(),
  category: z.string(),
  taxonomyVersion: z.number().int(),
  notForHere: z.boolean().describe("Sent to the wrong place: counted as failure demand of the failure type 'not-for-here'."),
  previous: z.string().nullable().describe("The category of the contact's current model classification, or null."),
});
export type LabelResponse = z.infer<typeof LabelResponse>;

/** One trained model version (`GET /v1/models`). */
export const ModelVersionResponse = z.strictObject({
  version: z.number().int(),
  kind: z.string(),
  taxonomyVersion: z.number().int(),
  createdAt: answerTime,
  exampleCount: z.number().int(),
  labelCount: z.number().int(),
  sizeBytes: z.number().int(),
  checksum: z.string(),
  evaluation: JsonRecord.describe('Held-out figures from training (accuracy, unclassified rate, threshold, ...).'),
});
export type ModelVersionResponse = z.infer<typeof ModelVersionResponse>;

/** `GET /v1/models`: newest first; the classifier serves the first. */
export const ModelsResponse = z.strictObject({ models: z.array(ModelVersionResponse) });
export type ModelsResponse = z.infer<typeof ModelsResponse>;

/** Why one event of an ingest request was not stored (the same reasons a dead letter carries). */
export const IngestRejectionResponse = z.strictObject({
  index: z.number().int().min(0).describe('Position of the event in the request (0-based).'),
  code: z.string().describe('What kind of problem: missing_field, invalid_field, invalid_date, future_date, empty_text, text_too_large, unknown_channel, ...'),
  field: z.string().optional().describe('The field at fault, as a dotted path, when one is.'),
  problem: z.string().describe('What is wrong, in words.'),
  expected: z.string().optional().describe('What the field should hold, when that helps.'),
});
export type IngestRejectionResponse = z.infer<typeof IngestRejectionResponse>;

/** `POST /v1/contacts/{kind}`: what became of each event (valid ones are stored even when others are rejected). */
export const IngestResponse = z.strictObject({
  stored: z.number().int().min(0).describe('Events stored as new contacts.'),
  duplicates: z.number().int().min(0).describe('Events already stored (same kind, source and source id): not counted twice.'),
  rejected: z.number().int().min(0),
  contacts: z.array(z.strictObject({ index: z.number().int().min(0), contactId: z.string() })).describe('The contact of each stored or duplicate event.'),
  rejections: z.array(IngestRejectionResponse),
});
export type IngestResponse = z.infer<typeof IngestResponse>;
