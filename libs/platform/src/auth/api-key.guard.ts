import { ForbiddenException, Inject, Injectable, Optional, UnauthorizedException, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { parseApiKey, scopesAllow, secretMatches, type ApiKeyScope } from '@frictionlens/domain';
import { FAILED_AUTH_LIMIT, type AddressedRequest, type FailedAuthLimit } from './failed-auth-limit.js';
import { KnownApiKeys } from './known-api-keys.js';
import { REQUIRED_SCOPE } from './required-scope.js';

interface KeyedRequest extends AddressedRequest {
  headers: Record<string, string | string[] | undefined>;
  apiKeyId?: string;
}

/**
 * 401 without a valid key, 403 with a valid key that lacks the route's scope. Each 401 counts
 * against the client address's failed-authentication budget (see FailedAuthLimit), absent when
 * the rate limit is off.
 */
@Injectable()
export class ApiKeyGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly keys: KnownApiKeys,
    @Optional() @Inject(FAILED_AUTH_LIMIT) private readonly failedAuth?: FailedAuthLimit,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const required = this.reflector.getAllAndOverride<ApiKeyScope>(REQUIRED_SCOPE, [context.getHandler(), context.getClass()]);
    if (!required) return true;
    const request = context.switchToHttp().getRequest<KeyedRequest>();
    const token = presentedToken(request.headers);
    if (!token) throw this.unauthorised(request, 'an API key is required: send it in the x-api-key header (create one with npm run api-key -- create)');
    const parsed = parseApiKey(token);
    const stored = parsed ? await this.keys.findActive(parsed.id) : undefined;
    if (!parsed || !stored || !secretMatches(parsed.secret, stored.secretHash)) throw this.unauthorised(request, 'the API key is not valid, or it was revoked');
    if (!scopesAllow(stored.scopes, required)) throw new ForbiddenException(`this API key lacks the ${required} scope`);
    request.apiKeyId = parsed.id;
    await this.keys.markUsed(parsed.id);
    return true;
  }

  private unauthorised(request: KeyedRequest, message: string): UnauthorizedException {
    this.failedAuth?.recordFailure(request);
    return new UnauthorizedException(message);
  }
}

/** The API key a request presents: its `x-api-key` header, else an `Authorization: Bearer` token. */
export function presentedToken(headers: Record<string, string | string[] | undefined>): string | undefined {
  const header = headers['x-api-key'];
  if (typeof header === 'string' && header.trim()) return header.trim();
  const authorization = headers.authorization;
  if (typeof authorization === 'string' && /^Bearer\s+/i.test(authorization)) return authorization.replace(/^Bearer\s+/i, '').trim();
  return undefined;
}
