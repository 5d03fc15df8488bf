import { describe, expect, it } from 'vitest';
import { normalizeWord } from '../../../../shared/domain/orders/tokens.js';

describe('normalizeWord singular forms', () => {
  it.each([
    ['sizes', 'size'], ['prizes', 'prize'], ['buzzes', 'buzz'], ['boxes', 'box'], ['glasses', 'glass'],
    ['batches', 'batch'], ['brushes', 'brush'], ['cases', 'case'], ['pieces', 'piece'], ['hinges', 'hinge'],
    ['straws', 'straw'], ['batteries', 'battery'], ['gloves', 'glove'],
  ])('reads "%s" as "%s"', (plural, singular) => {
    expect(normalizeWord(plural)).toBe(singular);
  });
});
