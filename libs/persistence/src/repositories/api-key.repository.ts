import type { DataSource } from 'typeorm';
import { ApiKeyEntity } from '../entities/api-key.entity.js';

export interface ApiKeyRecord {
  id: string;
  name: string;
  scopes: string[];
  createdAt: Date;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
}

export class ApiKeyRepository {
  constructor(private readonly db: DataSource) {}

  async create(key: { id: string; name: string; secretHash: string; scopes: string[] }): Promise<void> {
    await this.db.getRepository(ApiKeyEntity).insert(key);
  }

  /** The stored hash and scopes of a key that is not revoked. */
  async findActive(id: string): Promise<{ secretHash: string; scopes: string[] } | undefined> {
    const rows: Array<{ secret_hash: string; scopes: string[] }> = await this.db.query(
      'SELECT secret_hash, scopes FROM api_keys WHERE id = $1 AND revoked_at IS NULL',
      [id],
    );
    return rows[0] ? { secretHash: rows[0].secret_hash, scopes: rows[0].scopes } : undefined;
  }

  /** Every key not revoked, by id: what the API keeps in memory while it follows key changes. */
  async allActive(): Promise<Map<string, { secretHash: string; scopes: string[] }>> {
    const rows: Array<{ id: string; secret_hash: string; scopes: string[] }> = await this.db.query('SELECT id, secret_hash, scopes FROM api_keys WHERE revoked_at IS NULL');
    return new Map(rows.map((row) => [row.id, { secretHash: row.secret_hash, scopes: row.scopes }]));
  }

  async markUsed(id: string): Promise<void> {
    // Once a minute is enough to tell a live key from a forgotten one, and spares a write per request.
    await this.db.query(`UPDATE api_keys SET last_used_at = now() WHERE id = $1 AND (last_used_at IS NULL OR last_used_at < now() - interval '1 minute')`, [id]);
  }

  async revoke(id: string): Promise<boolean> {
    const result: [unknown[], number] = await this.db.query('UPDATE api_keys SET revoked_at = now() WHERE id = $1 AND revoked_at IS NULL', [id]);
    return result[1] > 0;
  }

  async list(): Promise<ApiKeyRecord[]> {
    const rows = await this.db.getRepository(ApiKeyEntity).find({ order: { createdAt: 'ASC' } });
    return rows.map(({ secretHash: _secretHash, ...record }) => record);
  }
}
