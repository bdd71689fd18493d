import { applyDecorators, type INestApplication, type Type } from '@nestjs/common';
import { ModulesContainer, Reflector } from '@nestjs/core';
import { ApiBadRequestResponse, ApiBody, ApiParam, ApiQuery, ApiResponse, DocumentBuilder, SwaggerModule, type OpenAPIObject, type OperationObject, type SchemaObject } from '@nestjs/swagger';
import { z } from 'zod';
import { apiAnswerName, apiAnswerSchemas } from '@frictionlens/contracts';
import { REQUIRED_SCOPE } from '../auth/required-scope.js';

/** Where the Swagger UI is served; the document itself is at `/docs/openapi.json`. */
export const OPENAPI_UI_PATH = 'docs';
export const OPENAPI_DOCUMENT_PATH = `${OPENAPI_UI_PATH}/openapi.json`;
const API_KEY_SCHEME = 'apiKey';
const BEARER_SCHEME = 'bearer';

const operationIdOf = (controller: string, method: string) => `${controller}_${method}`;

/**
 * Serves the OpenAPI document of every route the app has and the Swagger UI beside it. Which
 * routes need a key, and which scope, comes from `@RequiresApiKey` itself, so the document
 * cannot drift from what the guard enforces.
 */
export function setupOpenApi(app: INestApplication, options: { rateLimitPerMinute: number }): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle('FrictionLens API')
    .setDescription(
      'Failure-demand analytics: taxonomy, value streams, review, metrics and the contacts behind them. ' +
        'Send an API key as `x-api-key: <key>` or `Authorization: Bearer <key>` (create one with `npm run api-key -- create`).',
    )
    .setVersion('v1')
    .setLicense('Apache-2.0', 'https://www.apache.org/licenses/LICENSE-2.0')
    // Self-hosted: the instance that serves the document is the server.
    .addServer('/', 'This FrictionLens instance')
    .addApiKey({ type: 'apiKey', in: 'header', name: 'x-api-key', description: 'An API key: `fl_<id>_<secret>`.' }, API_KEY_SCHEME)
    .addBearerAuth({ type: 'http', scheme: 'bearer', description: 'The same API key as a bearer token.' }, BEARER_SCHEME)
    .build();
  const document = SwaggerModule.createDocument(app, config, { operationIdFactory: operationIdOf });
  document.components = { ...document.components, schemas: { ...document.components?.schemas, ...answerComponents() } };
  markSecuredOperations(document, requiredScopes(app), options.rateLimitPerMinute);
  SwaggerModule.setup(OPENAPI_UI_PATH, app, document, { jsonDocumentUrl: OPENAPI_DOCUMENT_PATH, raw: ['json'], customSiteTitle: 'FrictionLens API' });
  return document;
}

/** The scope each controller method needs, by operation id (absent: no key needed). */
function requiredScopes(app: INestApplication): Map<string, string> {
  const reflector = new Reflector();
  const scopes = new Map<string, string>();
  for (const module of app.get(ModulesContainer).values()) {
    for (const { metatype } of module.controllers.values()) {
      if (!metatype) continue;
      const controller = metatype as Type;
      const prototype = controller.prototype as Record<string, unknown>;
      for (const method of Object.getOwnPropertyNames(prototype)) {
        const handler = prototype[method];
        if (method === 'constructor' || typeof handler !== 'function') continue;
        const scope = reflector.getAllAndOverride<string | undefined>(REQUIRED_SCOPE, [handler, controller]);
        if (scope) scopes.set(operationIdOf(controller.name, method), scope);
      }
    }
  }
  return scopes;
}

function markSecuredOperations(document: OpenAPIObject, scopes: Map<string, string>, rateLimitPerMinute: number): void {
  for (const path of Object.values(document.paths)) {
    for (const operation of Object.values(path) as OperationObject[]) {
      const scope = operation?.operationId ? scopes.get(operation.operationId) : undefined;
      if (!scope) {
        // Said, not left out: an operation without `security` could mean "as the document's default".
        if (operation) operation.security = [];
        continue;
      }
      operation.security = [{ [API_KEY_SCHEME]: [] }, { [BEARER_SCHEME]: [] }];
      Object.assign(operation, { 'x-required-scope': scope });
      operation.description = [operation.description, `Needs an API key with the \`${scope}\` scope (or \`admin\`).`].filter(Boolean).join('\n\n');
      operation.responses['401'] ??= { description: 'No API key, or one that is not valid or was revoked.' };
      operation.responses['403'] ??= { description: `The API key lacks the \`${scope}\` scope.` };
      if (rateLimitPerMinute > 0) {
        operation.responses['429'] ??= {
          description: `More than ${rateLimitPerMinute} requests a minute with this key, or ${rateLimitPerMinute} failed authentications a minute from this address (whatever key is sent); the Retry-After header says when to come back.`,
        };
      }
    }
  }
}

const COMPONENT_SCHEMAS = '#/components/schemas/';

/**
 * The answer schemas of libs/contracts as OpenAPI components, each under its export name; a
 * schema inside another is a `$ref` to its own component.
 */
