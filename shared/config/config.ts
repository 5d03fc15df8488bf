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

/** Builds a value once per container (Lambda reuses it across invocations). */
export const once = <T>(build: () => T): (() => T) => {
  let value: T | undefined;
  let built = false;
  return () => {
    if (!built) {
      value = build();
      built = true;
    }
    return value as T;
  };
};
