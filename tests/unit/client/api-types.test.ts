import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { API_TYPES_FILE, generateApiTypes } from '../../../shared/client/generate-api-types.js';

describe('the generated API types', () => {
  it('match the contracts (run `npm run client` after changing one)', async () => {
    const fresh = await generateApiTypes();
    const committed = await readFile(API_TYPES_FILE, 'utf8');

    const stale = fresh !== committed;

    expect(stale, 'shared/client/api-types.ts is stale: run `npm run client`').toBe(false);
  });
});
