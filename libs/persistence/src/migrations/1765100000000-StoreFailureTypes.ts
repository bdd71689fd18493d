import type { MigrationInterface, QueryRunner } from 'typeorm';

// The typology of failure demand (docs/taxonomy.md) is stored with each taxonomy version, beside
// its categories, whose failure_type names one of its keys. Versions made before it get the
// starter typology (the demo scenario's, as libs/domain STARTER_FAILURE_TYPES has it at the time
// of writing) plus any other type their categories already named, so every stored category stays
// valid. No new table: metrics read taxonomy_versions already, and its trigger already tells the
// metrics cache of a change.
const STARTER = [{"key": "progress-chasing", "name": "Progress chasing", "description": "The customer asks where something in flight is, or when it will happen: the step's lead time is longer than they were led to expect, or they were not told.", "attributes": {"usualFix": "shorten or make visible the step's lead time; proactive status updates"}}, {"key": "not-done", "name": "Not done", "description": "Something that should have happened did not: money not credited, transfer not received, top-up failed.", "attributes": {"usualFix": "find why the step drops work; completeness checks at the step"}}, {"key": "done-wrong", "name": "Done wrong", "description": "The step produced a wrong result the customer must get corrected: charged twice, wrong rate, wrong amount. The direct sign of a step's low %C&A.", "attributes": {"usualFix": "error-proof the step; correct at source rather than downstream"}}, {"key": "did-not-work", "name": "Did not work", "description": "The product or journey failed at the point of use: card declined, contactless or virtual card not working, verification failing, PIN blocked.", "attributes": {"usualFix": "reliability of the system or journey behind the step"}}, {"key": "not-understood", "name": "Not understood", "description": "Caused by the organisation's own communication or design: unexplained fees, unrecognised statement lines, a verification request with no reason given.", "attributes": {"usualFix": "clearer communication and statements; design out the surprise"}}, {"key": "not-for-here", "name": "Not for here", "description": "Contact sent to the wrong place. Set by a reviewer on a contact, not by category.", "attributes": {"usualFix": "routing and signposting"}}, {"key": "repeat", "name": "Repeat of an unresolved contact", "description": "The same customer contacts again within the repeat window about the same thing. Derived per contact from the hashed customer id and the window, not set by category.", "attributes": {"usualFix": "resolve at first contact"}}];

export class StoreFailureTypes1765100000000 implements MigrationInterface {
  name = 'StoreFailureTypes1765100000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE "taxonomy_versions" ADD "failure_types" jsonb NOT NULL DEFAULT '[]'`);
    await db.query(
      `UPDATE taxonomy_versions v SET failure_types = $1::jsonb || COALESCE((
         SELECT jsonb_agg(jsonb_build_object('key', t.failure_type, 'name', t.failure_type, 'description', NULL, 'attributes', '{}'::jsonb) ORDER BY t.failure_type)
         FROM (SELECT DISTINCT c.failure_type FROM taxonomy_categories c
               WHERE c.taxonomy_version_id = v.id AND c.failure_type IS NOT NULL
                 AND NOT EXISTS (SELECT 1 FROM jsonb_array_elements($1::jsonb) s WHERE s->>'key' = c.failure_type)) t
       ), '[]'::jsonb)`,
      [JSON.stringify(STARTER)],
    );
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE "taxonomy_versions" DROP COLUMN "failure_types"`);
  }
}
