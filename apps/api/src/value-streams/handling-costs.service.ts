import { Injectable } from '@nestjs/common';
import type { HandlingCostsV1 } from '@frictionlens/contracts';
import { handlingCostProblems, handlingCostsOf } from '@frictionlens/domain';
import { HandlingCostRepository } from '@frictionlens/persistence';
import { invalidRequest } from '@frictionlens/platform';
import type { HandlingCostsResponse } from './value-streams.responses.js';

/** What handling one contact costs on each channel. */
@Injectable()
export class HandlingCostsService {
  constructor(private readonly costs: HandlingCostRepository) {}

  async list(): Promise<HandlingCostsResponse> {
    return { costs: await this.costs.all() };
  }

  /** Replaces every channel's cost; channels left out have none. */
  async put(body: HandlingCostsV1): Promise<HandlingCostsResponse> {
    const problems = handlingCostProblems(body.costs, 'costs');
    if (problems.length) throw invalidRequest(problems);
    await this.costs.replaceAll(handlingCostsOf(body.costs));
    return this.list();
  }
}