function answerComponents(): Record<string, SchemaObject> {
  const { schemas } = z.toJSONSchema(apiAnswerSchemas, { io: 'output', target: 'openapi-3.0', unrepresentable: 'any', uri: (id) => `${COMPONENT_SCHEMAS}${id}`, override: quietFormats });
  return Object.fromEntries(Object.entries(schemas).map(([name, { $id: _id, ...schema }]) => [name, typedNullables(schema) as SchemaObject]));
}

/**
 * OpenAPI 3.0 lets `nullable` stand only beside a `type`; zod writes a nullable reference as a
 * `$ref` (or `allOf`) with `nullable` and no type. Each becomes `{ type: 'object', nullable, allOf: [ref] }`.
 */
function typedNullables(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(typedNullables);
  if (typeof node !== 'object' || node === null) return node;
  const fixed = Object.fromEntries(Object.entries(node).map(([key, value]) => [key, typedNullables(value)])) as Record<string, unknown>;
  if (fixed.nullable !== true || fixed.type !== undefined) return fixed;
  const { $ref, nullable, ...rest } = fixed;
  return $ref === undefined ? { type: 'object', nullable, ...rest } : { type: 'object', nullable, ...rest, allOf: [{ $ref }] };
}

// A date or date-time says what it is by its format; zod's long regex only adds noise to the UI.
function quietFormats(ctx: { jsonSchema: Record<string, unknown> }): void {
  if (ctx.jsonSchema.format === 'date' || ctx.jsonSchema.format === 'date-time' || ctx.jsonSchema.format === 'uuid') delete ctx.jsonSchema.pattern;
}

/** A `$ref` to an answer schema of libs/contracts, or the schema itself when it is not one of them. */
function answerSchemaOf(schema: z.ZodType, io: 'input' | 'output' = 'output'): SchemaObject {
  const name = apiAnswerName(schema);
  return name ? ({ $ref: `${COMPONENT_SCHEMAS}${name}` } as SchemaObject) : openApiSchemaOf(schema, io);
}

/**
 * OpenAPI 3.0 JSON Schema of a zod schema: its input (what a caller sends) or its output (what
 * a handler returns). Comma-separated lists (`channel=email,phone`) come out as the arrays they
 * parse into.
 */
export function openApiSchemaOf(schema: z.ZodType, io: 'input' | 'output' = 'output'): SchemaObject {
  return nullablesInBranches(z.toJSONSchema(schema, { io, target: 'openapi-3.0', unrepresentable: 'any', override: listsAsArrays })) as SchemaObject;
}

/**
 * OpenAPI 3.0 lets `nullable` stand only beside a `type`. zod writes a nullable choice (`string or
 * integer, or null`: an id a caller may send either way) as `{ anyOf: [...], nullable: true }`;
 * the null goes into each branch instead. A nullable with neither type nor branches already allows
 * null (it allows anything) and is dropped.
 */
function nullablesInBranches(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(nullablesInBranches);
  if (typeof node !== 'object' || node === null) return node;
  const fixed = Object.fromEntries(Object.entries(node).map(([key, value]) => [key, nullablesInBranches(value)])) as Record<string, unknown>;
  if (fixed.nullable !== true || fixed.type !== undefined || fixed.$ref !== undefined) return fixed;
  const { nullable: _nullable, ...rest } = fixed;
  for (const choice of ['anyOf', 'oneOf'] as const) {
    const branches = rest[choice];
    if (Array.isArray(branches)) rest[choice] = branches.map((branch: Record<string, unknown>) => (branch.type !== undefined ? { ...branch, nullable: true } : branch));
  }
  return rest;
}

function listsAsArrays(ctx: { zodSchema: unknown; jsonSchema: Record<string, unknown> }): void {
  const schema = ctx.zodSchema;
  if (!(schema instanceof z.ZodPipe) || !(schema._zod.def.out instanceof z.ZodArray)) return;
  const array = z.toJSONSchema(schema._zod.def.out, { io: 'output', target: 'openapi-3.0' }) as Record<string, unknown>;
  for (const key of Object.keys(ctx.jsonSchema)) delete ctx.jsonSchema[key];
  Object.assign(ctx.jsonSchema, array);
}

interface QueryParameter {
  name: string;
  required: boolean;
  description: string;
  schema: SchemaObject;
  style?: 'form';
  explode?: boolean;
}

/** One query parameter per field of a (zod) query schema, with its type, limits, enum values and description. */
export function queryParametersOf(schema: z.ZodType): QueryParameter[] {
  const object = flattened(openApiSchemaOf(schema, 'input'));
  const required = new Set(object.required ?? []);
  return Object.entries(object.properties ?? {}).map(([name, property]) => {
    const { description, ...rest } = property as SchemaObject;
    // The format says it; zod's date regex only adds noise to the UI.
    const typed: SchemaObject = rest.format === 'date' ? { ...rest, pattern: undefined } : rest;
    const parameter: QueryParameter = { name, required: required.has(name), description: describe(typed, description), schema: withoutUndefined(typed) };
    // A comma-separated list: `channel=email,phone`.
    return typed.type === 'array' ? { ...parameter, style: 'form', explode: false } : parameter;
  });
}

