import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import * as keys from '../../../shared/store/keys.js';

/**
 * The scheduled fan-out lists connected mailboxes across Spaces, and inbound SMS finds the Space
 * its number belongs to; no request path reads either. An SMS number's claim is one item per number
 * across Spaces, so that two Spaces cannot both hold it; only the settings save touches it.
 */
const SYSTEM_INDEXES = new Set(['connectedMailboxIndex', 'smsNumberIndex', 'smsNumberClaimKey']);
const SPACE = 'sp1';
const startsWithSpace = (value: unknown) => value === `space#${SPACE}` || String(value).startsWith(`space#${SPACE}#`);

const builders = Object.entries(keys).filter(([name, fn]) => typeof fn === 'function' && !SYSTEM_INDEXES.has(name) && name !== 'spacePrefix');

describe('table keys', () => {
  it.each(builders)('%s puts the Space first in every partition key', (_name, build) => {
    for (const args of [['a', 'b', 'c', 'd'], ['contact', 'x#y', '2026-01-01T00:00:00.000Z', 'm']]) {
      const built = (build as (...a: string[]) => unknown)(SPACE, ...args);
      const partitions = typeof built === 'string' ? [built]
        : Object.entries(built as Record<string, unknown>).filter(([k]) => /pk$/.test(k)).map(([, v]) => v);

      expect(partitions.length).toBeGreaterThan(0);
      expect(partitions.every(startsWithSpace)).toBe(true);
    }
  });

  it('has no Scan on any request path', () => {
    const files = ['functions', 'shared'].flatMap((dir) => readdirSync(dir, { recursive: true, encoding: 'utf8' }).map((f) => join(dir, f)));
    const scanning = files.filter((f) => f.endsWith('.ts') && /\bScanCommand\b|\.scan\(/.test(readFileSync(f, 'utf8')));

    expect(scanning).toEqual([]);
  });
});
