import type { EntityManager } from 'typeorm';
import { contactFailureTypeOf, COUNTED, FROM_COUNTED_CONTACTS, REPEAT_WINDOW, repeatCandidates, repeatsAmong } from '../counting/index.js';

// The rollups count each contact as libs/persistence/src/counting says (label beats model, not
// for here, repeat), spread over the steps its category is linked to by weight, or counted whole
// under no step (''). A repeat depends on the customer's earlier contacts, so `change` recounts
// the later contacts of every contact it changes.
const contributions = (repeat: string, before = '') => `
  WITH ${before} effective AS (
    SELECT c.id, (c.occurred_at AT TIME ZONE 'UTC')::date AS day, ${COUNTED.category} AS category_key,
           COALESCE(c.channel, '') AS channel, c.kind, COALESCE(c.product_sku, '') AS product_sku, c.source,
           ${COUNTED.demandType} AS demand_type, ${COUNTED.notForHere} AS not_for_here
    ${FROM_COUNTED_CONTACTS}
    WHERE %CONTACTS% AND ${COUNTED.counted}
  ),
  typed AS (SELECT e.*, ${contactFailureTypeOf({ notForHere: 'e.not_for_here', repeat })} AS contact_failure_type FROM effective e)
  SELECT t.day, t.category_key, COALESCE(k.step_key, '') AS step_key, t.channel, t.kind, t.product_sku, t.source, t.demand_type,
         t.contact_failure_type, sum(COALESCE(k.weight, 1)) AS contacts
  FROM typed t LEFT JOIN category_step_links k ON k.category_key = t.category_key
  GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9`;

/** Every repeat, found in one pass (counting's repeatsAmong), for a recount from scratch. */
const FIND_REPEATS = `
  CREATE TEMP TABLE rollup_repeats (id bigint PRIMARY KEY) ON COMMIT DROP;
  INSERT INTO rollup_repeats
  WITH effective AS (${repeatCandidates('FROM contacts c', 'true')}),
  ${repeatsAmong('effective')}
  SELECT DISTINCT id FROM repeat_rows;
  ANALYZE rollup_repeats`;

// The repeats among the contacts $1 that `change` counts, by the same window pass over only their
// customers' contacts from a window before each customer's earliest one to its latest. Looking up
// each contact's earlier ones instead costs the square of a customer's contacts: 40,000
// complaints from 97 customers on one day took minutes a batch of 500.
const CHANGED_REPEATS = `
  spans AS (
    SELECT customer_hash, min(occurred_at) - ${REPEAT_WINDOW} AS low, max(occurred_at) AS high
    FROM contacts WHERE id = ANY($1::bigint[]) AND customer_hash IS NOT NULL GROUP BY customer_hash
  ),
  near AS (${repeatCandidates('FROM spans s JOIN contacts c ON c.customer_hash = s.customer_hash AND c.occurred_at BETWEEN s.low AND s.high', 'true')}),
  ${repeatsAmong('near')},
  changed_repeats AS (SELECT DISTINCT id FROM repeat_rows WHERE id = ANY($1::bigint[])),`;

/** Contributions of the contacts $1, with their repeats found by one window pass (CHANGED_REPEATS). */
const CONTRIBUTIONS = contributions('e.id IN (SELECT id FROM changed_repeats)', CHANGED_REPEATS);

/** Contributions by the repeats FIND_REPEATS found. */
const CONTRIBUTIONS_OF_FOUND_REPEATS = contributions('EXISTS (SELECT 1 FROM rollup_repeats r WHERE r.id = e.id)');

const ROLLUP_KEY = 'day, category_key, step_key, channel, kind, product_sku, source, demand_type, contact_failure_type';

const WEEKLY_KEY = 'week, category_key, step_key, demand_type, contact_failure_type';

// One statement moves both grains: the daily rows and their weekly sums.
const ADD_CONTRIBUTIONS = (sign: 1 | -1) => `
  WITH delta AS (${CONTRIBUTIONS.replace('%CONTACTS%', 'c.id = ANY($1::bigint[])')}),
  weekly AS (
    INSERT INTO demand_rollups_weekly (${WEEKLY_KEY}, contacts)
    SELECT date_trunc('week', day::timestamp)::date, category_key, step_key, demand_type, contact_failure_type, ${sign} * sum(contacts)
    FROM delta GROUP BY 1, 2, 3, 4, 5
    ON CONFLICT (${WEEKLY_KEY}) DO UPDATE SET contacts = demand_rollups_weekly.contacts + EXCLUDED.contacts
  )
  INSERT INTO demand_rollups (${ROLLUP_KEY}, contacts)
  SELECT ${ROLLUP_KEY}, ${sign} * contacts FROM delta
  ON CONFLICT (${ROLLUP_KEY}) DO UPDATE SET contacts = demand_rollups.contacts + EXCLUDED.contacts
  RETURNING day::text AS day, category_key, step_key, channel, kind, product_sku, source, demand_type, contact_failure_type`;

