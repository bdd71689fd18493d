import { Module, type DynamicModule } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { FAILED_AUTH_LIMIT, FailedAuthLimit } from '../auth/failed-auth-limit.js';
import { ApiRateLimitGuard, RATE_LIMIT_WINDOWS } from './throttle.guard.js';
import { RateLimitWindows } from './throttle-windows.js';

/**
 * The HTTP rate limit (API_RATE_LIMIT_PER_MINUTE; 0 turns it off), a global guard, and the same
 * number of failed authentications per client address a minute (FailedAuthLimit, which the
 * API-key guard feeds). Counts live in the process, so each instance of a service allows the
 * limit on its own.
 */
@Module({})
export class RateLimitModule {
  static forRoot(perMinute: number): DynamicModule {
    if (perMinute <= 0) return { module: RateLimitModule };
    return {
      module: RateLimitModule,
      // Global, so the API-key guard of any feature module finds FAILED_AUTH_LIMIT.
      global: true,
      providers: [
        { provide: RATE_LIMIT_WINDOWS, useValue: new RateLimitWindows(perMinute) },
        { provide: FAILED_AUTH_LIMIT, useValue: new FailedAuthLimit(new RateLimitWindows(perMinute)) },
        { provide: APP_GUARD, useClass: ApiRateLimitGuard },
      ],
      exports: [FAILED_AUTH_LIMIT],
    };
  }
}
