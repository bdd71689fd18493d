import { isIPv6 } from 'node:net';
import type { RateLimitWindows } from '../http/throttle-windows.js';

export const FAILED_AUTH_LIMIT = Symbol('FAILED_AUTH_LIMIT');

/** The parts of Express's request that say who sent it. */
export interface AddressedRequest {
  ip?: string;
  socket?: { remoteAddress?: string };
}

/**
 * Failed authentications (a 401 from the API-key guard: no key, a malformed one, an unknown key
 * id, a wrong secret or a revoked key) per client address a minute. Once an address has spent its
 * budget, keyed routes answer it 429 before its key is even looked at, so made-up keys cannot buy
 * a fresh rate-limit budget each (every well-formed key has a bucket of its own).
 */
export class FailedAuthLimit {
  constructor(private readonly windows: RateLimitWindows) {}

  get limit(): number {
    return this.windows.limit;
  }

  /** The seconds until this address may try again; undefined while it may. */
  lockedFor(request: AddressedRequest): number | undefined {
    return this.windows.exhausted(trackerOf(request));
  }

  recordFailure(request: AddressedRequest): void {
    this.windows.hit(trackerOf(request));
  }
}

const trackerOf = (request: AddressedRequest) => `failed-auth:${addressBlock(clientAddress(request))}`;

/**
 * The client's address as Express sees it: `req.ip`, which follows the app's `trust proxy`
 * setting. FrictionLens sets none, so that is the socket's peer: an X-Forwarded-For header is
 * not believed (anyone could send one).
 */
export function clientAddress(request: AddressedRequest): string {
  return request.ip ?? request.socket?.remoteAddress ?? 'unknown';
}

/**
 * The unit one client is counted in: an IPv4 address, or an IPv6 /64 (one host usually holds a
 * whole /64, so counting single IPv6 addresses would give it 2^64 budgets).
 */
export function addressBlock(address: string): string {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped) return mapped[1]!;
  if (!isIPv6(address)) return address;
  const [head = '', tail = ''] = address.split('%')[0]!.split('::');
  const left = head ? head.split(':') : [];
  const right = address.includes('::') ? (tail ? tail.split(':') : []) : [];
  const groups = address.includes('::') ? [...left, ...Array<string>(8 - left.length - right.length).fill('0'), ...right] : left;
  return `${groups
    .slice(0, 4)
    .map((g) => Number.parseInt(g, 16).toString(16))
    .join(':')}::/64`;
}