// Rows whose count came back to zero say nothing; exact decimals make zero exactly zero. Only
// the rows a change took something from can have come back to zero.
const DROP_EMPTY = `
  WITH k AS (
    SELECT * FROM jsonb_to_recordset($1::jsonb)
      AS k(day date, category_key text, step_key text, channel text, kind text, product_sku text, source text, demand_type text, contact_failure_type text)
  ),
  weekly AS (
    DELETE FROM demand_rollups_weekly w
    USING (SELECT DISTINCT date_trunc('week', day::timestamp)::date AS week, category_key, step_key, demand_type, contact_failure_type FROM k) kw
    WHERE (w.week, w.category_key, w.step_key, w.demand_type, w.contact_failure_type) = (kw.week, kw.category_key, kw.step_key, kw.demand_type, kw.contact_failure_type)
      AND w.contacts = 0
  )
  DELETE FROM demand_rollups r USING k
  WHERE (r.day, r.category_key, r.step_key, r.channel, r.kind, r.product_sku, r.source, r.demand_type, r.contact_failure_type)
      = (k.day, k.category_key, k.step_key, k.channel, k.kind, k.product_sku, k.source, k.demand_type, k.contact_failure_type)
    AND r.contacts = 0`;

// The contacts asked for, and the same customers' contacts within the repeat window after each:
// whether those are repeats may turn on the ones changed. `asked` tells them apart. Each
// customer's asked contacts are first merged into islands (the next one starts more than a window
// after the last), so every later contact is found once: joining each asked contact to its later
// ones instead made 500 asked of one customer's 40,000 same-day complaints 20 million pairs.
const LOCK_CONTACTS = `
  WITH asked AS (SELECT id, customer_hash, occurred_at FROM contacts WHERE id = ANY($1::bigint[])),
  marked AS (
    SELECT customer_hash, occurred_at,
           CASE WHEN occurred_at <= (lag(occurred_at) OVER (PARTITION BY customer_hash ORDER BY occurred_at)) + ${REPEAT_WINDOW} THEN 0 ELSE 1 END AS starts
    FROM asked WHERE customer_hash IS NOT NULL
  ),
  islands AS (
    SELECT customer_hash, occurred_at, sum(starts) OVER (PARTITION BY customer_hash ORDER BY occurred_at ROWS UNBOUNDED PRECEDING) AS island FROM marked
  ),
  spans AS (SELECT customer_hash, min(occurred_at) AS low, max(occurred_at) + ${REPEAT_WINDOW} AS high FROM islands GROUP BY customer_hash, island),
  later AS (SELECT n.id FROM spans s JOIN contacts n ON n.customer_hash = s.customer_hash AND n.occurred_at BETWEEN s.low AND s.high)
  SELECT c.id, c.id IN (SELECT id FROM asked) AS asked FROM contacts c
  WHERE c.id IN (SELECT id FROM asked UNION SELECT id FROM later)
  ORDER BY c.id FOR NO KEY UPDATE OF c`;

/**
 * `DemandRollupRepository.change` on the caller's transaction `tx`: the contacts are locked, their
 * old contribution taken away, `work` done, the new contribution added. Repositories whose writes
 * change what a contact counts as (classifications, labels, erasure, discovery labels) pass their
 * transaction here instead of building a DemandRollupRepository of their own.
 */
export async function changeCountedContacts<T>(tx: EntityManager, contactIds: string[], work: (lockedIds: string[]) => Promise<T>): Promise<T> {
  if (contactIds.length === 0) return work([]);
  // In id order, so two writers of overlapping batches never deadlock; and FOR NO KEY UPDATE,
  // which writers serialise on but which a foreign key to the contact (an embedding, a
  // classification or a label another batch stores first) does not wait for: FOR UPDATE waited
  // for those rows' key share, and two batches of the same customers deadlocked.
  const locked: Array<{ id: string; asked: boolean }> = await tx.query(LOCK_CONTACTS, [contactIds]);
  const ids = locked.map((row) => String(row.id));
  const taken: unknown[] = ids.length ? await tx.query(ADD_CONTRIBUTIONS(-1), [ids]) : [];
  const result = await work(locked.filter((row) => row.asked).map((row) => String(row.id)));
  if (ids.length) await tx.query(ADD_CONTRIBUTIONS(1), [ids]);
  if (taken.length) await tx.query(DROP_EMPTY, [JSON.stringify(taken)]);
  return result;
}

