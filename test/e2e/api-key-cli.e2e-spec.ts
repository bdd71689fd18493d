import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { parseApiKey } from '@frictionlens/domain';
import { anApiKey } from '../factories/api-keys.js';
import { freshDatabase, type TestDatabase } from '../setup/test-env.js';

// `npm run api-key` as an operator or a script runs it: the compiled CLI in its own process.
const ENTRY = 'dist/libs/platform/src/cli/api-key.cli.js';

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

describe('npm run api-key', () => {
  let database: TestDatabase;

  beforeAll(async () => {
    if (!existsSync(ENTRY)) throw new Error(`${ENTRY} is missing: npm test builds it first (npm run build)`);
    database = await freshDatabase();
  });

  afterAll(async () => {
    await database?.drop();
  });

  const apiKey = (...args: string[]) =>
    new Promise<Run>((resolve, reject) => {
      const child = spawn(process.execPath, [ENTRY, ...args], {
        env: { PATH: process.env.PATH, DATABASE_URL: database.url, CUSTOMER_HASH_KEY: 'api-key-cli-test-0123456789', LOG_LEVEL: 'warn' },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
      child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      child.once('error', reject);
      child.once('close', (code) => resolve({ code, stdout, stderr }));
    });

  it('fails with a clear message when the key to revoke does not exist', async () => {
    const sut = await apiKey('revoke', 'nonexistent');
    expect(sut.code).toBe(3);
    expect(sut.stderr).toContain('no API key nonexistent: nothing revoked (npm run api-key -- list shows the ids)');
    expect(sut.stdout).toBe('');
  });

  it('revokes a key, and says so (exit 0) when it was already revoked', async () => {
    const id = parseApiKey(await anApiKey(database.url, ['metrics:read'], 'power-bi'))!.id;
    const first = await apiKey('revoke', id);
    expect(first).toMatchObject({ code: 0, stdout: `revoked ${id}\n` });
    const again = await apiKey('revoke', id);
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(new RegExp(`^${id} was already revoked on \\d{4}-\\d\\d-\\d\\dT`));
    expect((await apiKey('list')).stdout).toMatch(new RegExp(`^${id}\\tpower-bi\\tmetrics:read\\t.*\\tREVOKED `, 'm'));
  });

  it('fails (exit 2) without a key id or with an unknown command', async () => {
    expect(await apiKey('revoke')).toMatchObject({ code: 2, stderr: expect.stringContaining('revoke needs the key id') });
    expect(await apiKey('delete', 'x')).toMatchObject({ code: 2, stderr: expect.stringContaining('unknown command "delete"') });
  });
});
