import { isDeepStrictEqual } from 'node:util';
import { ConflictException, Injectable, Logger, NotFoundException } from '@nestjs/common';
import type { FailureTypeV1, TaxonomyCategoryUpdateV1, TaxonomyDocumentV1, TaxonomyDocumentV1Input } from '@frictionlens/contracts';
import {
  STARTER_FAILURE_TYPES,
  categoryFailureTypeProblems,
  categoryMergeProblems,
  categoryOf,
  categoryRenameProblems,
  childrenOf,
  examplesOf,
  failureTypeListProblems,
  failureTypeOf,
  mergeCategory,
  renameCategory,
  reparentedByMerge,
  sameCategory,
  taxonomyDocumentOf,
  taxonomyProblems,
  withCategory,
  type Category,
  type CategoryMoveProblem,
  type FailureType,
} from '@frictionlens/domain';
import { TaxonomyRepository, TransactionRunner, type TaxonomyVersion } from '@frictionlens/persistence';
import { invalidRequest } from '@frictionlens/platform';
import {
  toListItem,
  toVersionResponse,
  type CategoryChangeResponse,
  type CategoryMoveResponse,
  type ExamplesResponse,
  type ImportResponse,
  type TaxonomyVersionListItem,
  type TaxonomyVersionResponse,
} from './taxonomy.responses.js';

const NO_TAXONOMY = 'no taxonomy has been imported yet: POST a taxonomy document to /v1/taxonomy/import';

/**
 * The organisation's friction taxonomy. Every change (an import, a category put, removed, renamed or merged) makes
 * a new immutable version in one transaction, so each classification can name the version it
 * was made against; examples belong to category keys and carry over.
 */
@Injectable()
export class TaxonomyService {
  private readonly logger = new Logger(TaxonomyService.name);
  constructor(
    private readonly taxonomy: TaxonomyRepository,
    private readonly transactions: TransactionRunner,
  ) {}

  async current(): Promise<TaxonomyVersionResponse> {
    return this.respond(await this.currentOrFail());
  }

  async version(id: number): Promise<TaxonomyVersionResponse> {
    const version = await this.taxonomy.findVersion(id);
    if (!version) throw new NotFoundException(`taxonomy version ${id} does not exist (GET /v1/taxonomy/versions lists them)`);
    return this.respond(version);
  }

  async versions(): Promise<TaxonomyVersionListItem[]> {
    return (await this.taxonomy.versions()).map(toListItem);
  }

  /**
   * Replaces the whole category list (and the failure types, when the document gives them) with
   * the document's, and adds its examples not stored yet. Without `failureTypes` the current
   * version's are kept, the starter typology before any.
   */
  async import(document: TaxonomyDocumentV1): Promise<ImportResponse> {
    const categories = document.categories.map(categoryOf);
    const given = document.failureTypes && failureTypesOf(document.failureTypes);
    const problems = taxonomyProblems(categories);
    if (problems.length) throw invalidRequest(problems.map((p) => ({ field: `categories.${p.index}.${p.field}`, problem: p.problem })));
    const examples = examplesOf(document.categories);
    const summary = `imported ${categories.length} ${categories.length === 1 ? 'category' : 'categories'}`;
    const result = await this.transactions.run(async (tx) => {
      const taxonomy = tx.taxonomy;
      const failureTypes = given ?? (await taxonomy.lockForChange())?.failureTypes ?? STARTER_FAILURE_TYPES;
      const typeProblems = categoryFailureTypeProblems(categories, failureTypes);
      if (typeProblems.length) throw invalidRequest(typeProblems.map((p) => ({ field: `categories.${p.index}.${p.field}`, problem: p.problem })));
      const version = await taxonomy.createVersion(summary, categories, failureTypes);
      return { version, categories: categories.length, examplesAdded: await taxonomy.addExamples(examples, 'taxonomy') };
    });
    this.logger.log(result, 'imported a taxonomy');
    return result;
  }

  /** The current version with its examples, as a document that imports again as it is. */
  async export(): Promise<TaxonomyDocumentV1Input & { version: number }> {
    const current = await this.currentOrFail();
    const examples = await this.taxonomy.examplesOf(current.categories.map((c) => c.key));
    const document = taxonomyDocumentOf(current.categories, examples, `FrictionLens taxonomy version ${current.id}: ${current.summary}`, current.failureTypes);
    return { version: current.id, ...document };
  }

