import { z } from 'zod';

/**
 * Requests to a running API as the e2e tests make them: `send` with an admin key (any method, JSON
 * body, the status and parsed body back), `json` with a read key (a GET that must answer 200).
 * The keys are read when a request is made, so they may be created after the client.
 */
export function apiClient(baseUrl: () => string, keys: { admin: () => string; read: () => string }) {
  // Plain functions, not methods: the specs destructure them.
  async function json<T>(path: string): Promise<T> {
    const response = await fetch(`${baseUrl()}${path}`, { headers: { 'x-api-key': keys.read() } });
    expect({ path, status: response.status }).toEqual({ path, status: 200 });
    return (await response.json()) as T;
  }
  return {
    async send(method: string, path: string, body?: unknown): Promise<{ status: number; body: unknown }> {
      const response = await fetch(`${baseUrl()}${path}`, {
        method,
        headers: { 'x-api-key': keys.admin(), 'content-type': 'application/json' },
        ...(body !== undefined && { body: JSON.stringify(body) }),
      });
      const text = await response.text();
      return { status: response.status, body: text ? JSON.parse(text) : undefined };
    },
    json,
    /** A GET that must answer 200 with what its contract (a zod schema of libs/contracts) says. */
    async answer<S extends z.ZodType>(schema: S, path: string): Promise<z.infer<S>> {
      return parsedAnswer(schema, await json<unknown>(path), `GET ${path}`);
    },
  };
}

/**
 * An API answer parsed with its contract (libs/contracts): a field the server sends that the
 * contract does not name, a field it lacks or one of another type fails the test and says which,
 * so the OpenAPI document, the dashboard's types and the server cannot drift apart unseen.
 */
export function parsedAnswer<S extends z.ZodType>(schema: S, body: unknown, what: string): z.infer<S> {
  const result = schema.safeParse(body);
  if (!result.success) throw new Error(`${what}: the answer does not match its contract\n${z.prettifyError(result.error)}`);
  return result.data;
}
