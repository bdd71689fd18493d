/**
 * Requests to a running API as the e2e tests make them: `send` with an admin key (any method, JSON
 * body, the status and parsed body back), `json` with a read key (a GET that must answer 200).
 * The keys are read when a request is made, so they may be created after the client.
 */
export function apiClient(baseUrl: () => string, keys: { admin: () => string; read: () => string }) {
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
    async json<T>(path: string): Promise<T> {
      const response = await fetch(`${baseUrl()}${path}`, { headers: { 'x-api-key': keys.read() } });
      expect({ path, status: response.status }).toEqual({ path, status: 200 });
      return (await response.json()) as T;
    },
  };
}
