/**
 * The batching rule of every embedding, training and live alike: texts go in windows of
 * `window` in the order given; inside a window they are sorted by token count (ties keep their
 * order) and cut into batches of up to `batch`, each padded to its own longest text. Int8
 * activations are quantised per tensor, so a text's embedding moves slightly with its batch
 * mates: one rule everywhere keeps training and prediction alike, and the same texts in the same
 * order always give the same vectors. Returns the batches as positions into `lengths`.
 */
export function lengthBatchesOf(lengths: readonly number[], window: number, batch: number): number[][] {
  if (window < 1 || batch < 1) throw new RangeError('window and batch must be at least 1');
  const batches: number[][] = [];
  for (let start = 0; start < lengths.length; start += window) {
    const order = Array.from({ length: Math.min(window, lengths.length - start) }, (_, i) => start + i);
    order.sort((a, b) => lengths[a]! - lengths[b]! || a - b);
    for (let i = 0; i < order.length; i += batch) batches.push(order.slice(i, i + batch));
  }
  return batches;
}
