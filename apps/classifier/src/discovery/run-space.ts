import { matrixOf, type EmbeddingMatrix } from '@frictionlens/nlp';
import { LSA_SPACE } from '@frictionlens/domain';
import type { EmbeddingRepository, ScopedContact } from '@frictionlens/persistence';
import type { ClassifierEncoder } from '../encoder/classifier-encoder.js';

/** A text that stands for an existing category: one of its examples, or a contact placed in it. */
export interface CategoryReference {
  category: string;
  text: string;
  contactId?: string;
  /** Its stored embedding by the run's encoder, when there is one. */
  vector?: Float32Array;
}

/** The vectors a run clusters, and each referenced category's vectors in the same space. */
export interface RunSpace {
  /** The encoder's name, or `lsa`. */
  encoder: string;
  /** The encoder's checksum, or `lsa`. */
  checksum: string;
  matrix: EmbeddingMatrix;
  /** By category key: the rows of its references. */
  categoryRows: Map<string, EmbeddingMatrix>;
}

export type SpaceProgress = (stage: 'embedding', done: number, total: number) => void;

// Rows per read of stored embeddings, texts per encoder call, rows per INSERT.
const READ_CHUNK = 1_000;
const EMBED_CHUNK = 256;

/**
 * With the classifier's sentence encoder: the stored embeddings of the contacts (by the encoder's
 * checksum) and of the references, the missing ones embedded now and stored, so the next run and
 * the classifier reuse them.
 */
export async function encoderSpaceOf(
  contacts: readonly ScopedContact[],
  references: readonly CategoryReference[],
  encoder: ClassifierEncoder,
  embeddings: EmbeddingRepository,
  options: { signal?: AbortSignal; onProgress?: SpaceProgress } = {},
): Promise<RunSpace> {
  const identity = encoder.identity;
  if (!identity) throw new Error(`no sentence encoder: ${encoder.unavailableBecause}`);
  const { dimensions, checksum } = identity;
  const data = new Float32Array(contacts.length * dimensions);
  const missing: number[] = [];
  for (let start = 0; start < contacts.length; start += READ_CHUNK) {
    const chunk = contacts.slice(start, start + READ_CHUNK);
    const stored = await embeddings.findForContacts(checksum, chunk.map((c) => c.id));
    chunk.forEach((contact, i) => {
      const vector = stored.get(contact.id);
      if (vector) data.set(vector, (start + i) * dimensions);
      else missing.push(start + i);
    });
  }
  const referenceVectors = await referenceVectorsOf(references, checksum, embeddings);
  const missingReferences = references.flatMap((_, i) => (referenceVectors[i] ? [] : [i]));
  const total = missing.length + missingReferences.length;
  options.onProgress?.('embedding', 0, total);
  // A chunk's vectors are stored while the encoder works on the next chunk (the encoder runs off
  // the event loop): at most one write waits, and a failed write fails the run at the next chunk.
  let storing: Promise<unknown> = Promise.resolve();
  for (let start = 0; start < missing.length; start += EMBED_CHUNK) {
    options.signal?.throwIfAborted();
    const rows = missing.slice(start, start + EMBED_CHUNK);
    const vectors = await encoder.embed(rows.map((row) => contacts[row]!.text));
    rows.forEach((row, i) => data.set(vectors[i]!, row * dimensions));
    await storing;
    storing = embeddings.storeForContacts(identity, rows.map((row, i) => ({ contactId: contacts[row]!.id, vector: vectors[i]! })));
    storing.catch(() => undefined); // awaited above or below; this only keeps it from counting as unhandled meanwhile
    options.onProgress?.('embedding', start + rows.length, total);
  }
  await storing;
  for (let start = 0; start < missingReferences.length; start += EMBED_CHUNK) {
    options.signal?.throwIfAborted();
    const indexes = missingReferences.slice(start, start + EMBED_CHUNK);
    const vectors = await encoder.embed(indexes.map((i) => references[i]!.text));
    indexes.forEach((index, i) => (referenceVectors[index] = vectors[i]!));
    const forContacts = indexes.flatMap((index, i) => (references[index]!.contactId ? [{ contactId: references[index]!.contactId!, vector: vectors[i]! }] : []));
    const forExamples = indexes.flatMap((index, i) => (references[index]!.contactId ? [] : [{ text: references[index]!.text, vector: vectors[i]! }]));
    await embeddings.storeForContacts(identity, forContacts);
    await embeddings.storeForExamples(identity, forExamples);
    options.onProgress?.('embedding', missing.length + start + indexes.length, total);
  }
  return { encoder: identity.name, checksum, matrix: matrixOf(data, dimensions), categoryRows: rowsByCategory(references, (i) => referenceVectors[i]!, dimensions) };
}

/**
 * Without an encoder: the TF-IDF/LSA rows fitted to the contacts' texts followed by the
 * references' (one space, this run's only), cut into the contacts' matrix and each category's rows.
 */
export function lsaSpaceOf(all: EmbeddingMatrix, contactCount: number, references: readonly CategoryReference[]): RunSpace {
  const { dimensions, data } = all;
  const matrix = matrixOf(data.subarray(0, contactCount * dimensions), dimensions);
  const categoryRows = rowsByCategory(references, (i) => data.subarray((contactCount + i) * dimensions, (contactCount + i + 1) * dimensions), dimensions);
  return { encoder: LSA_SPACE, checksum: LSA_SPACE, matrix, categoryRows };
}

// A contact's stored vector came with it; an example's is looked up by the hash of its text.
async function referenceVectorsOf(references: readonly CategoryReference[], checksum: string, embeddings: EmbeddingRepository): Promise<Array<Float32Array | undefined>> {
  const byText = await embeddings.findForExamples(checksum, references.filter((r) => !r.contactId).map((r) => r.text));
  return references.map((r) => r.vector ?? (r.contactId ? undefined : byText.get(r.text)));
}

function rowsByCategory(references: readonly CategoryReference[], vectorOf: (index: number) => Float32Array, dimensions: number): Map<string, EmbeddingMatrix> {
  const indexes = new Map<string, number[]>();
  references.forEach((r, i) => indexes.set(r.category, [...(indexes.get(r.category) ?? []), i]));
  return new Map(
    [...indexes].map(([category, rows]) => {
      const data = new Float32Array(rows.length * dimensions);
      rows.forEach((row, i) => data.set(vectorOf(row), i * dimensions));
      return [category, matrixOf(data, dimensions)];
    }),
  );
}
