import type { EntityManager } from 'typeorm';
import type { DemandType } from '@frictionlens/contracts';

/** How many stored rows a rename or merge moved from the old key to the new one, by kind. */
export interface CategoryHistoryRewrite {
  /** Every model's classifications (not only the current ones); `top` and `explanation` are left as the model wrote them. */
  classifications: number;
  /** Reviewers' labels. */
  labels: number;
  /** Example texts moved to the new key. */
  examples: number;
  /** Example texts dropped because the new key already had the same text. */
  duplicateExamplesDropped: number;
  /** Step links moved to the new key (a rename). */
  stepLinks: number;
  /** Step links dropped: the merged category's (the target keeps its own), or links a removed category of the new key had left. */
  stepLinksDropped: number;
  countermeasures: number;
  /** Sampled contacts of studies whose code or kept model answer named the old key. */
  studyContacts: number;
  /** Aliases now leading to the new key: the old key's own and those that led to the old key. */
  aliases: number;
}

export interface CategoryKeyMove {
  from: string;
  to: string;
  /** A rename moves the category's step links to the new key; a merge drops them (the target's stand). */
  kind: 'rename' | 'merge';
  /** The taxonomy version without `from`, made in the same transaction. */
  taxonomyVersionId: number;
  /** The demand type of `to` in that version: what the moved classifications count as now. */
  demandType: DemandType;
}

const count = (result: unknown): number => (Array.isArray(result) && typeof result[1] === 'number' ? result[1] : 0);

// A classification the model left unclassified has no demand type and never names a category key.
const MOVE_CLASSIFICATIONS = 'UPDATE classifications SET category_key = $2, demand_type = $3 WHERE category_key = $1';
// A label is read with the demand type of its category in the version it names: the new one has the new key.
const MOVE_LABELS = 'UPDATE contact_labels SET category_key = $2, taxonomy_version_id = $3 WHERE category_key = $1';
// Examples are one per (category key, text) (no unique index: texts may be long): the lock keeps
// an import of examples from adding one to the new key between the check and the move.
const LOCK_EXAMPLES = 'LOCK TABLE labelled_examples IN SHARE ROW EXCLUSIVE MODE';
const DROP_DUPLICATE_EXAMPLES = `
  DELETE FROM labelled_examples e WHERE e.category_key = $1
    AND EXISTS (SELECT 1 FROM labelled_examples x WHERE x.category_key = $2 AND x.text = e.text)`;
const MOVE_EXAMPLES = 'UPDATE labelled_examples SET category_key = $2 WHERE category_key = $1';
const HAS_LINKS = 'SELECT EXISTS (SELECT 1 FROM category_step_links WHERE category_key = ANY($1::text[])) AS linked';
const DROP_LINKS = 'DELETE FROM category_step_links WHERE category_key = $1';
const MOVE_LINKS = 'UPDATE category_step_links SET category_key = $2 WHERE category_key = $1';
// Each key once, in the order first named.
const MOVE_COUNTERMEASURES = `
  UPDATE countermeasures SET category_keys = ARRAY(
    SELECT k FROM unnest(array_replace(category_keys, $1, $2)) WITH ORDINALITY AS u(k, n) GROUP BY k ORDER BY min(n))
  WHERE $1 = ANY(category_keys)`;
// The model's answer kept with a sampled contact moves with the classifications, so that person
// and model still agree where they did: the agreement is measured in the taxonomy of today.
const MOVE_STUDY_CONTACTS = `
  UPDATE study_contacts SET
    code_category_key = CASE WHEN code_category_key = $1 THEN $2 ELSE code_category_key END,
    model_category = CASE WHEN model_category = $1 THEN $2 ELSE model_category END
  WHERE code_category_key = $1 OR model_category = $1`;
// Chains collapse: whatever led to `from` leads to `to` now. An alias back to its own key (a→b,
// then b→a) says nothing any more.
const REDIRECT_ALIASES = 'UPDATE category_aliases SET new_key = $2 WHERE new_key = $1';
const ADD_ALIAS = `
  INSERT INTO category_aliases (old_key, new_key, taxonomy_version_id) VALUES ($1, $2, $3)
  ON CONFLICT (old_key) DO UPDATE SET new_key = EXCLUDED.new_key, taxonomy_version_id = EXCLUDED.taxonomy_version_id, created_at = now()`;
const DROP_SELF_ALIASES = 'DELETE FROM category_aliases WHERE old_key = new_key';

/**
 * Rewrites what is stored under a category key when a rename or merge retires it, so that every
 * metric counts its history under the new key. In the caller's transaction, which must hold
 * `ValueStreamRepository.lockForModelChange` and recount the rollups afterwards
 * (`DemandRollupRepository.rebuild`): the rollups are not rewritten here, they are recounted.
 */
export class CategoryHistoryRepository {
  constructor(private readonly tx: EntityManager) {}

  async move(move: CategoryKeyMove): Promise<CategoryHistoryRewrite> {
    const { from, to } = move;
    const classifications = count(await this.tx.query(MOVE_CLASSIFICATIONS, [from, to, move.demandType]));
    const labels = count(await this.tx.query(MOVE_LABELS, [from, to, move.taxonomyVersionId]));
    await this.tx.query(LOCK_EXAMPLES);
    const duplicateExamplesDropped = count(await this.tx.query(DROP_DUPLICATE_EXAMPLES, [from, to]));
    const examples = count(await this.tx.query(MOVE_EXAMPLES, [from, to]));
    const links = await this.moveLinks(move);
    const countermeasures = count(await this.tx.query(MOVE_COUNTERMEASURES, [from, to]));
    const studyContacts = count(await this.tx.query(MOVE_STUDY_CONTACTS, [from, to]));
    const redirected = count(await this.tx.query(REDIRECT_ALIASES, [from, to]));
    await this.tx.query(ADD_ALIAS, [from, to, move.taxonomyVersionId]);
    const selfAliases = count(await this.tx.query(DROP_SELF_ALIASES));
    return { classifications, labels, examples, duplicateExamplesDropped, ...links, countermeasures, studyContacts, aliases: redirected + 1 - selfAliases };
  }

  // Only when there are links to change: any statement on the links, even one changing no row,
  // makes a new value-stream version (a trigger), and the map has not changed.
  private async moveLinks({ from, to, kind }: CategoryKeyMove): Promise<Pick<CategoryHistoryRewrite, 'stepLinks' | 'stepLinksDropped'>> {
    const [{ linked }]: Array<{ linked: boolean }> = await this.tx.query(HAS_LINKS, [kind === 'rename' ? [from, to] : [from]]);
    if (!linked) return { stepLinks: 0, stepLinksDropped: 0 };
    if (kind === 'merge') return { stepLinks: 0, stepLinksDropped: count(await this.tx.query(DROP_LINKS, [from])) };
    // Links of a removed category that once had the new key belong to no category of today.
    const stale = count(await this.tx.query(DROP_LINKS, [to]));
    return { stepLinks: count(await this.tx.query(MOVE_LINKS, [from, to])), stepLinksDropped: stale };
  }
}
