import { BadRequestException, Injectable } from '@nestjs/common';
import type { StepVolumesV1, VolumeRangeQuery } from '@frictionlens/contracts';
import { readStepVolumesCsv } from '@frictionlens/domain';
import { StepVolumeRepository, ValueStreamRepository } from '@frictionlens/persistence';
import { invalidRequest } from '@frictionlens/platform';
import { toVolumesResponse, type StoredVolumesResponse, type VolumesFileResponse, type VolumesResponse } from './value-streams.responses.js';
import { unknownStep } from './value-streams.service.js';

/** Units each step handled per day, by JSON or CSV file; a step and day given again replaces its units. */
@Injectable()
export class StepVolumesService {
  constructor(
    private readonly streams: ValueStreamRepository,
    private readonly volumes: StepVolumeRepository,
  ) {}

  async put(step: string, body: StepVolumesV1): Promise<StoredVolumesResponse> {
    if (!(await this.streams.findStep(step))) throw unknownStep(step);
    const dayAt = new Map<string, number>();
    const problems = body.volumes.flatMap(({ day }, index) => {
      const first = dayAt.get(day);
      dayAt.set(day, first ?? index);
      return first === undefined ? [] : [{ field: `volumes.${index}.day`, problem: `${day} is already given at volumes.${first}` }];
    });
    if (problems.length) throw invalidRequest(problems);
    const stored = await this.volumes.upsert(body.volumes.map((v) => ({ stepKey: step, day: v.day, units: v.units })));
    return { step, stored };
  }

  /** Stores every valid row of the file, and says why each other row was not; 400 when no row is valid. */
  async putFile(text: string): Promise<VolumesFileResponse> {
    const knownSteps = new Set((await this.streams.steps()).map((s) => s.key));
    const { volumes, rejected } = readStepVolumesCsv(text, knownSteps);
    if (volumes.length === 0) {
      const shown = rejected.slice(0, 10).map((r) => `line ${r.line}: ${r.field}: ${r.problem}`);
      throw new BadRequestException({
        statusCode: 400,
        error: 'Bad Request',
        message: `no row of the file could be stored: ${shown.join('; ')}${rejected.length > shown.length ? `; and ${rejected.length - shown.length} more` : ''}`,
        stored: 0,
        rejected,
      });
    }
    return { stored: await this.volumes.upsert(volumes), rejected };
  }

  async list(step: string, range: VolumeRangeQuery): Promise<VolumesResponse> {
    const found = await this.streams.findStep(step);
    if (!found) throw unknownStep(step);
    return toVolumesResponse(found, range, await this.volumes.volumes({ ...range, steps: [step] }));
  }
}
