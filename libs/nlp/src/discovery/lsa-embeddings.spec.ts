import { dot } from './embedding-matrix.js';
import { lsaEmbeddings } from './lsa-embeddings.js';

const cards = ['my card has not arrived', 'card still not arrived after a week', 'when will my new card arrive', 'card delivery is late'];
const refunds = ['i want a refund for this order', 'refund has not been paid back', 'where is my refund', 'refund for a cancelled order'];

describe('lsaEmbeddings', () => {
  const sut = lsaEmbeddings([...cards, ...refunds], { dimensions: 4, minDocumentFrequency: 2 });
  const cosine = (i: number, j: number) => dot(sut.data, i * sut.dimensions, sut.data, j * sut.dimensions, sut.dimensions);

  it('gives one row of length 1 per text', () => {
    expect(sut.rows).toBe(8);
    for (let i = 0; i < 8; i++) expect(cosine(i, i)).toBeCloseTo(1, 5);
  });

  it('puts texts of one topic closer together than texts of two', () => {
    expect(cosine(0, 1)).toBeGreaterThan(cosine(0, 5));
    expect(cosine(4, 6)).toBeGreaterThan(cosine(4, 1));
  });

  it('is deterministic for a seed', () => {
    expect(lsaEmbeddings([...cards, ...refunds], { dimensions: 4 }).data).toEqual(lsaEmbeddings([...cards, ...refunds], { dimensions: 4 }).data);
  });
});
