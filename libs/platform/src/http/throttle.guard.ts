import { createHash } from 'node:crypto';
import { HttpException, HttpStatus, Inject, Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { parseApiKey } from '@frictionlens/domain';
import { presentedToken } from '../auth/api-key.guard.js';
import { FAILED_AUTH_LIMIT, type AddressedRequest, type FailedAuthLimit } from '../auth/failed-auth-limit.js';
import { REQUIRED_SCOPE } from '../auth/required-scope.js';
import { HealthController } from '../health/health.controller.js';
import { MetricsController } from '../metrics/metrics.controller.js';
import type { RateLimitWindows } from './throttle-windows.js';

export const RATE_LIMIT_WINDOWS = Symbol('RATE_LIMIT_WINDOWS');

// Probes and Prometheus scrapes must keep answering however busy a client is.
const UNLIMITED: ReadonlySet<unknown> = new Set([HealthController, MetricsController]);

type Headers = Record<string, string | string[] | undefined>;
// The parts of Express's request and response this needs (the project does not depend on @types/express).
interface HttpRequest extends AddressedRequest {
  headers: Headers;
}
interface HttpResponse {
  setHeader(name: string, value: string): void;
}

/**
 * Whose budget a request spends: its API key's (a hash of the whole key, so a wrong secret
 * spends nothing of the real key's budget), else its client address's.
 */
export function rateLimitTracker(headers: Headers, ip: string | undefined): string {
  const token = presentedToken(headers);
  if (token && parseApiKey(token)) return `key:${createHash('sha256').update(token).digest('base64url')}`;
  return `ip:${ip ?? 'unknown'}`;
}

/**
 * Limits requests per API key (per client address without one) over all routes together, and
 * answers 429 with Retry-After and a JSON body saying when to come back. As a global guard it
 * runs before the API-key guard, so a flood never reaches the key look-up. A client address that
 * has failed to authenticate the limit's worth of times this minute gets 429 on every route that
 * needs a key, whichever key it sends, until its window ends.
 */
@Injectable()
export class ApiRateLimitGuard implements CanActivate {
  constructor(
    @Inject(RATE_LIMIT_WINDOWS) private readonly windows: RateLimitWindows,
    @Inject(FAILED_AUTH_LIMIT) private readonly failedAuth: FailedAuthLimit,
    private readonly reflector: Reflector,
  ) {}

  canActivate(context: ExecutionContext): boolean {
    if (context.getType() !== 'http' || UNLIMITED.has(context.getClass())) return true;
    const request = context.switchToHttp().getRequest<HttpRequest>();
    const response = context.switchToHttp().getResponse<HttpResponse>();
    const keyed = this.reflector.getAllAndOverride<unknown>(REQUIRED_SCOPE, [context.getHandler(), context.getClass()]) !== undefined;
    const lockedFor = keyed ? this.failedAuth.lockedFor(request) : undefined;
    if (lockedFor !== undefined) {
      throw tooManyRequests(response, lockedFor, `too many failed authentications from this address: at most ${this.failedAuth.limit} a minute; retry after ${lockedFor} s`);
    }
    const verdict = this.windows.hit(rateLimitTracker(request.headers, request.ip));
    response.setHeader('X-RateLimit-Limit', String(this.windows.limit));
    if (verdict.allowed) {
      response.setHeader('X-RateLimit-Remaining', String(verdict.remaining));
      response.setHeader('X-RateLimit-Reset', String(verdict.resetSeconds));
      return true;
    }
    response.setHeader('X-RateLimit-Remaining', '0');
    throw tooManyRequests(response, verdict.retryAfterSeconds, `rate limit reached: at most ${this.windows.limit} requests a minute per API key; retry after ${verdict.retryAfterSeconds} s`);
  }
}

function tooManyRequests(response: HttpResponse, retryAfterSeconds: number, message: string): HttpException {
  response.setHeader('Retry-After', String(retryAfterSeconds));
  return new HttpException({ statusCode: HttpStatus.TOO_MANY_REQUESTS, error: 'Too Many Requests', message, retryAfterSeconds }, HttpStatus.TOO_MANY_REQUESTS);
}
