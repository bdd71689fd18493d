import type { DataSource, EntityManager } from 'typeorm';

/** `encoder`: TF-IDF plus a sentence encoder's embedding (docs/encoder.md). */
export type ModelKind = 'linear' | 'rules' | 'encoder';

export interface NewModelVersion {
  kind: ModelKind;
  taxonomyVersionId: number;
  exampleCount: number;
  labelCount: number;
  evaluation: Record<string, unknown>;
  artefact: Uint8Array;
  checksum: string;
}

export interface ModelVersionSummary {
  id: number;
  kind: ModelKind;
  taxonomyVersionId: number;
  createdAt: Date;
  exampleCount: number;
  labelCount: number;
  evaluation: Record<string, unknown>;
  checksum: string;
  sizeBytes: number;
}

export interface ModelVersionRecord extends ModelVersionSummary {
  artefact: Buffer;
}

interface ModelVersionRow {
  id: number;
  kind: ModelKind;
  taxonomy_version_id: number;
  created_at: Date;
  example_count: number;
  label_count: number;
  evaluation: Record<string, unknown>;
  checksum: string;
  size_bytes: number;
  artefact?: Buffer;
}

const SUMMARY_COLUMNS = 'id, kind, taxonomy_version_id, created_at, example_count, label_count, evaluation, checksum, octet_length(artefact) AS size_bytes';

/** Trained classifiers, newest last; a service serves the newest and notices a newer one by its id. */
export class ModelVersionRepository {
  constructor(private readonly db: DataSource | EntityManager) {}

  async insert(model: NewModelVersion): Promise<number> {
    const rows: Array<{ id: number }> = await this.db.query(
      `INSERT INTO model_versions (kind, taxonomy_version_id, example_count, label_count, evaluation, artefact, checksum)
       VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
      [model.kind, model.taxonomyVersionId, model.exampleCount, model.labelCount, JSON.stringify(model.evaluation), Buffer.from(model.artefact), model.checksum],
    );
    return rows[0]!.id;
  }

  /** The newest version's id, cheap enough to ask every few seconds. */
  async latestId(): Promise<number | undefined> {
    const rows: Array<{ id: number | null }> = await this.db.query('SELECT max(id) AS id FROM model_versions');
    return rows[0]?.id ?? undefined;
  }

  /** The oldest version without its artefact: the first model this install ever had. */
  async first(): Promise<ModelVersionSummary | undefined> {
    const rows: ModelVersionRow[] = await this.db.query(`SELECT ${SUMMARY_COLUMNS} FROM model_versions ORDER BY id LIMIT 1`);
    return rows[0] ? toSummary(rows[0]) : undefined;
  }

  async find(id: number): Promise<ModelVersionRecord | undefined> {
    const rows: ModelVersionRow[] = await this.db.query(`SELECT ${SUMMARY_COLUMNS}, artefact FROM model_versions WHERE id = $1`, [id]);
    return rows[0] ? { ...toSummary(rows[0]), artefact: rows[0].artefact! } : undefined;
  }

  async latest(): Promise<ModelVersionRecord | undefined> {
    const id = await this.latestId();
    return id === undefined ? undefined : this.find(id);
  }

  /** The newest version without its artefact: the one the classifiers serve. */
  async newest(): Promise<ModelVersionSummary | undefined> {
    return (await this.list(1))[0];
  }

  /** Every version without its artefact, newest first. */
  async list(limit = 100): Promise<ModelVersionSummary[]> {
    const rows: ModelVersionRow[] = await this.db.query(`SELECT ${SUMMARY_COLUMNS} FROM model_versions ORDER BY id DESC LIMIT $1`, [limit]);
    return rows.map(toSummary);
  }
}

function toSummary(row: ModelVersionRow): ModelVersionSummary {
  return {
    id: row.id,
    kind: row.kind,
    taxonomyVersionId: row.taxonomy_version_id,
    createdAt: row.created_at,
    exampleCount: row.example_count,
    labelCount: row.label_count,
    evaluation: row.evaluation,
    checksum: row.checksum,
    sizeBytes: Number(row.size_bytes),
  };
}
