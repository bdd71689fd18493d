import type { DataSource, EntityManager } from 'typeorm';
import { STARTER_FAILURE_TYPES, type Category, type CategoryExample, type FailureType } from '@frictionlens/domain';

/** One taxonomy version with its categories (by key, in byte order). */
export interface TaxonomyVersion {
  id: number;
  createdAt: Date;
  summary: string;
  /** The typology of failure demand the categories' `failureType` names, in the order given. */
  failureTypes: FailureType[];
  categories: Category[];
}

export interface TaxonomyVersionSummary {
  id: number;
  createdAt: Date;
  summary: string;
  categoryCount: number;
}

/** How a version differs from the one it is made from: one category put in place or removed, or the failure types replaced. */
export type CategoryChange = { put: Category } | { remove: string } | { failureTypes: FailureType[] };

export type ExampleOrigin = 'taxonomy' | 'import';

interface VersionRow {
  id: number;
  created_at: Date;
  summary: string;
  failure_types: FailureType[];
}

interface CategoryRow {
  key: string;
  name: string;
  description: string | null;
  demand_type: Category['demandType'];
  parent_key: string | null;
  failure_type: string | null;
  rules: string[];
  attributes: Record<string, unknown>;
}

// Versions are made one at a time: an edit reads the current version and writes the next, and
// two edits at once must not both start from the same one (the second would undo the first).
// Readers (the classifier, GET requests) take no lock that this one blocks.
const LOCK_VERSIONS = 'LOCK TABLE taxonomy_versions IN SHARE ROW EXCLUSIVE MODE';
const LOCK_EXAMPLES = 'LOCK TABLE labelled_examples IN SHARE ROW EXCLUSIVE MODE';

const INSERT_VERSION = 'INSERT INTO taxonomy_versions (summary, failure_types) VALUES ($1, $2::jsonb) RETURNING id';
// An edit keeps the failure types of the version it is made from.
const INSERT_VERSION_FROM = `
  INSERT INTO taxonomy_versions (summary, failure_types)
  SELECT $1, COALESCE($2::jsonb, failure_types) FROM taxonomy_versions WHERE id = $3 RETURNING id`;

const CATEGORY_COLUMNS = 'key, name, description, demand_type, parent_key, failure_type, rules, attributes';

// The whole list in one statement; rules keep their order.
const INSERT_CATEGORIES = `
  INSERT INTO taxonomy_categories (taxonomy_version_id, ${CATEGORY_COLUMNS})
  SELECT $1, c.key, c.name, c.description, c.demand_type, c.parent_key, c.failure_type,
         ARRAY(SELECT r.rule FROM jsonb_array_elements_text(c.rules) WITH ORDINALITY AS r(rule, n) ORDER BY r.n),
         c.attributes
  FROM jsonb_to_recordset($2::jsonb)
    AS c(key text, name text, description text, demand_type text, parent_key text, failure_type text, rules jsonb, attributes jsonb)`;

// An edit copies every other category of the previous version as it was.
const COPY_CATEGORIES_EXCEPT = `
  INSERT INTO taxonomy_categories (taxonomy_version_id, ${CATEGORY_COLUMNS})
  SELECT $1, ${CATEGORY_COLUMNS} FROM taxonomy_categories WHERE taxonomy_version_id = $2 AND key IS DISTINCT FROM $3`;

const SELECT_CURRENT_VERSION = 'SELECT id, created_at, summary, failure_types FROM taxonomy_versions ORDER BY id DESC LIMIT 1';
const SELECT_VERSION = 'SELECT id, created_at, summary, failure_types FROM taxonomy_versions WHERE id = $1';
const SELECT_CATEGORIES = `SELECT ${CATEGORY_COLUMNS} FROM taxonomy_categories WHERE taxonomy_version_id = $1 ORDER BY key COLLATE "C"`;

const SELECT_VERSIONS = `
  SELECT v.id, v.created_at, v.summary, count(c.key)::int AS category_count
  FROM taxonomy_versions v LEFT JOIN taxonomy_categories c ON c.taxonomy_version_id = v.id
  GROUP BY v.id ORDER BY v.id DESC`;

