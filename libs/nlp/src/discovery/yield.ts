/**
 * Lets timers and messages run between slices of a long computation, so that an AbortSignal fired
 * by a caller (a cancel request, a timeout) is seen at the next check.
 */
export function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
