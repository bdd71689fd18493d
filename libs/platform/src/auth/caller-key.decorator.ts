import { createParamDecorator, type ExecutionContext } from '@nestjs/common';

/**
 * The id of the API key that ApiKeyGuard let through (null on a route without one): who made a
 * change, for the records that keep it. Never the secret.
 */
export const CallerKeyId = createParamDecorator((_: unknown, context: ExecutionContext): string | null => {
  return context.switchToHttp().getRequest<{ apiKeyId?: string }>().apiKeyId ?? null;
});
