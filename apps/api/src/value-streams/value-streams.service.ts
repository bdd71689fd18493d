import { Injectable, Logger, NotFoundException } from '@nestjs/common';
import type { CategoryStepsV1, StepUpdateV1, ValueStreamDocumentV1, ValueStreamDocumentV1Input } from '@frictionlens/contracts';
import { handlingCostsOf, nameFromKey, stepLinkProblems, valueStreamDocumentOf, valueStreamDocumentProblems, valueStreamModelOf, type KnownCategories } from '@frictionlens/domain';
import { HandlingCostRepository, TransactionRunner, ValueStreamRepository, type TransactionRepositories } from '@frictionlens/persistence';
import { invalidRequest } from '@frictionlens/platform';
import { toStepResponse, toValueStreamResponse, type CategoryStepsResponse, type ImportResponse, type StepResponse, type ValueStreamResponse } from './value-streams.responses.js';

export const NO_VALUE_STREAMS = 'no value streams have been imported yet: POST a value-stream document to /v1/value-streams/import';

/**
 * The value-stream model: streams, steps and where each category's friction originates. Every
 * change to the links recounts the demand rollups in the same transaction, so the metrics always
 * count contacts at the steps the links name now.
 */
@Injectable()
export class ValueStreamsService {
  private readonly logger = new Logger(ValueStreamsService.name);
  constructor(
    private readonly streams: ValueStreamRepository,
    private readonly costs: HandlingCostRepository,
    private readonly transactions: TransactionRunner,
  ) {}

  async list(): Promise<ValueStreamResponse[]> {
    const { valueStreams, links } = await this.streams.model();
    return valueStreams.map((s) => toValueStreamResponse(s, links));
  }

  /** Replaces streams, steps and links (and handling costs, when the document has them); recounts the rollups. */
  async import(document: ValueStreamDocumentV1): Promise<ImportResponse> {
    const counts = await this.changeModel(async (tx, categories) => {
      const problems = valueStreamDocumentProblems(document, categories);
      if (problems.length) throw invalidRequest(problems);
      const result = await tx.valueStreams.replaceModel(valueStreamModelOf(document));
      if (document.handlingCosts) await tx.handlingCosts.replaceAll(handlingCostsOf(document.handlingCosts));
      return result;
    });
    this.logger.log(counts, 'imported value streams');
    return counts;
  }

  /** The stored model as a document that imports again as it is. */
  async export(): Promise<ValueStreamDocumentV1Input> {
    const model = await this.streams.model();
    if (model.valueStreams.length === 0) throw new NotFoundException(NO_VALUE_STREAMS);
    const costs = await this.costs.all();
    const steps = model.valueStreams.reduce((n, s) => n + s.steps.length, 0);
    return valueStreamDocumentOf(model, costs, `FrictionLens value streams: ${model.valueStreams.length} streams, ${steps} steps, ${model.links.length} links`);
  }

  /** Replaces a step's name, owner, times, target and unit name; its key, stream, order and links stay. */
  async putStep(key: string, update: StepUpdateV1): Promise<StepResponse> {
    if (update.key !== undefined && update.key !== key) throw invalidRequest([{ field: 'key', problem: `must be the key in the path ('${key}') or left out` }]);
    const step = await this.streams.updateStep(key, {
      name: update.name ?? nameFromKey(key),
      owner: update.owner ?? null,
      processTimeMinutes: update.processTimeMinutes ?? null,
      leadTimeHours: update.leadTimeHours ?? null,
      targetCompleteAccurate: update.targetCompleteAccurate ?? null,
      unitName: update.unitName ?? null,
    });
    if (!step) throw unknownStep(key);
    return toStepResponse(step, await this.streams.links());
  }

  /** Replaces one category's links (none: not linked) and recounts the rollups. */
  async putCategorySteps(category: string, body: CategoryStepsV1): Promise<CategoryStepsResponse> {
    return this.changeModel(async (tx, categories) => {
      // Unlinking is allowed for any key, so links of a category the taxonomy dropped can be removed.
      if (body.steps.length > 0 && !categories?.keys.has(category)) {
        throw new NotFoundException(categories ? `taxonomy version ${categories.version} has no category '${category}'` : 'no taxonomy has been imported yet: POST a taxonomy document to /v1/taxonomy/import');
      }
      const streams = tx.valueStreams;
      const streamOf = new Map((await streams.steps()).map((s) => [s.key, s.valueStreamKey]));
      const problems = stepLinkProblems(body.steps, (step) => streamOf.get(step), 'steps');
      if (problems.length) throw invalidRequest(problems);
      await streams.replaceLinksOf(category, body.steps.map((s) => ({ stepKey: s.step, weight: s.weight })));
      const links = await streams.links(category);
      return { category, steps: links.map((l) => ({ step: l.stepKey, valueStream: streamOf.get(l.stepKey)!, weight: l.weight })) };
    });
  }

  // One transaction: the taxonomy read with its next version held back (so the categories checked
  // stay the current ones), the rollups locked, the change, the recount.
  private async changeModel<T>(change: (tx: TransactionRepositories, categories: KnownCategories | undefined) => Promise<T>): Promise<T> {
    return this.transactions.run(async (tx) => {
      const taxonomy = await tx.taxonomy.lockForChange();
      await tx.valueStreams.lockForModelChange();
      const result = await change(tx, taxonomy && { version: taxonomy.id, keys: new Set(taxonomy.categories.map((c) => c.key)) });
      await tx.rollups.rebuild();
      return result;
    });
  }
}

export function unknownStep(key: string): NotFoundException {
  return new NotFoundException(`no step has the key '${key}' (GET /v1/value-streams lists them)`);
}
