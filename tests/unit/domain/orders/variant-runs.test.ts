import { describe, expect, it } from 'vitest';
import { separateVariantRuns } from '../../../../shared/domain/orders/variant-runs.js';

describe('separateVariantRuns', () => {
  it.each([
    ['mailer bags small 200 large 100', 'mailer bags small 200,large 100'],
    ['Tees (black): S-10 M-10 L-5', 'Tees (black): S 10,M 10,L 5'],
    ['gloves 6 medium 6 large', 'gloves 6 medium,6 large'],
    ['S 4 M 6 L 2', 'S 4,M 6,L 2'],
  ])('puts a comma between the pairs of "%s", keeping the length', (line, want) => {
    expect(separateVariantRuns(line)).toBe(want);
    expect(separateVariantRuns(line)).toHaveLength(line.length);
  });

  it.each(['M8 M10 bolts 50 each', 'box-S 10', 'Large 20 boxes', 'TSH-M-BLK 10 TSH-L-BLK 5'])('leaves "%s" as it is', (line) => {
    expect(separateVariantRuns(line)).toBe(line);
  });
});
