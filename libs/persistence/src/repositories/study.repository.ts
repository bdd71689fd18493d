import type { DataSource, EntityManager } from 'typeorm';
import type { Allocation, CodedDemandType, SampledContact, Stratum, StudyCode } from '@frictionlens/domain';
import { COUNTED, countedContactsWhere, type CountingFilter, FROM_COUNTED_CONTACTS, type FilterWhere } from '../counting/index.js';

export type StudyStratification = 'step' | 'channel' | 'period';

/** Filters of a study's population, as the metrics take them; each narrows to contacts matching any of its values. */
export type StudyFilters = Pick<CountingFilter, 'valueStream' | 'step' | 'category' | 'channel' | 'kind' | 'product' | 'source'>;

/** Where a study's sample is drawn from: the contacts the metrics count (classified or labelled) in a period. */
export interface StudyPopulation {
  /** UTC dates, `from` inclusive, `to` exclusive. */
  from: string;
  to: string;
  filters: StudyFilters;
  stratifyBy: StudyStratification;
  /** The length of a period stratum. */
  interval: 'day' | 'week' | 'month';
}

/** What the service decided once it saw the strata: the sample, and how it was sized. */
export interface StudyDraft {
  title: string;
  marginOfError: number;
  priorShare: number;
  seed: number;
  blind: boolean;
  population: number;
  strata: Allocation[];
  contacts: SampledContact[];
}

export interface Study {
  id: number;
  title: string;
  population: StudyPopulation;
  marginOfError: number;
  priorShare: number;
  seed: number;
  populationSize: number;
  sampleSize: number;
  strata: Allocation[];
  blind: boolean;
  createdAt: Date;
  status: 'open' | 'complete';
  /** Sampled contacts still there (erasure removes some) and how many of them are coded. */
  contacts: number;
  coded: number;
}

export interface StudyCodeWrite extends StudyCode {
  coder: string | null;
}

export interface StudyContact {
  contactId: string;
  stratum: string;
  position: number;
  model: { category: string | null; demandType: CodedDemandType | null; confidence: number | null; version: number | null };
  code: (StudyCode & { coder: string | null; codedAt: Date }) | null;
}

/** A sampled contact as a coder or an export sees it: with the customer's (redacted) words. */
export interface StudyContactWithText extends StudyContact {
  occurredAt: Date;
  kind: string;
  channel: string | null;
  text: string;
}

/** The next contact to code, with why the model decided as it did. */
export interface NextStudyContact extends StudyContactWithText {
  top: Array<{ category: string; probability: number }>;
  explanation: Record<string, unknown> | null;
}

/** A stratum for contacts that have none (no channel, a category linked to no step). */
export const NO_STRATUM = '(none)';

interface StudyRow {
  id: number;
  title: string;
  filter: StudyPopulation;
  margin_of_error: number;
  prior_share: number;
  seed: string;
  population: number;
  sample_size: number;
  strata: Allocation[];
  blind: boolean;
  created_at: Date;
  status: 'open' | 'complete';
  contacts: number;
  coded: number;
}

interface StudyContactRow {
  contact_id: string;
  stratum: string;
  position: number;
  model_category: string | null;
  model_demand_type: CodedDemandType | null;
  model_confidence: number | null;
  model_version_id: number | null;
  code_demand_type: CodedDemandType | null;
  code_failure_type: string | null;
  code_step_key: string | null;
  code_category_key: string | null;
  not_for_here: boolean;
  coder: string | null;
  coded_at: Date | null;
}

interface StudyContactTextRow extends StudyContactRow {
  occurred_at: Date;
  kind: string;
  channel: string | null;
  text: string;
}

const STUDY_COLUMNS = `s.id, s.title, s.filter, s.margin_of_error, s.prior_share, s.seed::text AS seed, s.population, s.sample_size, s.strata, s.blind, s.created_at, s.status,
  (SELECT count(*)::int FROM study_contacts sc WHERE sc.study_id = s.id) AS contacts,
  (SELECT count(*)::int FROM study_contacts sc WHERE sc.study_id = s.id AND sc.coded_at IS NOT NULL) AS coded`;

const CONTACT_ROW_COLUMNS = `sc.contact_id::text AS contact_id, sc.stratum, sc.position, sc.model_category, sc.model_demand_type, sc.model_confidence, sc.model_version_id,
  sc.code_demand_type, sc.code_failure_type, sc.code_step_key, sc.code_category_key, sc.not_for_here, sc.coder, sc.coded_at`;

const WITH_TEXT = `${CONTACT_ROW_COLUMNS}, c.occurred_at, c.kind, c.channel, c.text`;

const INSERT_STUDY = `
  INSERT INTO studies (title, filter, stratify_by, margin_of_error, prior_share, seed, population, sample_size, strata, blind)
  VALUES ($1, $2::jsonb, $3, $4, $5, $6, $7, $8, $9::jsonb, $10) RETURNING id`;

