import { createContext, Script, type Context } from 'node:vm';

/** The whole regex time one message may use, shared by all its regex rules. */
export const REGEX_BUDGET_MS = 100;

const script = new Script('new RegExp(pattern, "iu").test(input)');
let context: Context | undefined;

/**
 * Tests a user's pattern case-insensitively within `budgetMs`. A JavaScript regex cannot be stopped
 * from outside, so it runs as a vm script with a timeout, which interrupts catastrophic backtracking.
 * @returns whether it matched, or `timeout` when the budget ran out first.
 */
export function matchRegex(pattern: string, input: string, budgetMs: number): boolean | 'timeout' {
  if (budgetMs <= 0) return 'timeout';
  context ??= createContext({});
  context.pattern = pattern;
  context.input = input;
  try {
    return script.runInContext(context, { timeout: Math.max(1, Math.floor(budgetMs)) }) === true;
  } catch (error) {
    if ((error as { code?: string }).code === 'ERR_SCRIPT_EXECUTION_TIMEOUT') return 'timeout';
    throw error;
  } finally {
    context.input = '';
  }
}

/** Whether the pattern compiles with the flags matchRegex uses (checked when rules are saved). */
export function isValidPattern(pattern: string): boolean {
  try {
    new RegExp(pattern, 'iu');
    return true;
  } catch {
    return false;
  }
}
