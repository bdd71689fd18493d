import { Injectable } from '@nestjs/common';
import type { HealthIndicatorFunction } from '@nestjs/terminus';

/**
 * Checks that feature modules add to `/health` beside the database and Kafka (the classifier's
 * model, for instance), registered when their module starts.
 */
@Injectable()
export class HealthRegistry {
  private readonly checks: HealthIndicatorFunction[] = [];

  register(check: HealthIndicatorFunction): void {
    this.checks.push(check);
  }

  get registered(): readonly HealthIndicatorFunction[] {
    return this.checks;
  }
}
