import { randomInt } from 'node:crypto';
import { Injectable, NotFoundException } from '@nestjs/common';
import {
  MAX_SEED,
  NOT_FOR_HERE_FAILURE_TYPE,
  STUDY_FAILURE_TYPES,
  drawStratifiedSample,
  marginOfErrorFor,
  sampleSizeForMargin,
  studyResults,
  type Category,
  type Stratum,
} from '@frictionlens/domain';
import { invalidRequest, withCsvFilename, type FieldProblem } from '@frictionlens/platform';
import { ContactLabelRepository, StudyRepository, TaxonomyRepository, ValueStreamRepository, type Study, type StudyDraft, type StudyPopulation } from '@frictionlens/persistence';
import type { CreateStudyBody, StudyCodeBody } from './studies.schemas.js';
import {
  toCode,
  toExportRow,
  toNextContact,
  toResults,
  toSummary,
  type NextContactResponse,
  type StudyCodeResponse,
  type StudyCreatedResponse,
  type StudyExportRow,
  type StudyResponse,
  type StudySummaryResponse,
} from './studies.responses.js';

/**
 * Sample-and-listen studies: a random, stratified sample of contacts for people to read in the
 * customers' own (redacted) words and code as value or failure demand, with the failure type and
 * the step it came from. What they find is the failure-demand share a process owner can trust,
 * and how far the model agrees with people; a code that names a category (or says not for here)
 * becomes a reviewer's label, so the next model learns from it and the metrics count it.
 */
@Injectable()
export class StudiesService {
  constructor(
    private readonly studies: StudyRepository,
    private readonly labels: ContactLabelRepository,
    private readonly taxonomy: TaxonomyRepository,
    private readonly streams: ValueStreamRepository,
  ) {}

  async create(body: CreateStudyBody): Promise<StudyCreatedResponse> {
    await this.checkFilters(body);
    const population: StudyPopulation = { from: body.from, to: body.to, filters: body.filters, stratifyBy: body.stratifyBy, interval: body.interval };
    const seed = body.seed ?? randomInt(0, MAX_SEED + 1);
    const study = await this.studies.create(population, (strata) => draft(body, seed, strata));
    const sample = await this.studies.contacts(study.id);
    return {
      ...toSummary(study),
      strata: study.strata.map((s) => ({ stratum: s.key, population: s.size, sampleSize: s.sampleSize })),
      sample: sample.map((c) => ({ position: c.position, contactId: c.contactId, stratum: c.stratum })),
    };
  }

  async list(): Promise<{ rows: StudySummaryResponse[] }> {
    return { rows: (await this.studies.list()).map(toSummary) };
  }

  async get(id: number): Promise<StudyResponse> {
    const study = await this.found(id);
    const contacts = await this.studies.contacts(id);
    const results = studyResults(contacts.map((c) => ({ stratum: c.stratum, modelCategory: c.model.category, modelDemandType: c.model.demandType, code: c.code })));
    return { ...toSummary(study), results: toResults(study, results) };
  }

  async next(id: number): Promise<NextContactResponse> {
    const study = await this.found(id);
    const contact = await this.studies.next(id);
    return { studyId: id, progress: toSummary(study).progress, contact: contact ? toNextContact(contact, study.blind) : null };
  }

  /** Stores a person's code of a sampled contact (replacing an earlier one); with a category, or not for here, it becomes a reviewer's label too. */
  async code(id: number, contactId: string, body: StudyCodeBody): Promise<StudyCodeResponse> {
    await this.found(id);
    const current = await this.taxonomy.currentVersion();
    const category = await this.checkCode(body, current?.categories ?? [], current?.id);
    const demandType = body.notForHere ? 'failure' : (body.demandType ?? category!.demandType);
    // A failure code naming a category without a type takes the category's type.
    const failureType = body.notForHere ? NOT_FOR_HERE_FAILURE_TYPE : demandType === 'failure' ? (body.failureType ?? category?.failureType ?? null) : null;
    const stored = await this.studies.code(id, contactId, {
      demandType,
      failureType,
      stepKey: body.step ?? null,
      categoryKey: category?.key ?? null,
      notForHere: body.notForHere,
      coder: body.coder ?? null,
    });
    if (!stored) throw new NotFoundException(`contact ${contactId} is not in study ${id}`);
    // Through the reviewers' own path, so the rollups move in the same transaction as the label.
    // Not for here without a category keeps the category the contact has, so the metrics count it
    // as not for here as well; a contact with none to keep (unclassified) gets no label.
    const labelCategory = category?.key ?? (body.notForHere && current ? await this.categoryToKeep(contactId, current.categories) : undefined);
    const label =
      labelCategory && current
        ? await this.labels.upsert({ contactId, categoryKey: labelCategory, taxonomyVersionId: current.id, notForHere: body.notForHere, reviewer: body.coder ?? null })
        : undefined;
    const study = await this.found(id);
    return {
      studyId: id,
      contactId,
      position: stored.position,
      stratum: stored.stratum,
      code: toCode(stored),
      label: label ? { category: label.categoryKey, taxonomyVersion: label.taxonomyVersionId, notForHere: label.notForHere, previous: label.modelCategory } : null,
      status: study.status,
      progress: toSummary(study).progress,
    };
  }

