import type { Contract } from '../../../shared/http/contract.js';

export interface RouteMatch {
  readonly contract: Contract;
  readonly pathParameters: Record<string, string>;
}

interface CompiledRoute {
  readonly contract: Contract;
  readonly segments: readonly string[];
  readonly literals: number;
}

/**
 * Compiles contracts into a matcher with API Gateway's precedence: the route with more literal
 * segments wins (`/contacts/merge` before `/contacts/{id}`); `{name+}` is greedy.
 */
export function createRouteMatcher(contracts: readonly Contract[]): (method: string, path: string) => RouteMatch | undefined {
  const routes: CompiledRoute[] = contracts.map((contract) => {
    const segments = contract.path.split('/').filter((s) => s !== '');
    return { contract, segments, literals: segments.filter((s) => !s.startsWith('{')).length };
  }).sort((a, b) => b.literals - a.literals || b.segments.length - a.segments.length);
  return (method, path) => {
    const parts = path.split('/').filter((s) => s !== '');
    for (const route of routes) {
      if (route.contract.method !== method) continue;
      const params = matchSegments(route.segments, parts);
      if (params !== undefined) return { contract: route.contract, pathParameters: params };
    }
    return undefined;
  };
}

function matchSegments(pattern: readonly string[], parts: readonly string[]): Record<string, string> | undefined {
  const params: Record<string, string> = {};
  for (let i = 0; i < pattern.length; i++) {
    const seg = pattern[i]!;
    const greedy = /^\{(.+)\+\}$/.exec(seg);
    if (greedy !== null) {
      if (i >= parts.length) return undefined;
      params[greedy[1]!] = parts.slice(i).map(safeDecode).join('/');
      return params;
    }
    const part = parts[i];
    if (part === undefined) return undefined;
    const param = /^\{(.+)\}$/.exec(seg);
    if (param !== null) params[param[1]!] = safeDecode(part);
    else if (seg !== part) return undefined;
  }
  return parts.length === pattern.length ? params : undefined;
}

function safeDecode(part: string): string {
  try {
    return decodeURIComponent(part);
  } catch {
    return part;
  }
}
