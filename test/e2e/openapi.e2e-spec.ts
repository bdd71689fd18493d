import { PATH_METADATA } from '@nestjs/common/constants.js';
import { startService, type RunningService } from '@frictionlens/platform';
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
    const contacts = operation('/v1/contacts').responses['200']!.content!['application/json'] as { schema: { properties: { rows: { items: { properties: Record<string, unknown> } } } } };
    expect(Object.keys(contacts.schema.properties.rows.items.properties)).toEqual(
      expect.arrayContaining(['contactId', 'occurredAt', 'text', 'category', 'demandType', 'confidence', 'top', 'explanation', 'labelled', 'modelVersion']),
    );
  });

  it('marks the routes that need no key as open, and the admin ones as admin', () => {
    expect(operation('/health').security).toBeUndefined();
    expect(operation('/v1/review-queue')['x-required-scope']).toBe('admin');
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