/**
 * The demand rollups every metric is served from (daily, and summed by week). Whatever changes what a contact counts as goes
 * through `change`, in the caller's transaction: the contacts are locked, their old contribution
 * taken away, the change made, the new contribution added. So the rollups always equal the
 * contact rows they summarise, whichever writer (classifier, reviewer, erasure) comes first.
 */
export class DemandRollupRepository {
  constructor(private readonly tx: EntityManager) {}

  change<T>(contactIds: string[], work: (lockedIds: string[]) => Promise<T>): Promise<T> {
    return changeCountedContacts(this.tx, contactIds, work);
  }

  /** The days before a contact within which the same customer's contact makes it a repeat. */
  async repeatWindowDays(): Promise<number> {
    const [row]: Array<{ days: number }> = await this.tx.query('SELECT repeat_window_days AS days FROM metric_settings');
    return row!.days;
  }

  /**
   * Changes the repeat window. Everything counted so far used the old one: call `rebuild` in the
   * same transaction, so that no reader sees a mix.
   */
  async setRepeatWindowDays(days: number): Promise<void> {
    await this.tx.query('UPDATE metric_settings SET repeat_window_days = $1', [days]);
  }

  /**
   * Recounts everything from the contact rows: after a category is linked to other steps, or a
   * category renamed or merged (`npm run backfill`). In the caller's transaction, which should
   * hold `ValueStreamRepository.lockForModelChange` so that no classification moves the rollups
   * meanwhile; readers keep seeing the old counts until it commits. The repeats are found first,
   * for every contact at once (FIND_REPEATS); then contacts are counted in id ranges of `chunk`,
   * reported to `progress` (contacts counted so far, of all). On 2,000,000 bench contacts:
   * 48.7 s, against 63.7 s when each contact looked its earlier ones up.
   */
  async rebuild(options: { chunk?: number; progress?: (counted: number, total: number) => void } = {}): Promise<void> {
    // The repeats found first live in a temporary table dropped at commit; outside a transaction
    // it would be gone before the counting reads it.
    if (!this.tx.queryRunner?.isTransactionActive) throw new Error('DemandRollupRepository.rebuild must run in a transaction (dataSource.transaction)');
    await this.tx.query('DELETE FROM demand_rollups');
    await this.tx.query('DELETE FROM demand_rollups_weekly');
    // One sort of every contact by customer; enough memory keeps it off the disk.
    const [{ work_mem: workMem }]: Array<{ work_mem: string }> = await this.tx.query(`SELECT current_setting('work_mem') AS work_mem`);
    await this.tx.query(`SET LOCAL work_mem = '256MB'`);
    await this.tx.query('DROP TABLE IF EXISTS rollup_repeats');
    await this.tx.query(FIND_REPEATS);
    await this.tx.query(`SELECT set_config('work_mem', $1, true)`, [workMem]);
    const [range]: Array<{ low: string | null; high: string | null; total: string }> = await this.tx.query('SELECT min(id) AS low, max(id) AS high, count(*) AS total FROM contacts');
    const total = Number(range!.total);
    const chunk = options.chunk ?? 250_000;
    let counted = 0;
    if (range!.low !== null) {
      for (let low = BigInt(range!.low); low <= BigInt(range!.high!); low += BigInt(chunk)) {
        const high = low + BigInt(chunk) - 1n;
        // Days recur across id ranges: each range adds to what the earlier ones counted.
        await this.tx.query(
          `INSERT INTO demand_rollups (${ROLLUP_KEY}, contacts) ${CONTRIBUTIONS_OF_FOUND_REPEATS.replace('%CONTACTS%', 'c.id BETWEEN $1::bigint AND $2::bigint')}
           ON CONFLICT (${ROLLUP_KEY}) DO UPDATE SET contacts = demand_rollups.contacts + EXCLUDED.contacts`,
          [String(low), String(high)],
        );
        const [inRange]: Array<{ n: string }> = await this.tx.query('SELECT count(*) AS n FROM contacts WHERE id BETWEEN $1::bigint AND $2::bigint', [String(low), String(high)]);
        counted += Number(inRange!.n);
        options.progress?.(counted, total);
      }
    }
    await this.tx.query(
      `INSERT INTO demand_rollups_weekly (${WEEKLY_KEY}, contacts)
       SELECT date_trunc('week', day::timestamp)::date, category_key, step_key, demand_type, contact_failure_type, sum(contacts) FROM demand_rollups GROUP BY 1, 2, 3, 4, 5`,
    );
  }
}
