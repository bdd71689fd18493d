import { existsSync, readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { AppConfigSchema, loadConfig } from '@frictionlens/config';

// No Docker engine runs where the tests run, so the compose file is checked by reading it:
// every variable a service sets must be one the apps read, and every connection must point at
// a service (and port) that the file defines.
interface ComposeService {
  image?: string;
  build?: unknown;
  command?: string[];
  environment?: Record<string, string | number>;
  ports?: string[];
  depends_on?: Record<string, unknown>;
}

const compose = parse(readFileSync('docker-compose.yml', 'utf8'), { merge: true }) as { services: Record<string, ComposeService> };
const appServices = ['api', 'ingest', 'classifier'] as const;
const knownVariables = new Set(Object.keys(AppConfigSchema.shape));

// What `docker compose up` passes when the user's environment sets none of the variables:
// `${NAME:-default}` becomes its default, `${NAME}` the empty string (which the apps read as unset).
function withComposeDefaults(value: string): string {
  return value.replace(/\$\{[A-Za-z_][A-Za-z0-9_]*(?::?-([^}]*))?\}/g, (_, fallback: string | undefined) => fallback ?? '');
}

describe('docker-compose.yml', () => {
  it.each(appServices)('runs the %s app from its built entry point', (name) => {
    const sut = compose.services[name]!;
    expect(sut.build).toBeDefined();
    expect(sut.command).toEqual(['node', `dist/apps/${name}/src/main.js`]);
    expect(existsSync(`apps/${name}/src/main.ts`)).toBe(true);
  });

  it.each(appServices)('gives %s only variables the apps read, each of them valid', (name) => {
    const env = Object.fromEntries(
      Object.entries(compose.services[name]!.environment ?? {}).map(([k, v]) => [k, withComposeDefaults(String(v))]),
    );
    expect(Object.keys(env).filter((key) => !knownVariables.has(key))).toEqual([]);
    expect(() => loadConfig(env)).not.toThrow();
  });

  it.each(appServices)('publishes the PORT that %s listens on', (name) => {
    const sut = compose.services[name]!;
    const port = String(sut.environment?.PORT);
    expect(sut.ports).toContain(`${port}:${port}`);
  });

  it.each(appServices)('points %s at the compose PostgreSQL with its credentials', (name) => {
    const url = new URL(String(compose.services[name]!.environment?.DATABASE_URL));
    const postgres = compose.services.postgres!.environment!;
    expect(url.hostname).toBe('postgres');
    expect(url.port).toBe('5432');
    expect(url.username).toBe(postgres.POSTGRES_USER);
    expect(url.password).toBe(postgres.POSTGRES_PASSWORD);
    expect(url.pathname).toBe(`/${postgres.POSTGRES_DB}`);
    expect(compose.services[name]!.depends_on).toBeDefined();
  });

  it.each(appServices)('points %s at the address the broker advertises', (name) => {
    const brokers = String(compose.services[name]!.environment?.KAFKA_BROKERS);
    const advertised = String(compose.services.kafka!.environment!.KAFKA_ADVERTISED_LISTENERS);
    expect(advertised).toBe(`PLAINTEXT://${brokers}`);
  });

  it('runs a KRaft broker from the official image without auto-created topics', () => {
    const kafka = compose.services.kafka!;
    expect(kafka.image).toMatch(/^apache\/kafka:/);
    expect(kafka.environment!.KAFKA_PROCESS_ROLES).toBe('broker,controller');
    expect(String(kafka.environment!.KAFKA_AUTO_CREATE_TOPICS_ENABLE)).toBe('false');
  });

  it.each(appServices)('takes the customer hash secret of %s from the environment, not the file', (name) => {
    expect(String(compose.services[name]!.environment?.CUSTOMER_HASH_KEY)).toMatch(/^\$\{CUSTOMER_HASH_KEY:\?/);
  });

  it('lets exactly one service apply migrations', () => {
    const migrating = appServices.filter((name) => compose.services[name]!.environment?.DATABASE_MIGRATE_ON_START === 'true');
    expect(migrating).toEqual(['api']);
  });
});
