import pg from 'pg';
import { ClassificationRepository, createDataSource, type NewClassification } from '@frictionlens/persistence';

/**
 * What a live installation does beside the readers: the classifier commits a batch of
 * classified contacts every `everyMs`, each batch moving the rollups (and so, through the
 * NotifyMetricsChanges triggers, telling every API instance its answers are out of date).
 * The contacts fall inside the benchmark's year, so every answer really changes.
 */
export class LiveClassifications {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> = Promise.resolve();
  private next = 0;
  batches = 0;

  private constructor(
    private readonly db: pg.Client,
    private readonly repository: ClassificationRepository,
    private readonly close: () => Promise<void>,
    private readonly model: { modelVersionId: number; taxonomyVersionId: number },
    private readonly categories: Array<{ key: string; demandType: 'failure' | 'value' }>,
    private readonly source: string,
    private readonly day: string,
  ) {}

  /** `runId` names the contacts' source, so that runs on a reused database never collide. */
  static async open(databaseUrl: string, runId: string, day: string): Promise<LiveClassifications> {
    const db = new pg.Client({ connectionString: databaseUrl });
    await db.connect();
    const dataSource = createDataSource(databaseUrl, { logging: ['error'] });
    await dataSource.initialize();
    // The seed writes contact ids itself; new contacts take theirs from the sequence.
    await db.query(`SELECT setval(pg_get_serial_sequence('contacts', 'id'), (SELECT COALESCE(max(id), 0) + 1 FROM contacts), false)`);
    const { rows: [model] } = await db.query<{ id: number; taxonomy_version_id: number }>('SELECT id, taxonomy_version_id FROM model_versions ORDER BY id DESC LIMIT 1');
    const { rows: categories } = await db.query<{ key: string; demand_type: 'failure' | 'value' }>('SELECT key, demand_type FROM taxonomy_categories WHERE taxonomy_version_id = $1 ORDER BY key', [model!.taxonomy_version_id]);
    const close = async () => {
      await dataSource.destroy();
      await db.end();
    };
    return new LiveClassifications(db, new ClassificationRepository(dataSource), close, { modelVersionId: model!.id, taxonomyVersionId: model!.taxonomy_version_id }, categories.map((c) => ({ key: c.key, demandType: c.demand_type })), `live-${runId}`, day);
  }

  start(batchSize: number, everyMs: number): void {
    this.timer = setInterval(() => {
      this.running = this.running.then(() => this.land(batchSize)).catch((error: unknown) => console.error(`live classifications: ${String(error)}`));
    }, everyMs);
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }

  async end(): Promise<void> {
    await this.stop();
    await this.close();
  }

  private async land(batchSize: number): Promise<void> {
    const { rows } = await this.db.query<{ id: string }>(
      `INSERT INTO contacts (kind, source, source_id, occurred_at, channel, text)
       SELECT 'ticket', $4, 'L-' || g, $2::timestamptz + (g % 86400) * interval '1 second', 'chat', 'a live contact'
       FROM generate_series($1::bigint, $1::bigint + $3 - 1) g RETURNING id::text`,
      [this.next, `${this.day}T00:00:00Z`, batchSize, this.source],
    );
    this.next += batchSize;
    const batch: NewClassification[] = rows.map((row, i) => {
      const category = this.categories[(this.next + i) % this.categories.length]!;
      return { contactId: row.id, categoryKey: category.key, demandType: category.demandType, confidence: 0.9, top: [], explanation: {}, sentiment: 0, effortCues: [] };
    });
    await this.repository.storeBatch(this.model, batch);
    this.batches++;
  }
}
