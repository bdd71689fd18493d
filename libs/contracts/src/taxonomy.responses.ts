import { z } from 'zod';
import { answerTime, JsonRecord } from './api-shapes.js';
import { DemandType } from './contact-classified.v1.js';

/** A category of a taxonomy version as the API shows it. */
export const CategoryResponse = z.strictObject({
  key: z.string(),
  name: z.string(),
  description: z.string().nullable(),
  demandType: DemandType,
  parent: z.string().nullable(),
  failureType: z.string().nullable(),
  rules: z.array(z.string()),
  attributes: JsonRecord,
  exampleCount: z.number().int(),
});
export type CategoryResponse = z.infer<typeof CategoryResponse>;

/** One failure type of the typology the categories' `failureType` names. */
export const FailureTypeResponse = z.strictObject({ key: z.string(), name: z.string(), description: z.string().nullable(), attributes: JsonRecord });
export type FailureTypeResponse = z.infer<typeof FailureTypeResponse>;

/** `GET /v1/taxonomy` and `GET /v1/taxonomy/versions/{version}`. */
export const TaxonomyVersionResponse = z.strictObject({
  version: z.number().int(),
  createdAt: answerTime,
  summary: z.string(),
  failureTypes: z.array(FailureTypeResponse).describe('The typology of failure demand, in the order given.'),
  categories: z.array(CategoryResponse),
});
export type TaxonomyVersionResponse = z.infer<typeof TaxonomyVersionResponse>;

/** One row of `GET /v1/taxonomy/versions`. */
export const TaxonomyVersionListItem = z.strictObject({ version: z.number().int(), createdAt: answerTime, summary: z.string(), categoryCount: z.number().int() });
export type TaxonomyVersionListItem = z.infer<typeof TaxonomyVersionListItem>;

export const TaxonomyVersionList = z.array(TaxonomyVersionListItem);
export type TaxonomyVersionList = z.infer<typeof TaxonomyVersionList>;

/** `POST /v1/taxonomy/import`. */
export const TaxonomyImportResponse = z.strictObject({ version: z.number().int(), categories: z.number().int(), examplesAdded: z.number().int() });
export type TaxonomyImportResponse = z.infer<typeof TaxonomyImportResponse>;

/** `PUT /v1/taxonomy/categories/{key}` and `PUT /v1/taxonomy/failure-types`. */
export const CategoryChangeResponse = z.strictObject({
  version: z.number().int(),
  changed: z.boolean().describe('False when the category was already exactly so (no new version was made).'),
  examplesAdded: z.number().int(),
});
export type CategoryChangeResponse = z.infer<typeof CategoryChangeResponse>;

/** `DELETE /v1/taxonomy/categories/{key}`: the new taxonomy version, without the category. */
export const CategoryRemovedResponse = z.strictObject({ version: z.number().int() });
export type CategoryRemovedResponse = z.infer<typeof CategoryRemovedResponse>;

/** Rows a rename or merge moved from the old key to the new one, by kind. */
export const CategoryHistoryRewrite = z.strictObject({
  classifications: z.number().int().describe("Every model's classifications (not only the current ones)."),
  labels: z.number().int().describe("Reviewers' labels."),
  examples: z.number().int().describe('Example texts moved to the new key.'),
  duplicateExamplesDropped: z.number().int().describe('Example texts dropped because the new key already had the same text.'),
  stepLinks: z.number().int().describe('Step links moved to the new key (a rename).'),
  stepLinksDropped: z.number().int().describe("Step links dropped: the merged category's (the target keeps its own), or links a removed category of the new key had left."),
  countermeasures: z.number().int(),
  studyContacts: z.number().int().describe('Sampled contacts of studies whose code or kept model answer named the old key.'),
  aliases: z.number().int().describe("Aliases now leading to the new key: the old key's own and those that led to the old key."),
});
export type CategoryHistoryRewrite = z.infer<typeof CategoryHistoryRewrite>;

/** `POST /v1/taxonomy/categories/{key}/rename` and `…/merge`: what the move made and rewrote. */
export const CategoryMoveResponse = z.strictObject({
  version: z.number().int().describe('The new taxonomy version, without the old key.'),
  from: z.string(),
  to: z.string(),
  reparented: z.array(z.string()).describe('Categories whose parent became `to` (a merge: the merged category\'s children).'),
  rewritten: CategoryHistoryRewrite,
  recountMs: z.number().describe('How long recounting the rollups from the contacts took, in the same transaction.'),
});
export type CategoryMoveResponse = z.infer<typeof CategoryMoveResponse>;

/** `POST /v1/taxonomy/categories/{key}/examples`. */
export const ExamplesResponse = z.strictObject({ category: z.string(), examplesAdded: z.number().int(), exampleCount: z.number().int() });
export type ExamplesResponse = z.infer<typeof ExamplesResponse>;