// Same category + same text = one example, within the batch and against what is stored.
const INSERT_EXAMPLES = `
  WITH added AS (
    INSERT INTO labelled_examples (category_key, text, origin)
    SELECT e.category_key, e.text, $3
    FROM (
      SELECT DISTINCT ON (category_key, text) category_key, text, n
      FROM unnest($1::text[], $2::text[]) WITH ORDINALITY AS i(category_key, text, n)
      ORDER BY category_key, text, n
    ) e
    WHERE NOT EXISTS (SELECT 1 FROM labelled_examples x WHERE x.category_key = e.category_key AND x.text = e.text)
    ORDER BY e.n
    RETURNING 1
  )
  SELECT count(*)::int AS added FROM added`;

const SELECT_EXAMPLE_COUNTS = 'SELECT category_key, count(*)::int AS n FROM labelled_examples WHERE category_key = ANY($1::text[]) GROUP BY category_key';
/** The current taxonomy version, in SQL: the newest one, as every reader of categories takes it. */
export const CURRENT_TAXONOMY_VERSION = '(SELECT max(id) FROM taxonomy_versions)';

const SELECT_EXAMPLES = 'SELECT category_key, text FROM labelled_examples WHERE category_key = ANY($1::text[]) ORDER BY category_key, id';

// Taxonomy examples and reviewers' labels (with the contact's stored, redacted text), both only
// for categories of the current version. UNION: a text given both ways counts once. A "not for
// here" label says where the contact should have gone, not what it is about (its category is
// often just the model's, kept), so the model does not learn from it.
const SELECT_TRAINING_EXAMPLES = `
  WITH current_keys AS (
    SELECT key FROM taxonomy_categories
    WHERE taxonomy_version_id = ${CURRENT_TAXONOMY_VERSION}
  )
  SELECT text, label FROM (
    SELECT e.text, e.category_key AS label, e.created_at AS given_at, e.id AS seq FROM labelled_examples e
    WHERE e.category_key IN (SELECT key FROM current_keys)
    UNION ALL
    SELECT c.text, l.category_key AS label, l.labelled_at AS given_at, l.contact_id AS seq FROM contact_labels l JOIN contacts c ON c.id = l.contact_id
    WHERE l.category_key IN (SELECT key FROM current_keys) AND NOT l.not_for_here
  ) given
  GROUP BY text, label
  ORDER BY label, min(given_at), min(seq), text`;

const COUNT_EXAMPLES_SINCE = 'SELECT count(*)::int AS n FROM labelled_examples WHERE created_at > $1';
const COUNT_LABELS_SINCE = 'SELECT count(*)::int AS n FROM contact_labels WHERE labelled_at > $1 AND NOT not_for_here';

/**
 * The friction taxonomy: immutable versions (every change makes a new one), their categories,
 * and the example texts of each category key (which carry over from version to version).
 */
export class TaxonomyRepository {
  constructor(private readonly db: DataSource | EntityManager) {}

  /** The newest version, or undefined before the first import. */
  async currentVersion(): Promise<TaxonomyVersion | undefined> {
    const [row]: VersionRow[] = await this.db.query(SELECT_CURRENT_VERSION);
    return row ? this.withCategories(row) : undefined;
  }

  async findVersion(id: number): Promise<TaxonomyVersion | undefined> {
    const [row]: VersionRow[] = await this.db.query(SELECT_VERSION, [id]);
    return row ? this.withCategories(row) : undefined;
  }

  /**
   * The current version, read with the right to make the next one held until the transaction
   * ends: call it first in a transaction that creates a version from what it read.
   */
  async lockForChange(): Promise<TaxonomyVersion | undefined> {
    await this.db.query(LOCK_VERSIONS);
    return this.currentVersion();
  }

  /** Every version, newest first. */
  async versions(): Promise<TaxonomyVersionSummary[]> {
    const rows: Array<Omit<VersionRow, 'failure_types'> & { category_count: number }> = await this.db.query(SELECT_VERSIONS);
    return rows.map((row) => ({ id: row.id, createdAt: row.created_at, summary: row.summary, categoryCount: row.category_count }));
  }

  /** A new version holding exactly these failure types and categories (an import); returns its number. */
  async createVersion(summary: string, categories: Category[], failureTypes: readonly FailureType[] = STARTER_FAILURE_TYPES): Promise<number> {
    return this.db.transaction(async (tx) => {
      await tx.query(LOCK_VERSIONS);
      const [{ id }]: Array<{ id: number }> = await tx.query(INSERT_VERSION, [summary, JSON.stringify(failureTypes)]);
      await tx.query(INSERT_CATEGORIES, [id, JSON.stringify(categories.map(toRecord))]);
      return id;
    });
  }

