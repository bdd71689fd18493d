import { z } from 'zod';

/** Failure demand (caused by a failure to do something, or to do it right) or value demand. */
export const DemandType = z.enum(['failure', 'value']);
export type DemandType = z.infer<typeof DemandType>;

/** The category a contact gets when no category is likely enough; such contacts go to review. */
export const UNCLASSIFIED_CATEGORY = 'unclassified';

/**
 * A classification on `cx.contacts.classified.v1`, published once it is committed to PostgreSQL.
 * Keyed by contact id. A re-delivered contact publishes its (already stored) classification
 * again, so consumers deduplicate by (contactId, modelVersion).
 */
export const ContactClassifiedV1 = z
  .object({
    contactId: z.string().min(1).describe('FrictionLens id of the contact.'),
    occurredAt: z.iso.datetime({ offset: true }).describe('When the customer got in touch.'),
    category: z.string().min(1).describe(`Category key from the taxonomy, or "${UNCLASSIFIED_CATEGORY}".`),
    demandType: DemandType.nullable().describe('Demand type of the category; null when unclassified.'),
    confidence: z.number().min(0).max(1).describe('Calibrated probability of the category.'),
    modelVersion: z.number().int().positive().describe('Model version that classified the contact.'),
    taxonomyVersion: z.number().int().positive().describe('Taxonomy version the model was trained against.'),
    classifiedAt: z.iso.datetime({ offset: true }),
  })
  .meta({ title: 'cx.contacts.classified.v1', description: 'What the classifier made of a stored contact (no text).' });

export type ContactClassifiedV1 = z.infer<typeof ContactClassifiedV1>;
