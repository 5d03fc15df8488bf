import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { problems } from '../../../shared/http/problem.js';

describe('problem types', () => {
  it('documents every code with its status in docs/problems.md', () => {
    const doc = readFileSync('docs/problems.md', 'utf8');

    const undocumented = Object.entries(problems).filter(([code, [status]]) => !doc.includes(`| ${code} | ${status} |`));

    expect(undocumented).toEqual([]);
  });
});