  /**
   * A new version made from `previous` with one category put in place or removed, or its failure
   * types replaced (the categories copied as they are); returns its number.
   */
  async createVersionFrom(previousId: number, summary: string, change: CategoryChange): Promise<number> {
    const key = 'put' in change ? change.put.key : 'remove' in change ? change.remove : null;
    const failureTypes = 'failureTypes' in change ? JSON.stringify(change.failureTypes) : null;
    return this.db.transaction(async (tx) => {
      await tx.query(LOCK_VERSIONS);
      const [{ id }]: Array<{ id: number }> = await tx.query(INSERT_VERSION_FROM, [summary, failureTypes, previousId]);
      await tx.query(COPY_CATEGORIES_EXCEPT, [id, previousId, key]);
      if ('put' in change) await tx.query(INSERT_CATEGORIES, [id, JSON.stringify([toRecord(change.put)])]);
      return id;
    });
  }

  /** Stores the examples not stored yet (same category key and text); returns how many were new. */
  async addExamples(examples: CategoryExample[], origin: ExampleOrigin): Promise<number> {
    if (examples.length === 0) return 0;
    // No unique index on (category_key, text) (texts may be long): the lock keeps two imports
    // of the same examples at once from both finding them missing.
    return this.db.transaction(async (tx) => {
      await tx.query(LOCK_EXAMPLES);
      const [{ added }]: Array<{ added: number }> = await tx.query(INSERT_EXAMPLES, [examples.map((e) => e.categoryKey), examples.map((e) => e.text), origin]);
      return added;
    });
  }

  /** How many examples each of these category keys has (keys without any are absent). */
  async exampleCounts(keys: string[]): Promise<Map<string, number>> {
    const rows: Array<{ category_key: string; n: number }> = await this.db.query(SELECT_EXAMPLE_COUNTS, [keys]);
    return new Map(rows.map((row) => [row.category_key, row.n]));
  }

  /** The example texts of these category keys, oldest first. */
  async examplesOf(keys: string[]): Promise<Map<string, string[]>> {
    const rows: Array<{ category_key: string; text: string }> = await this.db.query(SELECT_EXAMPLES, [keys]);
    const byKey = new Map<string, string[]>();
    for (const { category_key, text } of rows) byKey.set(category_key, [...(byKey.get(category_key) ?? []), text]);
    return byKey;
  }

  /**
   * What a model is trained on: the examples of the current version's categories and the
   * reviewers' labels naming one of them, each (text, label) once; each label's oldest first (by
   * when the pair was first given, then insertion order), so the examples training holds out to
   * calibrate on are each category's newest (HeldOutPick in @frictionlens/nlp).
   */
  async trainingExamples(): Promise<Array<{ text: string; label: string }>> {
    return this.db.query(SELECT_TRAINING_EXAMPLES);
  }

  /** Reviewers' labels given (or replaced) after `since`: a retrain is due when enough arrive. */
  async labelCountSince(since: Date): Promise<number> {
    const [{ n }]: Array<{ n: number }> = await this.db.query(COUNT_LABELS_SINCE, [since]);
    return n;
  }

  /** Examples stored after `since`: new training data for the next model. */
  async exampleCountSince(since: Date): Promise<number> {
    const [{ n }]: Array<{ n: number }> = await this.db.query(COUNT_EXAMPLES_SINCE, [since]);
    return n;
  }

  private async withCategories(row: VersionRow): Promise<TaxonomyVersion> {
    const categories: CategoryRow[] = await this.db.query(SELECT_CATEGORIES, [row.id]);
    return { id: row.id, createdAt: row.created_at, summary: row.summary, failureTypes: row.failure_types, categories: categories.map(toCategory) };
  }
}

function toRecord(category: Category): CategoryRow {
  return {
    key: category.key,
    name: category.name,
    description: category.description,
    demand_type: category.demandType,
    parent_key: category.parent,
    failure_type: category.failureType,
    rules: category.rules,
    attributes: category.attributes,
  };
}

function toCategory(row: CategoryRow): Category {
  return {
    key: row.key,
    name: row.name,
    description: row.description,
    demandType: row.demand_type,
    parent: row.parent_key,
    failureType: row.failure_type,
    rules: row.rules,
    attributes: row.attributes,
  };
}
