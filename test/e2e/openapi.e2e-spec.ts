import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { PATH_METADATA } from '@nestjs/common/constants.js';
import { startService, type RunningService } from '@frictionlens/platform';
import { allInOneService } from '../../apps/all-in-one/src/all-in-one.service-definition.js';
import { apiService } from '../../apps/api/src/api.service-definition.js';
import { MetricsController } from '../../apps/api/src/metrics/metrics.controller.js';
import { freshDatabase, type TestDatabase } from '../setup/test-env.js';

interface Parameter {
  name: string;
  in: string;
  required?: boolean;
  description?: string;
  style?: string;
  explode?: boolean;
  schema: { type?: string; enum?: string[]; default?: unknown; items?: { enum?: string[] } };
}
interface Operation {
  operationId: string;
  parameters?: Parameter[];
  security?: Array<Record<string, string[]>>;
  responses: Record<string, { content?: Record<string, unknown> }>;
  'x-required-scope'?: string;
}
interface OpenApiDocument {
  openapi: string;
  servers?: Array<{ url: string }>;
  paths: Record<string, Record<string, Operation>>;
  components: { securitySchemes: Record<string, { type: string; in?: string; name?: string; scheme?: string }> };
}

// The API service's OpenAPI document, read over HTTP as a BI tool or a client generator would.
describe('GET /docs/openapi.json', () => {
  let database: TestDatabase;
  let api: RunningService;
  let sut: OpenApiDocument;

  beforeAll(async () => {
    database = await freshDatabase();
    api = await startService(apiService, { PORT: '0', LOG_LEVEL: 'warn', DATABASE_URL: database.url, CUSTOMER_HASH_KEY: 'openapi-test-key-0123456789' });
    const response = await fetch(`${api.url}/docs/openapi.json`);
    expect(response.status).toBe(200);
    sut = (await response.json()) as OpenApiDocument;
  });

  afterAll(async () => {
    await api?.close();
    await database.drop();
  });

  const operation = (path: string, method = 'get'): Operation => {
    const found = sut.paths[path]?.[method];
    if (!found) throw new Error(`${method.toUpperCase()} ${path} is not in the document (paths: ${Object.keys(sut.paths).join(', ')})`);
    return found;
  };
  const parameter = (op: Operation, name: string): Parameter => {
    const found = op.parameters?.find((p) => p.name === name);
    if (!found) throw new Error(`${op.operationId} has no parameter ${name} (has ${op.parameters?.map((p) => p.name).join(', ')})`);
    return found;
  };

  it('declares the API key, in the x-api-key header or as a bearer token', () => {
    expect(sut.openapi).toMatch(/^3\./);
    expect(sut.components.securitySchemes.apiKey).toEqual(expect.objectContaining({ type: 'apiKey', in: 'header', name: 'x-api-key' }));
    expect(sut.components.securitySchemes.bearer).toEqual(expect.objectContaining({ type: 'http', scheme: 'bearer' }));
  });

  it('has every route of the metrics controller, each with its query parameters and the API key', () => {
    const base = Reflect.getMetadata(PATH_METADATA, MetricsController) as string;
    const routes = Object.getOwnPropertyNames(MetricsController.prototype)
      .filter((method) => method !== 'constructor')
      .map((method) => Reflect.getMetadata(PATH_METADATA, (MetricsController.prototype as unknown as Record<string, object>)[method]!) as string | undefined)
      .filter((path): path is string => path !== undefined)
      .map((path) => `/${base}/${path}`.replace(/:(\w+)/g, '{$1}'));
    expect(routes).toHaveLength(6);
    for (const route of routes) {
      const op = operation(route);
      expect({ route, parameters: (op.parameters?.length ?? 0) > 0, security: op.security }).toEqual({ route, parameters: true, security: [{ apiKey: [] }, { bearer: [] }] });
    }
  });

  const metricFilters = ['valueStream', 'step', 'category', 'channel', 'kind', 'product', 'source', 'failureType', 'from', 'to', 'format'];
  it.each([
    ['/v1/metrics/failure-demand', ['interval', 'groupBy', 'customers', ...metricFilters]],
    ['/v1/metrics/steps', ['customers', ...metricFilters]],
    ['/v1/metrics/pareto', ['by', 'demandType', 'customers', ...metricFilters]],
    ['/v1/metrics/spikes', ['by', 'interval', 'baselinePeriods', 'alpha', 'customers', ...metricFilters]],
    ['/v1/metrics/cost', ['by', 'customers', 'interval', ...metricFilters]],
    ['/v1/metrics/countermeasures/{id}/impact', ['id', 'weeks', 'format']],
    ['/v1/contacts', ['demandType', 'limit', 'cursor', ...metricFilters]],
  ])('documents %s with each of its parameters, described, and the metrics:read key', (path, names) => {
    const op = operation(path);
    expect(op.parameters?.map((p) => p.name).sort()).toEqual([...names].sort());
    for (const p of op.parameters ?? []) {
      expect({ name: p.name, described: Boolean(p.description), typed: Boolean(p.schema.type) }).toEqual({ name: p.name, described: true, typed: true });
    }
    expect(op.security).toEqual([{ apiKey: [] }, { bearer: [] }]);
    expect(op['x-required-scope']).toBe('metrics:read');
    expect(Object.keys(op.responses)).toEqual(expect.arrayContaining(['200', '401', '403', '429']));
  });

  it('gives each parameter its type, enum values, default and list style from the zod schema', () => {
    const failureDemand = operation('/v1/metrics/failure-demand');
    expect(parameter(failureDemand, 'interval')).toMatchObject({ in: 'query', required: false, schema: { type: 'string', enum: ['day', 'week', 'month'], default: 'week' } });
    expect(parameter(failureDemand, 'groupBy').schema.enum).toEqual(['channel', 'kind', 'step', 'valueStream', 'category', 'product', 'source', 'failureType']);
    expect(parameter(failureDemand, 'channel')).toMatchObject({ style: 'form', explode: false, schema: { type: 'array', items: { enum: expect.arrayContaining(['email', 'phone']) } } });
    expect(parameter(failureDemand, 'step').description).toMatch(/share at these steps/);
    expect(parameter(operation('/v1/metrics/spikes'), 'baselinePeriods').schema).toMatchObject({ type: 'integer', minimum: 2, maximum: 52, default: 8 });
    expect(parameter(operation('/v1/metrics/countermeasures/{id}/impact'), 'id')).toMatchObject({ in: 'path', required: true, schema: { type: 'integer' } });
    expect(parameter(operation('/v1/contacts'), 'demandType').schema.enum).toEqual(['failure', 'value', 'unclassified']);
  });

  it('says which answers come as CSV too, and what a drill-down row holds', () => {
    expect(Object.keys(operation('/v1/metrics/steps').responses['200']!.content ?? {})).toEqual(['application/json', 'text/csv']);
    const contacts = operation('/v1/contacts').responses['200']!.content!['application/json'] as { schema: { $ref: string } };
    type Components = Record<string, { properties: Record<string, { items?: { $ref: string } }> }>;
    const components = (sut as unknown as { components: { schemas: Components } }).components.schemas;
    const named = (ref: string | undefined) => components[ref?.replace('#/components/schemas/', '') ?? '']!;
    const page = named(contacts.schema.$ref);
    expect(Object.keys(named(page.properties.rows!.items?.$ref).properties)).toEqual(
      expect.arrayContaining(['contactId', 'occurredAt', 'text', 'category', 'demandType', 'confidence', 'top', 'explanation', 'labelled', 'modelVersion']),
    );
  });

  it('marks the routes that need no key as open, and the admin ones as admin', () => {
    // An empty list says "no key" outright (left out, it would mean the document's default).
    expect(operation('/health').security).toEqual([]);
    expect(operation('/metrics').security).toEqual([]);
    expect(operation('/v1/review-queue')['x-required-scope']).toBe('admin');
  });

  it('types every /v1 answer and request body, and declares a 2xx for each operation', () => {
    expect(untypedOperations(sut)).toEqual([]);
  });

  it('passes `redocly lint` with the recommended rules, without an error', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'fl-openapi-'));
    try {
      const file = join(dir, 'openapi.json');
      await writeFile(file, JSON.stringify(sut));
      const { errors, warnings } = await redoclyLint(file);
      // Warnings are advice (e.g. an operation without a 4xx); errors break client generators.
      expect({ errors, warnings: warnings.length }).toEqual({ errors: [], warnings: warnings.length });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('serves the Swagger UI at /docs', async () => {
    const response = await fetch(`${api.url}/docs`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/html/);
    const html = await response.text();
    expect(html).toContain('swagger-ui');
    // The page's own scripts load from where the browser resolves them.
    const script = /<script src="([^"]*swagger-ui-bundle\.js)"/.exec(html)?.[1];
    expect(script).toBeDefined();
    expect((await fetch(new URL(script!, response.url))).status).toBe(200);
  });
});