  /** The study's contacts with their codes; its CSV download is named after it (`study-3-card-delivery-delays.csv`). */
  async export(id: number): Promise<{ rows: StudyExportRow[] }> {
    const study = await this.found(id);
    return withCsvFilename({ rows: (await this.studies.contactsWithText(id)).map(toExportRow) }, `study ${id} ${study.title}`);
  }

  // The contact's own category (its label's, else the model's) when the current taxonomy still has it.
  private async categoryToKeep(contactId: string, categories: Category[]): Promise<string | undefined> {
    const kept = await this.labels.categoryToKeep(contactId);
    return kept && categories.some((c) => c.key === kept) ? kept : undefined;
  }

  private async found(id: number): Promise<Study> {
    const study = await this.studies.find(id);
    if (!study) throw new NotFoundException(`study ${id} does not exist`);
    return study;
  }

  // Steps, value streams and categories the filters name must exist, so an empty sample never hides a typo.
  private async checkFilters(body: CreateStudyBody): Promise<void> {
    const problems: FieldProblem[] = [];
    const { step, valueStream, category } = body.filters;
    if (step || valueStream) {
      const streams = await this.streams.valueStreams();
      const stepKeys = new Set(streams.flatMap((s) => s.steps.map((t) => t.key)));
      const streamKeys = new Set(streams.map((s) => s.key));
      step?.forEach((key, i) => {
        if (!stepKeys.has(key)) problems.push({ field: `filters.step.${i}`, problem: `no step has the key '${key}' (GET /v1/value-streams lists them)` });
      });
      valueStream?.forEach((key, i) => {
        if (!streamKeys.has(key)) problems.push({ field: `filters.valueStream.${i}`, problem: `no value stream has the key '${key}'` });
      });
    }
    if (category) {
      const current = await this.taxonomy.currentVersion();
      const keys = new Set([...(current?.categories.map((c) => c.key) ?? []), 'unclassified']);
      category.forEach((key, i) => {
        if (!keys.has(key)) problems.push({ field: `filters.category.${i}`, problem: `'${key}' is not a category of the current taxonomy` });
      });
    }
    if (problems.length) throw invalidRequest(problems);
  }

  // What only the database knows: the category, step and failure type must exist, and the category agree with the demand type.
  private async checkCode(body: StudyCodeBody, categories: Category[], version: number | undefined): Promise<Category | undefined> {
    const problems: FieldProblem[] = [];
    const category = body.category ? categories.find((c) => c.key === body.category) : undefined;
    if (body.category && !category) {
      problems.push({ field: 'category', problem: version ? `'${body.category}' is not a category of the current taxonomy (version ${version})` : 'no taxonomy has been imported yet' });
    }
    const demandType = body.notForHere ? 'failure' : body.demandType;
    if (category && demandType && category.demandType !== demandType) {
      problems.push({ field: 'category', problem: `'${category.key}' is ${category.demandType} demand, but the code says ${demandType}` });
    }
    if (body.failureType && !body.notForHere) {
      const known = new Set<string>([...STUDY_FAILURE_TYPES, ...categories.flatMap((c) => (c.failureType ? [c.failureType] : []))]);
      if (!known.has(body.failureType)) problems.push({ field: 'failureType', problem: `must be one of ${[...known].join(', ')}` });
    }
    if (body.step && !(await this.streams.findStep(body.step))) problems.push({ field: 'step', problem: `no step has the key '${body.step}' (GET /v1/value-streams lists them)` });
    if (problems.length) throw invalidRequest(problems);
    return category;
  }
}

// Sizes the sample from the strata PostgreSQL counted (inside the transaction that stores it).
function draft(body: CreateStudyBody, seed: number, strata: Stratum[]): StudyDraft {
  const population = strata.reduce((sum, s) => sum + s.size, 0);
  if (population === 0) throw invalidRequest([{ field: 'filters', problem: `no classified or labelled contact from ${body.from} to ${body.to} matches the filters` }]);
  if (body.size !== undefined && body.size > population) throw invalidRequest([{ field: 'size', problem: `is more than the ${population} contacts that match` }]);
  const priorShare = body.priorShare ?? 0.5;
  const sampleSize = body.size ?? sampleSizeForMargin({ marginOfError: body.marginOfError!, population, priorShare });
  const marginOfError = body.size !== undefined ? marginOfErrorFor({ sampleSize, population, priorShare }) : body.marginOfError!;
  const drawn = drawStratifiedSample(strata, sampleSize, seed);
  return { title: body.title, marginOfError, priorShare, seed, blind: body.blind, population, strata: drawn.allocation, contacts: drawn.contacts };
}