  /** Creates or replaces one category; a new version only when something changed. */
  async putCategory(key: string, update: TaxonomyCategoryUpdateV1): Promise<CategoryChangeResponse> {
    if (update.key !== undefined && update.key !== key) throw invalidRequest([{ field: 'key', problem: `must be the key in the path ('${key}') or left out` }]);
    const category = categoryOf({ ...update, key });
    const examples = examplesOf([{ key, examples: update.examples }]);
    return this.transactions.run(async (tx) => {
      const taxonomy = tx.taxonomy;
      const current = await taxonomy.lockForChange();
      const before = current?.categories.find((c) => c.key === key);
      const problems = [...taxonomyProblems(withCategory(current?.categories ?? [], category)), ...categoryFailureTypeProblems([category], current?.failureTypes ?? STARTER_FAILURE_TYPES)];
      // Only the category put can be at fault: the rest of the version was valid already.
      if (problems.length) throw invalidRequest(problems.map((p) => ({ field: p.field, problem: p.problem })));
      let version = current?.id;
      if (!current || !before || !sameCategory(before, category)) {
        const summary = `${before ? 'edited' : 'added'} ${key}`;
        version = current ? await taxonomy.createVersionFrom(current.id, summary, { put: category }) : await taxonomy.createVersion(summary, [category]);
      }
      const examplesAdded = await taxonomy.addExamples(examples, 'taxonomy');
      return { version: version!, changed: version !== current?.id, examplesAdded };
    });
  }

  /**
   * Replaces the typology of failure demand in a new version, the categories copied as they are;
   * 400 naming `failureTypes` while a category names a type the new list leaves out.
   */
  async putFailureTypes(types: FailureTypeV1[]): Promise<CategoryChangeResponse> {
    const failureTypes = failureTypesOf(types);
    return this.transactions.run(async (tx) => {
      const taxonomy = tx.taxonomy;
      const current = await taxonomy.lockForChange();
      if (!current) throw new NotFoundException(NO_TAXONOMY);
      const orphans = stillNamed(current.categories, failureTypes);
      if (orphans.length) throw invalidRequest([{ field: 'failureTypes', problem: `categories still name ${orphans.join(', ')}: give them another failure type first (PUT /v1/taxonomy/categories/:key)` }]);
      if (isDeepStrictEqual(current.failureTypes, failureTypes)) return { version: current.id, changed: false, examplesAdded: 0 };
      const version = await taxonomy.createVersionFrom(current.id, `set ${failureTypes.length} failure ${failureTypes.length === 1 ? 'type' : 'types'}`, { failureTypes });
      return { version, changed: true, examplesAdded: 0 };
    });
  }

  /** Removes one category (its examples stay, for if it comes back); 409 while others name it as parent. */
  async removeCategory(key: string): Promise<{ version: number }> {
    return this.transactions.run(async (tx) => {
      const taxonomy = tx.taxonomy;
      const current = await taxonomy.lockForChange();
      if (!current?.categories.some((c) => c.key === key)) throw this.unknownCategory(key, current);
      const children = childrenOf(current.categories, key);
      if (children.length) throw new ConflictException(`'${key}' is the parent of ${children.map((c) => `'${c}'`).join(', ')}: give them another parent or remove them first`);
      if (current.categories.length === 1) throw new ConflictException(`'${key}' is the only category: a taxonomy needs at least one (import a new one to replace it)`);
      return { version: await taxonomy.createVersionFrom(current.id, `removed ${key}`, { remove: key }) };
    });
  }

  /**
   * Gives a category a new key: the same category (a name derived from the old key derived from
   * the new one, unless `name` is given), its history rewritten to the new key, its step links
   * moved with it.
   */
  async renameCategory(key: string, to: string, name?: string): Promise<CategoryMoveResponse> {
    return this.moveCategory(key, to, 'rename', (current) => {
      refuse(categoryRenameProblems(current.categories, key, to));
      return { categories: renameCategory(current.categories, key, to, name), summary: `renamed ${key} to ${to}`, reparented: [] };
    });
  }

