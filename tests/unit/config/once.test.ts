import { describe, expect, it } from 'vitest';
import { once } from '../../../shared/config/config.js';

describe('once', () => {
  it('builds a value on the first call and hands the same one back after', () => {
    let builds = 0;
    const get = once(() => ({ n: ++builds }));
    expect(get()).toBe(get());
    expect(builds).toBe(1);
  });

  it('builds again after a promise that rejected, and keeps the one that resolved', async () => {
    let builds = 0;
    const get = once(async () => {
      builds += 1;
      if (builds === 1) throw new Error('KMS throttled on the cold start');
      return { build: builds };
    });
    await expect(get()).rejects.toThrow('KMS throttled');
    const second = await get();
    expect(second).toEqual({ build: 2 });
    expect(await get()).toBe(second);
    expect(builds).toBe(2);
  });
});
