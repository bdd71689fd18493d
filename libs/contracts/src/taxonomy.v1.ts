import { z } from 'zod';
import { DemandType, UNCLASSIFIED_CATEGORY } from './contact-classified.v1.js';

/** Longest example text, in characters. */
export const MAX_EXAMPLE_LENGTH = 4096;

// `?` is allowed because BANKING77 (the demo scenario) has the intent `reverted_card_payment?`,
// and a key must stay equal to the dataset's label for training and evaluation to line up.
const KEY_PATTERN = /^[A-Za-z0-9_.?-]+$/;

/**
 * A category key: 1–100 letters, digits, `_`, `-`, `.` or `?`. It is the label the classifier
 * learns and reports, so it stays stable across taxonomy versions. `unclassified` is reserved.
 */
export const CategoryKey = z
  .string()
  .min(1, 'must not be empty')
  .max(100, 'must be at most 100 characters')
  .regex(KEY_PATTERN, 'may hold only letters, digits, _, -, . and ?')
  .refine((key) => key !== UNCLASSIFIED_CATEGORY, `'${UNCLASSIFIED_CATEGORY}' is reserved for contacts the classifier is not confident about`)
  .describe('Stable key of the category: the label the classifier learns and reports.');
export type CategoryKey = z.infer<typeof CategoryKey>;

/**
 * A failure-type key (`progress-chasing`, `done-wrong`, …): 1–100 letters, digits, `_`, `-`, `.`
 * or `?`, as category keys, so it can travel in a metrics filter.
 */
export const FailureTypeKey = z
  .string()
  .trim()
  .min(1, 'must not be blank')
  .max(100, 'must be at most 100 characters')
  .regex(KEY_PATTERN, 'may hold only letters, digits, _, -, . and ?');

/** One example text of a category: trimmed, 1–4096 characters. */
export const ExampleText = z
  .string()
  .trim()
  .min(1, 'must not be blank')
  .max(MAX_EXAMPLE_LENGTH, `must be at most ${MAX_EXAMPLE_LENGTH} characters`);

const categoryFields = {
  key: CategoryKey,
  name: z.string().trim().min(1, 'must not be blank').max(200, 'must be at most 200 characters').nullish().describe('Shown to people; derived from the key when absent.'),
  description: z.string().trim().max(4000, 'must be at most 4000 characters').nullish(),
  demandType: z.enum(DemandType.options, { message: "must be 'failure' or 'value'" }).describe('Failure demand or value demand.'),
  parent: CategoryKey.nullish().describe('Key of the parent category, for a hierarchy.'),
  failureType: FailureTypeKey.nullish().describe("The kind of failure (e.g. progress-chasing), for failure demand: the key of one of the taxonomy's failure types."),
  rules: z
    .array(z.string().trim().min(1, 'must not be blank').max(500, 'must be at most 500 characters'))
    .max(1000, 'must hold at most 1000 rules')
    .optional()
    .describe('Keyword or phrase rules: a cold start before any model is trained.'),
  examples: z.array(ExampleText).optional().describe('Example texts of the category, for training.'),
};

const KNOWN_FIELDS = new Set(Object.keys(categoryFields));

type KnownCategoryFields = z.infer<z.ZodObject<typeof categoryFields>>;

/**
 * A category as read from a taxonomy document: its own fields (null read as absent, so a category
 * as GET shows it can be PUT back), and every other field in `attributes`.
 */
export interface TaxonomyCategoryV1 {
  key: string;
  name?: string;
  description?: string;
  demandType: KnownCategoryFields['demandType'];
  parent?: string;
  failureType?: string;
  rules: string[];
  examples: string[];
  /** Fields the document gave beside the known ones (value stream, step, note, …), kept as they were. */
  attributes: Record<string, unknown>;
}

function splitAttributes(category: KnownCategoryFields & Record<string, unknown>): TaxonomyCategoryV1 {
  const attributes: Record<string, unknown> = {};
  for (const [field, value] of Object.entries(category)) if (!KNOWN_FIELDS.has(field)) attributes[field] = value;
  const { key, name, description, demandType, parent, failureType, rules, examples } = category;
  return {
    key,
    demandType,
    ...(name != null && { name }),
    ...(description != null && { description }),
    ...(parent != null && { parent }),
    ...(failureType != null && { failureType }),
    rules: rules ?? [],
    examples: examples ?? [],
    attributes,
  };
}

/**
 * One category of a taxonomy document. Unknown fields (`valueStream`, `step`, `note`, …) are kept
 * in `attributes`, and written back beside the known fields on export.
 */