function flattened(schema: SchemaObject): SchemaObject {
  if (!schema.allOf) return schema;
  const parts = (schema.allOf as SchemaObject[]).map(flattened);
  return {
    type: 'object',
    properties: Object.fromEntries(parts.flatMap((p) => Object.entries(p.properties ?? {}))),
    required: parts.flatMap((p) => p.required ?? []),
  };
}

// What the UI shows beside a parameter: the schema's own words, else what its type says.
function describe(schema: SchemaObject, own: string | undefined): string {
  const items = schema.items as SchemaObject | undefined;
  const words = [
    own ?? fallbackDescription(schema),
    schema.type === 'array' ? `A comma-separated list${items?.enum ? ` of ${items.enum.join(', ')}` : ''}.` : undefined,
    schema.default !== undefined ? `Default: ${String(schema.default)}.` : undefined,
  ];
  return words.filter(Boolean).join(' ');
}

function fallbackDescription(schema: SchemaObject): string | undefined {
  if (schema.enum) return `One of ${schema.enum.join(', ')}.`;
  if (schema.format === 'date') return 'A UTC date, YYYY-MM-DD.';
  if (schema.type === 'integer' || schema.type === 'number') {
    const kind = schema.type === 'integer' ? 'A whole number' : 'A number';
    const low = schema.minimum === undefined ? '' : ` ${schema.exclusiveMinimum ? 'above' : 'from'} ${schema.minimum}`;
    const high = schema.maximum === undefined ? '' : ` ${schema.exclusiveMaximum ? 'below' : 'up to'} ${schema.maximum}`;
    return `${kind}${low}${high}.`;
  }
  return undefined;
}

function withoutUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

/** Documents a handler's query parameters from the zod schema its ZodPipe parses them with, and the 400 a bad one gets. */
export function ApiQueryFrom(schema: z.ZodType): MethodDecorator {
  return applyDecorators(
    ...queryParametersOf(schema).map((parameter) => ApiQuery(parameter)),
    ApiBadRequestResponse({ description: 'A parameter is not valid; `problems` names each: `[{ "field": "interval", "problem": "must be day, week or month" }]`.' }),
  );
}

/** Documents a path parameter from the zod schema its ZodPipe parses it with. */
export function ApiParamFrom(name: string, schema: z.ZodType, description: string): MethodDecorator {
  return ApiParam({ name, required: true, description, schema: openApiSchemaOf(schema, 'input') });
}

/**
 * A decorator of a handler that must answer `T`, at once or as a promise: the compiler refuses it on
 * a handler whose declared return type is something else, so the document cannot part from the code.
 */
export type AnswerDecorator<T> = (target: object, key: string | symbol, handler: { value?: (...args: never[]) => T | Promise<T> }) => void;

/**
 * Documents a handler's JSON answer with the zod schema of libs/contracts its return type is
 * inferred from (200 unless `status` says otherwise). `io: 'input'`: the answer is a document in
 * the form an import takes (an export).
 */
export function ApiAnswer<S extends z.ZodType, IO extends 'input' | 'output' = 'output'>(
  schema: S,
  options: { status?: number; description?: string; io?: IO } = {},
): AnswerDecorator<IO extends 'input' ? z.input<S> : z.output<S>> {
  const status = options.status ?? 200;
  const description = options.description ?? (status === 201 ? 'Created.' : status === 202 ? 'Accepted.' : 'OK.');
  return asAnswerDecorator(ApiResponse({ status, description, content: { 'application/json': { schema: answerSchemaOf(schema, options.io) } } }));
}

/**
 * A 200 answered as JSON (`schema`), or as its `rows` in CSV with `?format=csv` or `Accept: text/csv`
 * (see CsvResponseInterceptor). `addedByInterceptor` names the fields an interceptor adds to what
 * the handler returns (the metrics' `reflects`): the handler answers the rest.
 */
export function ApiRowsResponse<S extends z.ZodType, const Added extends string = never>(
  description: string,
  schema: S,
  _options: { addedByInterceptor?: readonly Added[] } = {},
): AnswerDecorator<Omit<z.output<S>, Added>> {
  return asAnswerDecorator(
    ApiResponse({
      status: 200,
      description,
      content: {
        'application/json': { schema: answerSchemaOf(schema) },
        'text/csv': { schema: { type: 'string', description: 'The `rows`, one per line, under a header of the JSON field names; UTF-8 with a byte-order mark.' } },
      },
    }),
  );
}

function asAnswerDecorator<T>(decorator: MethodDecorator): AnswerDecorator<T> {
  return (target, key, handler) => decorator(target, key, handler as TypedPropertyDescriptor<unknown>);
}

/** Documents a JSON request body from the zod schema its ZodPipe parses it with (what a caller may send). */
export function ApiBodyFrom(schema: z.ZodType): MethodDecorator {
  return ApiBody({ schema: openApiSchemaOf(schema, 'input') });
}
