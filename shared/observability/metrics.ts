/** The narrow metrics port: one value of one metric, now. */
export interface Metrics {
  count(name: string, value: number): void;
}

export interface EmfTarget {
  readonly namespace: string;
  readonly dimensions: Readonly<Record<string, string>>;
}

/**
 * Metrics as CloudWatch embedded metric format lines on stdout: Lambda ships them with the logs and
 * CloudWatch turns them into metrics, with no API call and no IAM grant.
 */
export function createEmfMetrics(target: EmfTarget, write: (line: string) => void = (line) => { process.stdout.write(`${line}\n`); }): Metrics {
  return {
    count(name, value) {
      write(JSON.stringify({
        _aws: { Timestamp: Date.now(), CloudWatchMetrics: [{ Namespace: target.namespace, Dimensions: [Object.keys(target.dimensions)], Metrics: [{ Name: name, Unit: 'Count' }] }] },
        ...target.dimensions,
        [name]: value,
      }));
    },
  };
}
