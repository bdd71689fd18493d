import type { CategoryStepsEntryV1, HandlingCostV1, ValueStreamDocumentV1, ValueStreamDocumentV1Input, ValueStreamStepV1, ValueStreamV1 } from '@frictionlens/contracts';
import { nameFromKey } from '../taxonomy/name-from-key.js';
import { handlingCostProblems } from './handling-costs.js';
import { stepLinkProblems, type StepShare } from './step-links.js';
import type { CategoryStepLink, HandlingCost, ValueStream, ValueStreamModel, ValueStreamProblem, ValueStreamStep } from './value-stream.js';

/** The categories links may name: those of the current taxonomy version (undefined before any import). */
export interface KnownCategories {
  version: number;
  keys: ReadonlySet<string>;
}

/**
 * What the schema of a value-stream document cannot see: stream or step keys used twice (step keys
 * are unique across streams), two steps of a stream at the same order, categories listed twice or
 * not in the current taxonomy, links to steps the document does not have or outside the category's
 * `valueStream`, weights not adding up to 1, a channel costed twice. Empty when the document holds.
 */
export function valueStreamDocumentProblems(document: ValueStreamDocumentV1, categories: KnownCategories | undefined): ValueStreamProblem[] {
  const { problems, streamOfStep } = streamProblems(document.valueStreams);
  problems.push(...categoryProblems(document.categories ?? [], categories, streamOfStep, new Set(document.valueStreams.map((s) => s.key))));
  problems.push(...handlingCostProblems(document.handlingCosts ?? [], 'handlingCosts'));
  return problems;
}

function streamProblems(streams: readonly ValueStreamV1[]): { problems: ValueStreamProblem[]; streamOfStep: Map<string, string> } {
  const problems: ValueStreamProblem[] = [];
  const streamAt = new Map<string, number>();
  const stepAt = new Map<string, string>();
  const streamOfStep = new Map<string, string>();
  streams.forEach((stream, s) => {
    const first = streamAt.get(stream.key);
    if (first !== undefined) problems.push({ field: `valueStreams.${s}.key`, problem: `'${stream.key}' is already the key of valueStreams.${first}` });
    else streamAt.set(stream.key, s);
    const orderAt = new Map<number, number>();
    stream.steps.forEach((step, i) => {
      const field = `valueStreams.${s}.steps.${i}`;
      const firstStep = stepAt.get(step.key);
      if (firstStep !== undefined) problems.push({ field: `${field}.key`, problem: `'${step.key}' is already the key of ${firstStep} (step keys are unique across value streams)` });
      else {
        stepAt.set(step.key, field);
        streamOfStep.set(step.key, stream.key);
      }
      const sameOrder = orderAt.get(step.order);
      if (sameOrder !== undefined) problems.push({ field: `${field}.order`, problem: `${step.order} is already the order of valueStreams.${s}.steps.${sameOrder}` });
      else orderAt.set(step.order, i);
    });
  });
  return { problems, streamOfStep };
}

function categoryProblems(
  entries: readonly CategoryStepsEntryV1[],
  categories: KnownCategories | undefined,
  streamOfStep: ReadonlyMap<string, string>,
  streams: ReadonlySet<string>,
): ValueStreamProblem[] {
  const problems: ValueStreamProblem[] = [];
  if (entries.length > 0 && !categories) {
    return [{ field: 'categories', problem: 'no taxonomy has been imported yet: import one (POST /v1/taxonomy/import) before linking its categories to steps' }];
  }
  const entryAt = new Map<string, number>();
  entries.forEach((entry, index) => {
    const field = `categories.${index}`;
    const first = entryAt.get(entry.key);
    if (first !== undefined) problems.push({ field: `${field}.key`, problem: `'${entry.key}' is already listed at categories.${first}` });
    else entryAt.set(entry.key, index);
    if (categories && !categories.keys.has(entry.key)) {
      problems.push({ field: `${field}.key`, problem: `'${entry.key}' is not a category of the current taxonomy (version ${categories.version})` });
    }
    if (entry.step !== undefined && entry.steps !== undefined) {
      problems.push({ field: `${field}.steps`, problem: 'give either step (weight 1) or steps (with weights), not both' });
      return;
    }
    const shares = sharesOf(entry);
    problems.push(...stepLinkProblems(shares, (step) => streamOfStep.get(step), entry.step !== undefined ? field : `${field}.steps`).map((p) => singleStepField(p, entry, field)));
    if (entry.valueStream === undefined) return;
    if (!streams.has(entry.valueStream)) problems.push({ field: `${field}.valueStream`, problem: `no value stream of the document has the key '${entry.valueStream}'` });
    else {
      const elsewhere = shares.find((s) => streamOfStep.has(s.step) && streamOfStep.get(s.step) !== entry.valueStream);
      if (elsewhere) problems.push({ field: `${field}.valueStream`, problem: `step '${elsewhere.step}' is in value stream '${streamOfStep.get(elsewhere.step)}', not '${entry.valueStream}'` });
    }
  });
  return problems;
}

