import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { request } from 'node:http';
import { networkInterfaces, tmpdir } from 'node:os';
import { join } from 'node:path';
import { Module, type INestApplication, type Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import pg from 'pg';
import { loadConfig } from '@frictionlens/config';
import { hashSecret, parseApiKey } from '@frictionlens/domain';
import { PlatformModule, type Runtime } from '@frictionlens/platform';
import { ApiModule } from '../../apps/api/src/api.module.js';
import { DASHBOARD_KEY_NAME } from '../../apps/api/src/dashboard/dashboard-key.service.js';
import { DASHBOARD_READINESS } from '../../apps/api/src/dashboard/dashboard-readiness.js';
import { freshDatabase, type TestDatabase } from '../setup/test-env.js';

interface Answer {
  status: number;
  body: { apiKey: string | null; reason?: string };
}

/** An address of this machine that is not loopback, so a request to it arrives from a non-loopback peer. */
function nonLoopbackAddress(): string {
  const found = Object.values(networkInterfaces()).flat().find((a) => a && a.family === 'IPv4' && !a.internal);
  if (!found) throw new Error('this test needs a network interface other than loopback (to send a request from a non-loopback address)');
  return found.address;
}

// The dashboard's embedded-mode key, over real HTTP. The runtime says "embedded" (as it does when
// DATABASE_URL is unset) while the tables live in this test's database; `npm start` and the
// acceptance check run the same module on the real embedded server.
describe('the dashboard routes: the embedded-mode key (GET /dashboard/config.json) and the page (GET /)', () => {
  let database: TestDatabase;
  let db: pg.Pool;
  let dir: string;
  let app: INestApplication | undefined;
  let port: number;

  beforeAll(async () => {
    database = await freshDatabase();
    db = new pg.Pool({ connectionString: database.url, max: 2 });
    dir = mkdtempSync(join(tmpdir(), 'frictionlens-dashboard-key-'));
  });

  afterEach(async () => {
    await app?.close();
    app = undefined;
  });

  afterAll(async () => {
    await db.end();
    await database.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  const keyFile = () => join(dir, 'dashboard-api-key');

  async function boot(embedded: boolean, extra: Type[] = [], env: Record<string, string> = {}): Promise<void> {
    const config = loadConfig({ DATABASE_URL: database.url, EMBEDDED_POSTGRES_DIR: join(dir, 'postgres'), LOG_LEVEL: 'silent', CUSTOMER_HASH_KEY: 'dashboard-key-test-0123456789', ...env });
    const runtime: Runtime = { service: 'api', config, databaseUrl: database.url, databaseEmbedded: embedded, consumesKafka: false };
    app = await NestFactory.create({ module: class DashboardKeyTestApp {}, imports: [PlatformModule.forRoot(runtime), ApiModule, ...extra] }, { logger: false });
    await app.listen(0, '0.0.0.0');
    port = (app.getHttpServer().address() as { port: number }).port;
  }

  function get(address: string, path: string, headers: Record<string, string> = {}): Promise<Answer> {
    return new Promise((resolve, reject) => {
      const req = request({ host: address, port, path, headers }, (res) => {
        let text = '';
        res.on('data', (chunk: Buffer) => (text += chunk.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(text) as Answer['body'] }));
      });
      req.on('error', reject);
      req.end();
    });
  }

  const dashboardKeys = async () =>
    (await db.query<{ id: string; secret_hash: string; scopes: string[]; revoked_at: Date | null }>('SELECT id, secret_hash, scopes, revoked_at FROM api_keys WHERE name = $1 ORDER BY created_at', [DASHBOARD_KEY_NAME])).rows;

  it('hands a page opened on this machine an admin key, stored as a hash, its token in a file of mode 600', async () => {
    await boot(true);
    const { status, body } = await get('127.0.0.1', '/dashboard/config.json');
    expect(status).toBe(200);
    const parsed = parseApiKey(body.apiKey ?? '')!;
    expect(parsed).toBeDefined();
    const [stored, ...others] = await dashboardKeys();
    expect(others).toEqual([]);
    expect(stored).toMatchObject({ id: parsed.id, scopes: ['admin'], revoked_at: null });
    expect(stored!.secret_hash).toBe(hashSecret(parsed.secret));
    expect(readFileSync(keyFile(), 'utf8').trim()).toBe(body.apiKey);
    expect(statSync(keyFile()).mode & 0o777).toBe(0o600);

    const queue = await fetch(`http://127.0.0.1:${port}/v1/review-queue`, { headers: { 'x-api-key': body.apiKey! } });
    expect(queue.status).toBe(200);
    expect((await get('127.0.0.1', '/dashboard/config.json', { host: `localhost:${port}` })).body.apiKey).toBe(body.apiKey);
  });

  it('never hands it to a request from another address, through a proxy, or for a page of another domain', async () => {
    await boot(true);
    const remote = nonLoopbackAddress();
    for (const headers of [{}, { host: `127.0.0.1:${port}` }, { host: `localhost:${port}` }] as Array<Record<string, string>>) {
      const answer = await get(remote, '/dashboard/config.json', headers);
      expect(answer).toEqual({ status: 200, body: { apiKey: null, reason: 'the request does not come from this machine (loopback): enter an API key' } });
    }
    expect((await get('127.0.0.1', '/dashboard/config.json', { 'x-forwarded-for': '203.0.113.7' })).body).toEqual({
      apiKey: null,
      reason: 'the request came through a proxy (x-forwarded-for header): enter an API key',
    });
    expect((await get('127.0.0.1', '/dashboard/config.json', { host: `rebound.example:${port}` })).body.apiKey).toBeNull();
  });

  it('reuses the key across restarts, and replaces it when it was revoked', async () => {
    await boot(true);
    const first = (await get('127.0.0.1', '/dashboard/config.json')).body.apiKey;
    await app!.close();
    await boot(true);
    expect((await get('127.0.0.1', '/dashboard/config.json')).body.apiKey).toBe(first);
    expect((await dashboardKeys()).filter((k) => !k.revoked_at)).toHaveLength(1);

    await db.query('UPDATE api_keys SET revoked_at = now() WHERE id = $1', [parseApiKey(first!)!.id]);
    await app!.close();
    await boot(true);
    const replaced = (await get('127.0.0.1', '/dashboard/config.json')).body.apiKey;
    expect(replaced).not.toBe(first);
    expect(readFileSync(keyFile(), 'utf8').trim()).toBe(replaced);
    expect((await dashboardKeys()).filter((k) => !k.revoked_at).map((k) => k.id)).toEqual([parseApiKey(replaced!)!.id]);
  });

  it('hands out nothing with DASHBOARD_EMBEDDED_KEY=false, or on a DATABASE_URL install, and makes no key there', async () => {
    await db.query('DELETE FROM api_keys');
    await boot(true, [], { DASHBOARD_EMBEDDED_KEY: 'false' });
    expect((await get('127.0.0.1', '/dashboard/config.json')).body).toEqual({ apiKey: null, reason: 'DASHBOARD_EMBEDDED_KEY is off: enter an API key' });
    await app!.close();

    await boot(false);
    expect((await get('127.0.0.1', '/dashboard/config.json')).body).toEqual({ apiKey: null, reason: 'this installation runs on its own PostgreSQL (DATABASE_URL): enter an API key' });
    expect(await dashboardKeys()).toEqual([]);
  });

  it('answers / with a self-refreshing 503 page while start-up work (the demo) runs, then with the dashboard', async () => {
    let pending: string | undefined = 'Classifying the first contacts: 1,200 of 25,000 <done>';
    @Module({ providers: [{ provide: DASHBOARD_READINESS, useValue: { pending: () => pending } }] })
    class StartUpWork {}
    await boot(false, [StartUpWork]);
    const waiting = await fetch(`http://127.0.0.1:${port}/`);
    expect(waiting.status).toBe(503);
    expect(waiting.headers.get('retry-after')).toBe('2');
    const page = await waiting.text();
    expect(page).toContain('<meta http-equiv="refresh" content="2">');
    expect(page).toContain('1,200 of 25,000 &#60;done&#62;');

    pending = undefined;
    const ready = await fetch(`http://127.0.0.1:${port}/`);
    expect(ready.status).toBe(200);
    expect(await ready.text()).toContain('<script type="module"');
  });
});
