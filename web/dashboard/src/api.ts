// The public /v1 API, as any BI tool reads it: every request carries the API key as x-api-key.
// The shapes of its answers and bodies are the API's own zod contracts: the views import their
// types from @frictionlens/contracts (libs/contracts), so the dashboard cannot drift from the API.

export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

let apiKey: string | null = null;
let onUnauthorised: (error: ApiError) => void = () => undefined;

export function useApiKey(key: string | null): void {
  apiKey = key;
}

export function whenUnauthorised(handler: (error: ApiError) => void): void {
  onUnauthorised = handler;
}

/** GET, POST, PUT or DELETE a /v1 path; a failed request throws an ApiError carrying the API's own message. */
export async function api<T>(path: string, init: { method?: 'GET' | 'POST' | 'PUT' | 'DELETE'; body?: unknown } = {}): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (apiKey) headers['x-api-key'] = apiKey;
  if (init.body !== undefined) headers['content-type'] = 'application/json';
  let response: Response;
  try {
    response = await fetch(path, { method: init.method ?? 'GET', headers, body: init.body === undefined ? undefined : JSON.stringify(init.body) });
  } catch (error) {
    throw new ApiError(0, `the API did not answer (${error instanceof Error ? error.message : String(error)})`);
  }
  if (!response.ok) {
    const error = new ApiError(response.status, `${response.status} ${response.statusText}: ${await messageOf(response)}`);
    if (response.status === 401) onUnauthorised(error);
    throw error;
  }
  // 204 No Content (a DELETE) has no body to read.
  return (response.status === 204 ? undefined : await response.json()) as T;
}

async function messageOf(response: Response): Promise<string> {
  const text = await response.text();
  try {
    const body = JSON.parse(text) as { message?: string | string[] };
    if (Array.isArray(body.message)) return body.message.join('; ');
    if (body.message) return body.message;
  } catch {
    // not JSON: show what came
  }
  return text.slice(0, 300) || 'no message';
}

export function query(params: Record<string, string | number | undefined | null>): string {
  const search = new URLSearchParams();
  for (const [name, value] of Object.entries(params)) if (value !== undefined && value !== null && value !== '') search.set(name, String(value));
  const text = search.toString();
  return text ? `?${text}` : '';
}
