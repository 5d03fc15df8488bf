/**
 * Polls `probe` every 250 ms until `done` holds or the time is up, then returns the last value so
 * the test's own assertion explains what was missing. For asynchronous effects (queues, GSIs).
 */
export const eventually = async <T>(probe: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 30_000): Promise<T> => {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (done(value) || Date.now() > until) return value;
    await new Promise((r) => setTimeout(r, 250));
  }
};
