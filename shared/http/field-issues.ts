import type { z } from 'zod';
import type { FieldIssue } from '../domain/errors.js';

export type RequestPart = 'body' | 'query' | 'path' | 'header';

const escape = (segment: PropertyKey): string => String(segment).replace(/~/g, '~0').replace(/\//g, '~1');

/** Turns zod issues into field problems with JSON pointers, one per unknown key as well. */
export const fieldIssuesOf = (error: z.ZodError, part: RequestPart): (FieldIssue & { in: RequestPart })[] =>
  error.issues.flatMap((issue) => {
    const base = `#/${issue.path.map(escape).join('/')}`.replace(/\/$/, '');
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => ({ in: part, pointer: `${base === '#' ? '#' : base}/${escape(key)}`, detail: 'is not a known field' }));
    }
    return [{ in: part, pointer: base, detail: issue.message }];
  });
