/** Cosine of two vectors of the same length (0 when either is all zeros). */
export function cosine(a: Float32Array, b: Float32Array): number {
  if (a.length !== b.length) throw new RangeError(`vectors of ${a.length} and ${b.length} dimensions`);
  let dot = 0;
  let aa = 0;
  let bb = 0;
  for (let i = 0; i < a.length; i++) {
    dot += a[i]! * b[i]!;
    aa += a[i]! * a[i]!;
    bb += b[i]! * b[i]!;
  }
  return aa > 0 && bb > 0 ? dot / Math.sqrt(aa * bb) : 0;
}

/** The mean of the given rows of a row-major matrix (zeros without rows). */
export function meanOf(data: Float32Array, dimensions: number, rows: Iterable<number>): Float32Array {
  const sum = new Float64Array(dimensions);
  let count = 0;
  for (const row of rows) {
    count++;
    for (let j = 0; j < dimensions; j++) sum[j]! += data[row * dimensions + j]!;
  }
  return Float32Array.from(sum, (x) => (count > 0 ? x / count : 0));
}

/**
 * The direction of the given rows' mean away from `origin` (a collection's mean), length 1:
 * sentence embeddings share a large common direction, and only with it taken out do the cosines
 * of two themes' centroids say how alike they are.
 */
export function centredCentroidOf(data: Float32Array, dimensions: number, rows: Iterable<number>, origin: Float32Array): Float32Array {
  const mean = meanOf(data, dimensions, rows);
  return centroidOf(mean.map((x, j) => x - origin[j]!), dimensions, [0]);
}

/** The mean of the given rows of a row-major matrix, scaled to length 1 (zeros without rows). */
export function centroidOf(data: Float32Array, dimensions: number, rows: Iterable<number>): Float32Array {
  const sum = new Float64Array(dimensions);
  for (const row of rows) for (let j = 0; j < dimensions; j++) sum[j]! += data[row * dimensions + j]!;
  let length = 0;
  for (let j = 0; j < dimensions; j++) length += sum[j]! ** 2;
  const centroid = new Float32Array(dimensions);
  if (length > 0) for (let j = 0; j < dimensions; j++) centroid[j] = sum[j]! / Math.sqrt(length);
  return centroid;
}

/**
 * Splits rows in two by spherical 2-means: started from the row farthest from the centroid and
 * the row farthest from that one (deterministic), each row goes to the nearer centre by cosine
 * until none moves. Returns 0 or 1 per row (in the order given).
 */
export function splitInTwo(data: Float32Array, dimensions: number, rows: readonly number[], maxIterations = 50): Uint8Array {
  const side = new Uint8Array(rows.length);
  if (rows.length < 2) return side;
  const vector = (row: number) => data.subarray(row * dimensions, (row + 1) * dimensions);
  const farthestFrom = (centre: Float32Array) => rows.reduce((best, row) => (cosine(vector(row), centre) < cosine(vector(best), centre) ? row : best), rows[0]!);
  const first = farthestFrom(centroidOf(data, dimensions, rows));
  const second = farthestFrom(vector(first));
  let centres: Float32Array[] = [vector(first).slice(), vector(second).slice()];
  for (let iteration = 0; iteration < maxIterations; iteration++) {
    let moved = 0;
    rows.forEach((row, i) => {
      const next = cosine(vector(row), centres[1]!) > cosine(vector(row), centres[0]!) ? 1 : 0;
      if (iteration === 0 || next !== side[i]) moved++;
      side[i] = next;
    });
    if (moved === 0) break;
    centres = [0, 1].map((s) => centroidOf(data, dimensions, rows.filter((_, i) => side[i] === s)));
  }
  return side;
}
