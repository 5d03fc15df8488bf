import { ENV } from './names.js';

/** A required setting is missing or malformed; says which one, never a stack trace to the caller. */
export class ConfigError extends Error {
  readonly code = 'config-invalid';
}

export type EnvName = keyof typeof ENV;

/**
 * Reads one required setting from the environment.
 * @throws ConfigError naming the variable when it is unset or empty.
 */
export const requireEnv = (name: EnvName): string => {
  const value = process.env[ENV[name]];
  if (value === undefined || value.trim() === '') throw new ConfigError(`Missing environment variable ${ENV[name]}`);
  return value;
};

export const optionalEnv = (name: EnvName): string | undefined => {
  const value = process.env[ENV[name]];
  return value === undefined || value.trim() === '' ? undefined : value;
};

/** @throws ConfigError when the value is not a positive integer. */
export const intEnv = (name: EnvName, fallback: number): number => {
  const raw = optionalEnv(name);
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value <= 0) throw new ConfigError(`${ENV[name]} must be a positive integer, got "${raw}"`);
  return value;
};

export const flagEnv = (name: EnvName): boolean => /^(1|true|yes)$/i.test(optionalEnv(name) ?? '');

/**
 * Builds a value once per container (Lambda reuses it across invocations): the one memo helper.
 * A promise that rejects is forgotten, so the next call builds again instead of failing forever.
 */
export const once = <T>(build: () => T): (() => T) => {
  let built: { value: T } | undefined;
  return () => {
    if (built) return built.value;
    const value = build();
    const entry = { value };
    built = entry;
    if (value instanceof Promise) value.catch(() => { if (built === entry) built = undefined; });
    return value;
  };
};
