import type { Channel, CountermeasureStatus } from '@frictionlens/contracts';

/** One step of a value stream, with what value-stream mapping measures of it (null: not given). */
export interface ValueStreamStep {
  key: string;
  valueStreamKey: string;
  name: string;
  /** Place in its stream, 1 first. */
  order: number;
  owner: string | null;
  processTimeMinutes: number | null;
  leadTimeHours: number | null;
  /** Target %C&A as a fraction (0.98 = 98%). */
  targetCompleteAccurate: number | null;
  unitName: string | null;
}

/** A value stream with its steps in order; streams are listed in the order they were given. */
export interface ValueStream {
  key: string;
  name: string;
  description: string | null;
  owner: string | null;
  steps: ValueStreamStep[];
}

/** Where (a share of) a category's friction originates. A category's weights add up to 1. */
export interface CategoryStepLink {
  categoryKey: string;
  stepKey: string;
  weight: number;
}

/** The whole value-stream model: what an import replaces. */
export interface ValueStreamModel {
  valueStreams: ValueStream[];
  links: CategoryStepLink[];
}

/** What handling one contact costs on a channel. */
export interface HandlingCost {
  channel: Channel;
  costPerContact: number;
  /** ISO 4217 code. */
  currency: string;
}

/** Units a step handled on one (UTC) day. */
export interface StepVolume {
  stepKey: string;
  /** YYYY-MM-DD. */
  day: string;
  units: number;
}

/** Prevention work on a step, aimed at some of its categories (none listed: all of them). */
export interface Countermeasure {
  id: number;
  stepKey: string;
  valueStreamKey: string;
  categoryKeys: string[];
  title: string;
  description: string | null;
  owner: string | null;
  /** YYYY-MM-DD. */
  startedOn: string;
  status: CountermeasureStatus;
  createdAt: Date;
}

/** One thing wrong with a request, by field path (`valueStreams.2.steps.0.key`) and why. */
export interface ValueStreamProblem {
  field: string;
  problem: string;
}
