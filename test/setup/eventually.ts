/**
 * Reads until `settled` says the value has arrived, for at most five seconds, and returns the
 * last value read (for the test to assert on). For what travels after a commit on a connection
 * of its own, such as a change notification, and so arrives a moment later.
 */
export async function eventually<T>(read: () => Promise<T>, settled: (value: T) => boolean): Promise<T> {
  let last = await read();
  for (let i = 0; i < 50 && !settled(last); i++) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    last = await read();
  }
  return last;
}
