/**
 * When the dashboard may hand its embedded-mode API key to a page: only to a browser on the same
 * machine, talking to this process directly. Plain TypeScript so the rule is tested on its own.
 *
 * - The TCP peer must be a loopback address: the socket's own address, never a header a client
 *   could write (X-Forwarded-For is ignored for this decision).
 * - The request must carry no forwarding header: a reverse proxy on the same machine connects from
 *   loopback too, but speaks for a client somewhere else.
 * - The Host header must name a loopback host: a web page whose own domain has been re-pointed at
 *   127.0.0.1 (DNS rebinding) is same-origin with its domain, not with 127.0.0.1, and sends that
 *   domain as Host.
 */
export interface KeyRequest {
  /** `req.socket.remoteAddress`: the peer of the TCP connection. */
  remoteAddress: string | undefined;
  headers: Record<string, string | string[] | undefined>;
}

export type KeyDecision = { allowed: true } | { allowed: false; reason: string };

const FORWARDING_HEADERS = ['forwarded', 'x-forwarded-for', 'x-forwarded-host', 'x-real-ip', 'via'];

export function isLoopbackAddress(address: string | undefined): boolean {
  if (!address) return false;
  const ip = address.startsWith('::ffff:') ? address.slice('::ffff:'.length) : address;
  return ip === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(ip);
}

/** `localhost`, `127.x.y.z` or `[::1]`, with or without a port. */
export function isLoopbackHost(host: string | undefined): boolean {
  if (!host) return false;
  const name = host.trim().toLowerCase();
  const withoutPort = name.startsWith('[') ? name.slice(0, name.indexOf(']') + 1) : name.replace(/:\d+$/, '');
  return withoutPort === 'localhost' || withoutPort === '[::1]' || isLoopbackAddress(withoutPort);
}

export function mayReceiveEmbeddedKey(request: KeyRequest): KeyDecision {
  if (!isLoopbackAddress(request.remoteAddress)) return { allowed: false, reason: 'the request does not come from this machine (loopback)' };
  const forwarded = FORWARDING_HEADERS.find((name) => request.headers[name] !== undefined);
  if (forwarded) return { allowed: false, reason: `the request came through a proxy (${forwarded} header)` };
  const host = request.headers.host;
  if (!isLoopbackHost(typeof host === 'string' ? host : undefined)) return { allowed: false, reason: 'the page was not opened at a loopback address (127.0.0.1, localhost or [::1])' };
  return { allowed: true };
}