export const TaxonomyCategoryV1 = z.looseObject(categoryFields).transform(splitAttributes);

/** The body of `PUT /v1/taxonomy/categories/:key`: a category whose key, if given, is the path's. */
export const TaxonomyCategoryUpdateV1 = z
  .looseObject({ ...categoryFields, key: CategoryKey.optional() })
  .transform(({ key, ...rest }) => ({ ...splitAttributes({ ...rest, key: '' }), key }));
export type TaxonomyCategoryUpdateV1 = z.infer<typeof TaxonomyCategoryUpdateV1>;

const failureTypeFields = {
  key: FailureTypeKey.describe('Stable key of the failure type, as categories name it.'),
  name: z.string().trim().min(1, 'must not be blank').max(200, 'must be at most 200 characters').nullish().describe('Shown to people; derived from the key when absent.'),
  description: z.string().trim().max(4000, 'must be at most 4000 characters').nullish(),
};
const KNOWN_FAILURE_TYPE_FIELDS = new Set(Object.keys(failureTypeFields));

/** A failure type as read from a taxonomy document; other fields (`usualFix`, …) in `attributes`. */
export interface FailureTypeV1 {
  key: string;
  name?: string;
  description?: string;
  attributes: Record<string, unknown>;
}

/**
 * One kind of failure demand (progress chasing, done wrong, …): what tells a process owner what
 * kind of fix to look for. Unknown fields (`usualFix`, …) are kept in `attributes`.
 */
export const FailureTypeV1 = z.looseObject(failureTypeFields).transform((type): FailureTypeV1 => {
  const attributes: Record<string, unknown> = {};
  for (const [field, value] of Object.entries(type)) if (!KNOWN_FAILURE_TYPE_FIELDS.has(field)) attributes[field] = value;
  return { key: type.key, ...(type.name != null && { name: type.name }), ...(type.description != null && { description: type.description }), attributes };
});

/** The typology of failure demand: at most 100 types. */
export const FailureTypesV1 = z.array(FailureTypeV1).max(100, 'must hold at most 100 failure types');

/** The body of `PUT /v1/taxonomy/failure-types`: the whole typology, replacing the current one. */
export const FailureTypesUpdateV1 = z.object({ failureTypes: FailureTypesV1 });
export type FailureTypesUpdateV1 = z.infer<typeof FailureTypesUpdateV1>;

/**
 * A whole friction taxonomy, as imported (`POST /v1/taxonomy/import`) and exported
 * (`GET /v1/taxonomy/export`): its failure types and categories. Other top-level fields (a
 * description, value streams, …) are accepted and ignored; an export is importable again as it is.
 */
export const TaxonomyDocumentV1 = z
  .object({
    description: z.string().optional().describe('What the taxonomy is for; not stored.'),
    failureTypes: FailureTypesV1.optional().describe("The typology of failure demand each category's failureType names; when absent, the current version's is kept (the starter typology before any)."),
    categories: z.array(TaxonomyCategoryV1).min(1, 'must hold at least one category').max(10_000, 'must hold at most 10000 categories'),
  })
  .meta({ title: 'FrictionLens taxonomy v1', description: "An organisation's friction taxonomy: its failure types and categories, with rules and example texts." });
export type TaxonomyDocumentV1 = z.infer<typeof TaxonomyDocumentV1>;
/** A taxonomy document as written (before parsing): what an export gives and an import takes. */
export type TaxonomyDocumentV1Input = z.input<typeof TaxonomyDocumentV1>;

/** The body of `POST /v1/taxonomy/categories/:key/examples`. */
export const CategoryExamplesV1 = z.object({
  texts: z.array(ExampleText).min(1, 'must hold at least one text').max(1000, 'must hold at most 1000 texts'),
});
export type CategoryExamplesV1 = z.infer<typeof CategoryExamplesV1>;

/** The body of `POST /v1/taxonomy/categories/:key/rename`: the category's new key, and a new name if wanted. */
export const CategoryRenameV1 = z.object({
  key: CategoryKey,
  name: z.string().trim().min(1, 'must not be blank').max(200, 'must be at most 200 characters').optional().describe("Shown to people; when absent a name derived from the old key is derived from the new one, a chosen name kept."),
});
export type CategoryRenameV1 = z.infer<typeof CategoryRenameV1>;

/** The body of `POST /v1/taxonomy/categories/:key/merge`: the category whose contacts the merged one's become. */
export const CategoryMergeV1 = z.object({
  into: CategoryKey.describe('Key of another category of the current taxonomy.'),
});
export type CategoryMergeV1 = z.infer<typeof CategoryMergeV1>;