type Schema = { $ref?: string; type?: string; items?: Schema; properties?: Record<string, unknown>; additionalProperties?: unknown; allOf?: Schema[]; oneOf?: Schema[]; anyOf?: Schema[] };

// The document `npm start` serves: the API's operations and the ingest service's HTTP ingest.
describe('GET /docs/openapi.json of the all-in-one service', () => {
  let database: TestDatabase;
  let service: RunningService;
  let sut: OpenApiDocument;

  beforeAll(async () => {
    database = await freshDatabase();
    // No Kafka and no encoder: the document is what is asked for, not the pipeline.
    service = await startService(allInOneService, { PORT: '0', LOG_LEVEL: 'warn', DATABASE_URL: database.url, KAFKA_BROKERS: '', CLASSIFIER_ENCODER: 'none', FRICTIONLENS_DEMO: 'false', CUSTOMER_HASH_KEY: 'openapi-test-key-0123456789' });
    const response = await fetch(`${service.url}/docs/openapi.json`);
    expect(response.status).toBe(200);
    sut = (await response.json()) as OpenApiDocument;
  });

  afterAll(async () => {
    await service?.close();
    await database.drop();
  });

  it('types the HTTP ingest answer and body too, and passes `redocly lint` without an error', async () => {
    expect(sut.paths['/v1/contacts/{kind}']?.post?.responses['200']?.content).toBeDefined();
    expect(untypedOperations(sut)).toEqual([]);
    const dir = await mkdtemp(join(tmpdir(), 'fl-openapi-'));
    try {
      const file = join(dir, 'openapi.json');
      await writeFile(file, JSON.stringify(sut));
      expect((await redoclyLint(file)).errors).toEqual([]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

/**
 * The operations whose 2xx answer or request body has no typed JSON schema (a bare object, `{}`),
 * or that declare no 2xx at all: the same judgement as ../shared/acceptance/architecture.
 */
function untypedOperations(document: OpenApiDocument): string[] {
  const root = document as unknown as Record<string, unknown>;
  const deref = (schema: Schema | undefined): Schema | undefined => {
    for (let n = 0; schema?.$ref && n < 20; n++) schema = schema.$ref.split('/').slice(1).reduce<any>((o, k) => o?.[k], root);
    return schema;
  };
  const typed = (raw: Schema | undefined): boolean => {
    const schema = deref(raw);
    if (!schema) return false;
    const parts = schema.allOf ?? schema.oneOf ?? schema.anyOf;
    if (parts) return parts.every(typed);
    if (schema.type === 'array') return typed(schema.items);
    if (schema.type === 'object' || !schema.type) {
      const extra = schema.additionalProperties;
      return Object.keys(schema.properties ?? {}).length > 0 || (typeof extra === 'object' && extra !== null && typed(extra as Schema));
    }
    return true;
  };
  const bad: string[] = [];
  for (const [path, operations] of Object.entries(document.paths)) {
    if (!path.startsWith('/v1')) continue;
    for (const [verb, op] of Object.entries(operations) as Array<[string, Operation & { requestBody?: { content?: Record<string, { schema?: Schema }> } }]>) {
      if (!['get', 'post', 'put', 'patch', 'delete'].includes(verb)) continue;
      const name = `${verb.toUpperCase()} ${path}`;
      const ok = Object.entries(op.responses).filter(([code]) => code.startsWith('2'));
      if (!ok.length) bad.push(`${name} (no 2xx)`);
      for (const [code, response] of ok) {
        const json = response.content?.['application/json'] as { schema?: Schema } | undefined;
        if (code !== '204' && !typed(json?.schema)) bad.push(`${name} ${code}`);
      }
      if (op.requestBody) {
        const content = op.requestBody.content ?? {};
        const body = content['application/json'] ?? Object.values(content)[0];
        if (!typed(body?.schema)) bad.push(`${name} body`);
      }
    }
  }
  return bad;
}

interface LintProblem {
  ruleId: string;
  severity: 'error' | 'warn';
  message: string;
  location: Array<{ pointer: string }>;
}

/** `redocly lint` with the recommended rules on a document file: its errors (rule, where, what) and warnings. */
async function redoclyLint(file: string): Promise<{ errors: string[]; warnings: string[] }> {
  const cli = join(process.cwd(), 'node_modules/@redocly/cli/bin/cli.js');
  // redocly exits 1 when it finds an error; its JSON report is on stdout either way.
  const { stdout } = await promisify(execFile)(process.execPath, [cli, 'lint', file, '--extends=recommended', '--format=json'], {
    env: { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true', NO_COLOR: '1' },
    maxBuffer: 64 * 1024 * 1024,
  }).catch((error: Error & { stdout?: string; stderr?: string }) => {
    if (!error.stdout) throw new Error(`redocly lint did not run: ${error.stderr || error.message}`);
    return { stdout: error.stdout };
  });
  const { problems } = JSON.parse(stdout) as { problems: LintProblem[] };
  const said = (p: LintProblem) => `${p.ruleId} at ${p.location[0]?.pointer ?? '?'}: ${p.message}`;
  return { errors: problems.filter((p) => p.severity === 'error').map(said), warnings: problems.filter((p) => p.severity === 'warn').map(said) };
}
