/** The logger shape imapflow accepts, plus the level filter it consults before building entries. */
export interface CountingLogger {
  readonly logger: {
    trace(entry: unknown): void;
    debug(entry: unknown): void;
    info(entry: unknown): void;
    warn(entry: unknown): void;
    error(entry: unknown): void;
    fatal(entry: unknown): void;
    isLevelEnabled(level: string): boolean;
  };
  readonly count: () => number;
}

const TAGGED = /^\S+ [A-Z]/;

/**
 * An imapflow logger that only counts the commands the client sends (debug entries with src 'c') and
 * drops everything else, so no password, token or mail text can reach a log from here.
 */
export function createCommandCounter(): CountingLogger {
  let commands = 0;
  const ignore = (): void => undefined;
  return {
    count: () => commands,
    logger: {
      trace: ignore, info: ignore, warn: ignore, error: ignore, fatal: ignore,
      debug(entry) {
        const e = entry as { src?: string; msg?: string };
        // A tagged command is "<tag> <NAME>"; SASL and literal continuations have no such shape.
        if (e.src === 'c' && typeof e.msg === 'string' && TAGGED.test(e.msg)) commands++;
      },
      // FETCH responses log at trace: leaving trace off keeps their serialization out of the hot path.
      isLevelEnabled: (level) => level === 'debug',
    },
  };
}