const SELECT_STUDY = `SELECT ${STUDY_COLUMNS} FROM studies s WHERE s.id = $1`;
const SELECT_STUDIES = `SELECT ${STUDY_COLUMNS} FROM studies s ORDER BY s.id DESC`;
const SELECT_CONTACTS = `SELECT ${CONTACT_ROW_COLUMNS} FROM study_contacts sc WHERE sc.study_id = $1 ORDER BY sc.position`;
const SELECT_EXPORT = `SELECT ${WITH_TEXT} FROM study_contacts sc JOIN contacts c ON c.id = sc.contact_id WHERE sc.study_id = $1 ORDER BY sc.position`;

// The uncoded contact first in the coding order, with the classification the sample recorded.
const SELECT_NEXT = `
  SELECT ${WITH_TEXT}, x.top, x.explanation
  FROM study_contacts sc
  JOIN contacts c ON c.id = sc.contact_id
  LEFT JOIN classifications x ON x.contact_id = sc.contact_id AND x.model_version_id = sc.model_version_id
  WHERE sc.study_id = $1 AND sc.coded_at IS NULL
  ORDER BY sc.position
  LIMIT 1`;

// One statement: the code replaces any earlier one, and the study is complete once nothing is
// left uncoded (the subquery sees the rows before this update, hence the contact left out).
const UPDATE_CODE = `
  WITH coded AS (
    UPDATE study_contacts SET code_demand_type = $3, code_failure_type = $4, code_step_key = $5, code_category_key = $6,
      not_for_here = $7, coder = $8, coded_at = now()
    WHERE study_id = $1 AND contact_id = $2::bigint
    RETURNING *
  ),
  study AS (
    UPDATE studies s SET status = CASE WHEN EXISTS (
        SELECT 1 FROM study_contacts sc WHERE sc.study_id = s.id AND sc.coded_at IS NULL AND sc.contact_id <> $2::bigint
      ) THEN 'open' ELSE 'complete' END
    WHERE s.id = $1 AND EXISTS (SELECT 1 FROM coded)
    RETURNING s.id
  )
  SELECT ${CONTACT_ROW_COLUMNS.replaceAll('sc.', 'coded.')} FROM coded`;

/**
 * Sample-and-listen studies: drawing a stratified sample of the contacts the metrics count, in one
 * transaction that sees one snapshot (the strata counted are the strata sampled), and the people's
 * codes. Every statement is set-based; the population never leaves PostgreSQL, only the sample does.
 */
export class StudyRepository {
  constructor(private readonly db: DataSource) {}

  /**
   * Counts the population's strata, lets `draw` decide the sample from them (it may throw, and
   * nothing is stored), then stores the study and its contacts: each sampled (stratum, rank) is
   * the rank-th contact of its stratum by contact id.
   */
  async create(population: StudyPopulation, draw: (strata: Stratum[]) => StudyDraft): Promise<Study> {
    const run = async (tx: EntityManager): Promise<number> => {
      const where = populationWhere(population);
      const counted: Array<{ stratum: string; size: number }> = await tx.query(
        `WITH population AS (${populationSelect(population, where)}) SELECT stratum, count(*)::int AS size FROM population GROUP BY stratum ORDER BY stratum COLLATE "C"`,
        where.params,
      );
      const draft = draw(counted.map((s) => ({ key: s.stratum, size: s.size })));
      const [study]: Array<{ id: number }> = await tx.query(INSERT_STUDY, [
        draft.title,
        JSON.stringify(population),
        population.stratifyBy,
        draft.marginOfError,
        draft.priorShare,
        draft.seed,
        draft.population,
        draft.contacts.length,
        JSON.stringify(draft.strata),
        draft.blind,
      ]);
      // One key per sampled contact, (stratum, rank) as one text: an equality on a single value is
      // joined by hash. Joined on the two columns, the planner merges on the stratum alone and
      // filters the rank afterwards, which is quadratic (65 s for 2,000 of 1,000,000 contacts).
      const keys = draft.contacts.map((c) => sampleKey(c.stratum, c.rank));
      const params = [...where.params, study!.id, keys, draft.contacts.map((c) => c.position)];
      const p = (i: number) => `$${where.params.length + i}`;
      await tx.query(
        `WITH population AS (${populationSelect(population, where)}),
         ranked AS (SELECT p.*, row_number() OVER (PARTITION BY p.stratum ORDER BY p.contact_id) - 1 AS rank FROM population p)
         INSERT INTO study_contacts (study_id, contact_id, stratum, position, model_category, model_demand_type, model_confidence, model_version_id)
         SELECT ${p(1)}, r.contact_id, r.stratum, s.position, r.model_category, r.model_demand_type, r.model_confidence, r.model_version_id
         FROM ranked r
         JOIN unnest(${p(2)}::text[], ${p(3)}::int[]) AS s(key, position) ON s.key = r.stratum || chr(31) || r.rank::text`,
        params,
      );
      return study!.id;
    };
    // REPEATABLE READ: a contact classified between the count and the insert must not shift the ranks.
    const id = await this.db.transaction('REPEATABLE READ', run);
    return (await this.find(id))!;
  }

  async find(id: number): Promise<Study | undefined> {
    const [row]: StudyRow[] = await this.db.query(SELECT_STUDY, [id]);
    return row ? toStudy(row) : undefined;
  }

