/** Which contacts a discovery run looks at; absent fields do not narrow. */
export interface DiscoveryScopeFields {
  from?: string;
  to?: string;
  kind?: string;
  channel?: string;
  category?: string;
}

const FIELDS = ['from', 'to', 'kind', 'channel', 'category'] as const;

/** One string per scope, the same whatever the order or absent fields: `all` for no filter. */
export function discoveryScopeKey(scope: DiscoveryScopeFields): string {
  const parts = FIELDS.filter((f) => scope[f] !== undefined && scope[f] !== null).map((f) => `${f}=${scope[f]}`);
  return parts.length === 0 ? 'all' : parts.join('&');
}