  /**
   * Folds a category into another: a version without it, its children given to `into`, its
   * history rewritten to `into` (so its contacts count as `into`'s); its step links are dropped,
   * `into`'s stand.
   */
  async mergeCategory(key: string, into: string): Promise<CategoryMoveResponse> {
    return this.moveCategory(key, into, 'merge', (current) => {
      refuse(categoryMergeProblems(current.categories, key, into));
      return { categories: mergeCategory(current.categories, key, into), summary: `merged ${key} into ${into}`, reparented: reparentedByMerge(current.categories, key) };
    });
  }

  // One transaction: the taxonomy locked (the categories checked stay the current ones), the
  // rollups locked (no classifier, reviewer or erasure moves them meanwhile), the new version,
  // the history rewritten, the rollups recounted from the contacts. Readers see the old
  // taxonomy and counts until it commits, then the new ones together.
  private async moveCategory(
    from: string,
    to: string,
    kind: 'rename' | 'merge',
    plan: (current: TaxonomyVersion) => { categories: Category[]; summary: string; reparented: string[] },
  ): Promise<CategoryMoveResponse> {
    const result = await this.transactions.run(async (tx) => {
      const taxonomy = tx.taxonomy;
      const current = await taxonomy.lockForChange();
      if (!current) throw new NotFoundException(NO_TAXONOMY);
      const { categories, summary, reparented } = plan(current);
      await tx.valueStreams.lockForModelChange();
      const version = await taxonomy.createVersion(summary, categories, current.failureTypes);
      const demandType = categories.find((c) => c.key === to)!.demandType;
      const rewritten = await tx.categoryHistory.move({ from, to, kind, taxonomyVersionId: version, demandType });
      const started = performance.now();
      await tx.rollups.rebuild();
      return { version, from, to, reparented, rewritten, recountMs: Math.round(performance.now() - started) };
    });
    this.logger.log(result, `${kind === 'rename' ? 'renamed' : 'merged'} a category`);
    return result;
  }

  /** Adds example texts to a category of the current version; no new version. */
  async addExamples(key: string, texts: string[]): Promise<ExamplesResponse> {
    const current = await this.taxonomy.currentVersion();
    if (!current?.categories.some((c) => c.key === key)) throw this.unknownCategory(key, current);
    const examplesAdded = await this.taxonomy.addExamples(examplesOf([{ key, examples: texts }]), 'import');
    const exampleCount = (await this.taxonomy.exampleCounts([key])).get(key) ?? 0;
    return { category: key, examplesAdded, exampleCount };
  }

  private async currentOrFail(): Promise<TaxonomyVersion> {
    const current = await this.taxonomy.currentVersion();
    if (!current) throw new NotFoundException(NO_TAXONOMY);
    return current;
  }

  private async respond(version: TaxonomyVersion): Promise<TaxonomyVersionResponse> {
    return toVersionResponse(version, await this.taxonomy.exampleCounts(version.categories.map((c) => c.key)));
  }

  private unknownCategory(key: string, current: TaxonomyVersion | undefined): NotFoundException {
    return new NotFoundException(current ? `taxonomy version ${current.id} has no category '${key}'` : NO_TAXONOMY);
  }
}

function refuse(problems: CategoryMoveProblem[]): void {
  if (problems.length) throw invalidRequest(problems);
}

/** The failure types of a document as stored; 400 naming `failureTypes.<i>.key` for a key used twice. */
function failureTypesOf(types: FailureTypeV1[]): FailureType[] {
  const problems = failureTypeListProblems(types);
  if (problems.length) throw invalidRequest(problems.map((p) => ({ field: `failureTypes.${p.index}.${p.field}`, problem: p.problem })));
  return types.map(failureTypeOf);
}

/** The failure types categories name that the typology does not hold, each once, with who names it. */
function stillNamed(categories: readonly Category[], types: readonly FailureType[]): string[] {
  const known = new Set(types.map((t) => t.key));
  const named = new Map<string, string[]>();
  for (const c of categories) if (c.failureType !== null && !known.has(c.failureType)) named.set(c.failureType, [...(named.get(c.failureType) ?? []), c.key]);
  return [...named].map(([type, keys]) => `'${type}' (${keys.slice(0, 5).join(', ')}${keys.length > 5 ? `, … ${keys.length - 5} more` : ''})`);
}
