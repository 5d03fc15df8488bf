import { describe, expect, it } from 'vitest';
import { createCommandCounter } from '../../../../shared/adapters/imap/imap-command-counter.js';

describe('createCommandCounter', () => {
  it('counts tagged client commands and skips SASL continuations, server lines and other levels', () => {
    const { logger, count } = createCommandCounter();

    logger.debug({ src: 'c', msg: '1 ID ("name" "imapflow")' });
    logger.debug({ src: 'c', msg: '2 AUTHENTICATE PLAIN' });
    logger.debug({ src: 'c', msg: 'AGRlbW8AKCogdmFsdWUgaGlkZGVuICop' });
    logger.debug({ src: 'c', msg: '(* 120B continuation *)' });
    logger.debug({ src: 's', msg: '* OK ready' });
    logger.trace({ src: 'c', msg: '3 NOOP' });

    expect(count()).toBe(2);
  });

  it('asks imapflow for debug entries only, so FETCH responses are never serialized', () => {
    const { logger } = createCommandCounter();

    expect(['trace', 'debug', 'info', 'warn', 'error'].filter((l) => logger.isLevelEnabled(l))).toEqual(['debug']);
  });
});
