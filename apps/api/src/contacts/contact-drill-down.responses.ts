import { z } from 'zod';
import { Channels, ContactKinds } from '@frictionlens/contracts';

// Written as zod so the OpenAPI document shows exactly these fields; never parsed at run time.
// Field names are stable: BI tools and spreadsheets read them.
export const DrillDownContactResponse = z.object({
  contactId: z.string(),
  occurredAt: z.iso.datetime().describe('When the customer got in touch (UTC).'),
  kind: z.enum(ContactKinds),
  channel: z.enum(Channels).nullable(),
  productSku: z.string().nullable(),
  source: z.string().describe('The sending system (zendesk, salesforce, ...).'),
  text: z.string().describe('The stored text, redacted at ingest.'),
  category: z.string().describe("What the contact counts as: the reviewer's label when there is one, else the current classification."),
  demandType: z.enum(['failure', 'value', 'unclassified']),
  confidence: z.number().nullable().describe("The model's confidence in its own category; null when only a reviewer's label stands."),
  top: z.array(z.object({ category: z.string(), probability: z.number() })).describe("The model's three likeliest categories."),
  explanation: z.record(z.string(), z.unknown()).nullable().describe('Why the model decided so, as the classifier wrote it: the deciding terms with their weights, or the rule.'),
  labelled: z.boolean().describe("True when a reviewer's label decided the category."),
  notForHere: z.boolean().describe('A reviewer said the contact was sent to the wrong place: failure demand of type not-for-here.'),
  repeat: z.boolean().describe('The same customer got in touch about the same category, or one sharing a step, within the repeat window before it.'),
  failureType: z.string().nullable().describe("What the metrics count it as: not-for-here or repeat when the contact carries one, else its category's failure type; null for value demand."),
  modelVersion: z.number().int().nullable(),
});
export type DrillDownContactResponse = z.infer<typeof DrillDownContactResponse>;

export const ContactsResponse = z.object({
  from: z.iso.date(),
  to: z.iso.date(),
  rows: z.array(DrillDownContactResponse).describe('Newest first (then by contact id).'),
  nextCursor: z.string().nullable().describe('Pass it as `cursor` for the next page; null on the last page.'),
});
export type ContactsResponse = z.infer<typeof ContactsResponse>;