// A lone `step` is checked as a one-element list; its problems are the `step` field's.
function singleStepField(problem: ValueStreamProblem, entry: CategoryStepsEntryV1, field: string): ValueStreamProblem {
  return entry.step !== undefined && problem.field === `${field}.0.step` ? { ...problem, field: `${field}.step` } : problem;
}

function sharesOf(entry: CategoryStepsEntryV1): StepShare[] {
  if (entry.step !== undefined) return [{ step: entry.step, weight: 1 }];
  return entry.steps ?? [];
}

/**
 * The model a (valid) document describes: streams in document order, steps by their order, a
 * missing step name derived from its key, a category's `step` read as that step with weight 1.
 */
export function valueStreamModelOf(document: ValueStreamDocumentV1): ValueStreamModel {
  const valueStreams = document.valueStreams.map(
    (stream): ValueStream => ({
      key: stream.key,
      name: stream.name,
      description: stream.description ?? null,
      owner: stream.owner ?? null,
      steps: [...stream.steps].sort((a, b) => a.order - b.order).map((step) => stepOf(stream.key, step)),
    }),
  );
  const links = (document.categories ?? []).flatMap((entry) => sharesOf(entry).map((s): CategoryStepLink => ({ categoryKey: entry.key, stepKey: s.step, weight: s.weight })));
  return { valueStreams, links };
}

function stepOf(valueStreamKey: string, step: ValueStreamStepV1): ValueStreamStep {
  return {
    key: step.key,
    valueStreamKey,
    name: step.name ?? nameFromKey(step.key),
    order: step.order,
    owner: step.owner ?? null,
    processTimeMinutes: step.processTimeMinutes ?? null,
    leadTimeHours: step.leadTimeHours ?? null,
    targetCompleteAccurate: step.targetCompleteAccurate ?? null,
    unitName: step.unitName ?? null,
  };
}

/** Handling costs as a document or request gives them. */
export function handlingCostsOf(costs: readonly HandlingCostV1[]): HandlingCost[] {
  return costs.map((c) => ({ channel: c.channel, costPerContact: c.costPerContact, currency: c.currency }));
}

/**
 * A document of the stored model, importable again as it is: a category linked to one step whole
 * is written as the scenario writes it (`valueStream` and `step`), a split one with `steps`.
 */
export function valueStreamDocumentOf(model: ValueStreamModel, costs: readonly HandlingCost[], description?: string): ValueStreamDocumentV1Input {
  const streamOfStep = new Map(model.valueStreams.flatMap((s) => s.steps.map((step) => [step.key, s.key] as const)));
  const linksOf = new Map<string, CategoryStepLink[]>();
  for (const link of model.links) linksOf.set(link.categoryKey, [...(linksOf.get(link.categoryKey) ?? []), link]);
  return {
    ...(description !== undefined && { description }),
    valueStreams: model.valueStreams.map((stream) => ({
      key: stream.key,
      name: stream.name,
      ...(stream.description !== null && { description: stream.description }),
      ...(stream.owner !== null && { owner: stream.owner }),
      steps: stream.steps.map(stepEntryOf),
    })),
    categories: [...linksOf].map(([key, links]) => {
      const inStreams = new Set(links.map((l) => streamOfStep.get(l.stepKey)));
      const valueStream = inStreams.size === 1 ? [...inStreams][0] : undefined;
      const only = links.length === 1 && links[0]!.weight === 1 ? links[0]!.stepKey : undefined;
      return {
        key,
        ...(valueStream !== undefined && { valueStream }),
        ...(only !== undefined ? { step: only } : { steps: links.map((l) => ({ step: l.stepKey, weight: l.weight })) }),
      };
    }),
    handlingCosts: costs.map((c) => ({ channel: c.channel, costPerContact: c.costPerContact, currency: c.currency })),
  };
}

function stepEntryOf(step: ValueStreamStep): ValueStreamDocumentV1Input['valueStreams'][number]['steps'][number] {
  const { key, name, order, owner, processTimeMinutes, leadTimeHours, targetCompleteAccurate, unitName } = step;
  return {
    key,
    name,
    order,
    ...(owner !== null && { owner }),
    ...(processTimeMinutes !== null && { processTimeMinutes }),
    ...(leadTimeHours !== null && { leadTimeHours }),
    ...(targetCompleteAccurate !== null && { targetCompleteAccurate }),
    ...(unitName !== null && { unitName }),
  };
}