  /** Every study, newest first. */
  async list(): Promise<Study[]> {
    const rows: StudyRow[] = await this.db.query(SELECT_STUDIES);
    return rows.map(toStudy);
  }

  /** The study's contacts in coding order, coded or not. */
  async contacts(studyId: number): Promise<StudyContact[]> {
    const rows: StudyContactRow[] = await this.db.query(SELECT_CONTACTS, [studyId]);
    return rows.map(toStudyContact);
  }

  /** The study's contacts in coding order with their text, for an export. */
  async contactsWithText(studyId: number): Promise<StudyContactWithText[]> {
    const rows: StudyContactTextRow[] = await this.db.query(SELECT_EXPORT, [studyId]);
    return rows.map(toStudyContactWithText);
  }

  /** The first uncoded contact in the coding order; undefined when every one is coded. */
  async next(studyId: number): Promise<NextStudyContact | undefined> {
    const [row]: Array<StudyContactTextRow & { top: NextStudyContact['top'] | null; explanation: Record<string, unknown> | null }> = await this.db.query(SELECT_NEXT, [studyId]);
    return row ? { ...toStudyContactWithText(row), top: row.top ?? [], explanation: row.explanation } : undefined;
  }

  /** Stores (or replaces) a person's code of a sampled contact; undefined when the contact is not in the study. */
  async code(studyId: number, contactId: string, code: StudyCodeWrite): Promise<StudyContact | undefined> {
    const [row]: StudyContactRow[] = await this.db.query(UPDATE_CODE, [
      studyId,
      contactId,
      code.demandType,
      code.failureType,
      code.stepKey,
      code.categoryKey,
      code.notForHere,
      code.coder,
    ]);
    return row ? toStudyContact(row) : undefined;
  }
}

// Stratum keys never hold control characters (keys, channels, dates), so the unit separator
// cannot make two (stratum, rank) pairs one key.
function sampleKey(stratum: string, rank: number): string {
  return `${stratum}\u001f${rank}`;
}

// Which stratum a contact falls in. `interval` is one of day, week or month (parsed at the edge).
function stratumOf(population: StudyPopulation): string {
  if (population.stratifyBy === 'channel') return `COALESCE(c.channel, '${NO_STRATUM}')`;
  if (population.stratifyBy === 'period') return `to_char(date_trunc('${population.interval}', c.occurred_at AT TIME ZONE 'UTC'), 'YYYY-MM-DD')`;
  return `COALESCE(ms.step_key, '${NO_STRATUM}')`;
}

// A category split across steps belongs to its heaviest step (among the filtered steps, when the
// study names some; ties by step key), looked up once per category rather than once per contact.
function mainSteps(stepParam: string | undefined): string {
  return `(SELECT DISTINCT ON (k.category_key) k.category_key, k.step_key FROM category_step_links k
    ${stepParam ? `WHERE k.step_key = ANY(${stepParam}::text[])` : ''} ORDER BY k.category_key, k.weight DESC, k.step_key)`;
}

function populationSelect(population: StudyPopulation, where: FilterWhere): string {
  const byStep = population.stratifyBy === 'step' ? `LEFT JOIN ${mainSteps(where.placeholders.step)} ms ON ms.category_key = ${COUNTED.category}` : '';
  return `
    SELECT c.id AS contact_id, ${stratumOf(population)} AS stratum,
           x.category_key AS model_category, x.demand_type AS model_demand_type, x.confidence AS model_confidence, x.model_version_id
    ${FROM_COUNTED_CONTACTS}
    ${byStep}
    WHERE ${where.sql}`;
}

// What the metrics count, filtered as they are (and as GET /v1/contacts is); the stratum
// expression names the step filter's placeholder again.
function populationWhere(population: StudyPopulation): FilterWhere {
  return countedContactsWhere({ from: population.from, to: population.to, ...population.filters });
}

function toStudy(row: StudyRow): Study {
  return {
    id: row.id,
    title: row.title,
    population: row.filter,
    marginOfError: row.margin_of_error,
    priorShare: row.prior_share,
    seed: Number(row.seed),
    populationSize: row.population,
    sampleSize: row.sample_size,
    strata: row.strata,
    blind: row.blind,
    createdAt: row.created_at,
    status: row.status,
    contacts: row.contacts,
    coded: row.coded,
  };
}

function toStudyContact(row: StudyContactRow): StudyContact {
  return {
    contactId: String(row.contact_id),
    stratum: row.stratum,
    position: row.position,
    model: { category: row.model_category, demandType: row.model_demand_type, confidence: row.model_confidence, version: row.model_version_id },
    code:
      row.code_demand_type && row.coded_at
        ? {
            demandType: row.code_demand_type,
            failureType: row.code_failure_type,
            stepKey: row.code_step_key,
            categoryKey: row.code_category_key,
            notForHere: row.not_for_here,
            coder: row.coder,
            codedAt: row.coded_at,
          }
        : null,
  };
}

function toStudyContactWithText(row: StudyContactTextRow): StudyContactWithText {
  return { ...toStudyContact(row), occurredAt: row.occurred_at, kind: row.kind, channel: row.channel, text: row.text };
}
