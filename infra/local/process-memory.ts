import { readdirSync, readFileSync } from 'node:fs';

export interface TreeMemory {
  /** Resident memory of this process and every descendant (DynamoDB Local, function processes), in MB. */
  readonly totalMb: number;
  readonly processes: number;
}

/**
 * The resident memory of the local stack: this process plus all its descendants, read from /proc.
 * Where /proc does not exist (macOS), only this process is counted.
 */
export function treeMemory(root = process.pid): TreeMemory {
  const own = { totalMb: Math.round(process.memoryUsage().rss / 2 ** 20), processes: 1 };
  let entries: string[];
  try {
    entries = readdirSync('/proc').filter((name) => /^\d+$/.test(name));
  } catch {
    return own;
  }
  const children = new Map<number, number[]>();
  for (const name of entries) {
    const ppid = Number(/^\d+ \(.*\) \S (\d+)/s.exec(read(`/proc/${name}/stat`))?.[1] ?? -1);
    children.set(ppid, [...(children.get(ppid) ?? []), Number(name)]);
  }
  let kb = 0;
  let count = 0;
  for (const stack = [root]; stack.length > 0;) {
    const pid = stack.pop()!;
    kb += Number(/VmRSS:\s+(\d+) kB/.exec(read(`/proc/${pid}/status`))?.[1] ?? 0);
    count += 1;
    stack.push(...(children.get(pid) ?? []));
  }
  return { totalMb: Math.round(kb / 1024), processes: count };
}

const read = (file: string): string => {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return '';
  }
};
