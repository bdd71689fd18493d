/** The parts of Express's request that say what was asked for. */
export interface RoutedRequest {
  originalUrl?: string;
  url?: string;
  /** Set by Express's router once a route matched: its pattern, e.g. `/v1/customers/:customerId/contacts`. */
  route?: { path?: unknown };
}

export const REDACTED = '[REDACTED]';
const CATCH_ALL = /^\{?\/?\*/;

/**
 * A request's URL as the logs may show it, without the personal data paths and query strings
 * carry (`/v1/customers/jane.doe%40example.com/contacts`, `?customerId=…`): the matched route's
 * pattern with its parameters named, not valued; for a request no route matched (a 404, a static
 * file, Nest's not-found catch-all) its first path segment and a [REDACTED] for each further one; then the query's parameter
 * names only.
 */
export function loggedUrl(request: RoutedRequest): string {
  const url = request.originalUrl ?? request.url ?? '';
  const queryAt = url.indexOf('?');
  const path = queryAt === -1 ? url : url.slice(0, queryAt);
  const route = request.route?.path;
  // A catch-all at the root (Nest's not-found route, `{/*splat}`) says nothing: treated as no route.
  const pattern = typeof route === 'string' && !CATCH_ALL.test(route) ? route : redactedPath(path);
  if (queryAt === -1) return pattern;
  const names = [...new Set([...new URLSearchParams(url.slice(queryAt + 1)).keys()])].map((name) => (/^[\w.[\]-]{1,64}$/.test(name) ? name : REDACTED));
  return names.length ? `${pattern}?${names.join('&')}` : pattern;
}

function redactedPath(path: string): string {
  const [first, ...rest] = path.split('/').filter(Boolean);
  if (first === undefined) return '/';
  const kept = /^[\w.-]{1,64}$/.test(first) ? first : REDACTED;
  return `/${[kept, ...rest.map(() => REDACTED)].join('/')}`;
}
