import { applyDecorators, SetMetadata, UseGuards } from '@nestjs/common';
import type { ApiKeyScope } from '@frictionlens/domain';
import { ApiKeyGuard } from './api-key.guard.js';
import { REQUIRED_SCOPE } from './required-scope.js';

/** The route needs an API key (header `x-api-key` or `Authorization: Bearer`) with this scope. */
export const RequiresApiKey = (scope: ApiKeyScope) => applyDecorators(SetMetadata(REQUIRED_SCOPE, scope), UseGuards(ApiKeyGuard));
