import { Injectable, NotFoundException } from '@nestjs/common';
import { QueryFailedError } from 'typeorm';
import type { CountermeasureV1 } from '@frictionlens/contracts';
import { invalidRequest, type FieldProblem } from '@frictionlens/platform';
import { CountermeasureRepository, TaxonomyRepository, ValueStreamRepository, type CountermeasureFields } from '@frictionlens/persistence';
import { unknownStep } from '../value-streams/value-streams.service.js';
import { toCountermeasureResponse, type CountermeasureResponse } from './countermeasures.responses.js';
import type { CountermeasuresQuery } from './countermeasures.schemas.js';

const FOREIGN_KEY_VIOLATION = '23503';

/** Prevention work on a step, aimed at some of its categories; the metrics judge its effect. */
@Injectable()
export class CountermeasuresService {
  constructor(
    private readonly countermeasures: CountermeasureRepository,
    private readonly streams: ValueStreamRepository,
    private readonly taxonomy: TaxonomyRepository,
  ) {}

  async create(body: CountermeasureV1): Promise<CountermeasureResponse> {
    const fields = await this.checked(body);
    return toCountermeasureResponse(await this.stepMustExist(body.step, () => this.countermeasures.create(fields)));
  }

  async list(query: CountermeasuresQuery): Promise<CountermeasureResponse[]> {
    if (query.step && !(await this.streams.findStep(query.step))) throw unknownStep(query.step);
    const found = await this.countermeasures.list({ ...(query.step && { steps: [query.step] }), ...(query.status && { statuses: [query.status] }) });
    return found.map(toCountermeasureResponse);
  }

  async get(id: number): Promise<CountermeasureResponse> {
    const found = await this.countermeasures.find(id);
    if (!found) throw notFound(id);
    return toCountermeasureResponse(found);
  }

  /** Replaces every field of the countermeasure. */
  async put(id: number, body: CountermeasureV1): Promise<CountermeasureResponse> {
    const fields = await this.checked(body);
    const updated = await this.stepMustExist(body.step, () => this.countermeasures.update(id, fields));
    if (!updated) throw notFound(id);
    return toCountermeasureResponse(updated);
  }

  async remove(id: number): Promise<void> {
    if (!(await this.countermeasures.remove(id))) throw notFound(id);
  }

  // The step must exist and every category be one of the current taxonomy's.
  private async checked(body: CountermeasureV1): Promise<CountermeasureFields> {
    const problems: FieldProblem[] = [];
    if (!(await this.streams.findStep(body.step))) problems.push(stepProblem(body.step));
    if (body.categories.length > 0) {
      const current = await this.taxonomy.currentVersion();
      const keys = new Set(current?.categories.map((c) => c.key));
      body.categories.forEach((key, index) => {
        if (!keys.has(key)) problems.push({ field: `categories.${index}`, problem: current ? `'${key}' is not a category of the current taxonomy (version ${current.id})` : 'no taxonomy has been imported yet' });
      });
    }
    if (problems.length) throw invalidRequest(problems);
    const { step, categories, title, description, owner, startedOn, status } = body;
    return { stepKey: step, categoryKeys: categories, title, description: description ?? null, owner: owner ?? null, startedOn, status };
  }

  // A step deleted (by an import) between the check and the write.
  private async stepMustExist<T>(step: string, write: () => Promise<T>): Promise<T> {
    try {
      return await write();
    } catch (error) {
      if (error instanceof QueryFailedError && (error.driverError as { code?: string }).code === FOREIGN_KEY_VIOLATION) throw invalidRequest([stepProblem(step)]);
      throw error;
    }
  }
}

function stepProblem(step: string): FieldProblem {
  return { field: 'step', problem: `no step has the key '${step}' (GET /v1/value-streams lists them)` };
}

function notFound(id: number): NotFoundException {
  return new NotFoundException(`countermeasure ${id} does not exist`);
}
