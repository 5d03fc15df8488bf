import { mkdtemp, rm, symlink } from 'node:fs/promises';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startDynamoDbLocal, type DynamoDbLocal } from '../../../infra/local/emulators/dynamodb.js';

const listTables = async (endpoint: string) => {
  const client = new DynamoDBClient({ endpoint, region: 'us-east-1', credentials: { accessKeyId: 'x', secretAccessKey: 'x' } });
  try {
    return await client.send(new ListTablesCommand({}));
  } finally {
    client.destroy();
  }
};

describe('DynamoDB Local starter', () => {
  let dir: string;
  let started: DynamoDbLocal | undefined;
  const path = process.env.PATH;
  beforeAll(async () => { dir = await mkdtemp(join(tmpdir(), 'ddb-local-')); });
  afterEach(async () => {
    process.env.PATH = path;
    await started?.stop();
    started = undefined;
  });
  afterAll(async () => { await rm(dir, { recursive: true, force: true }); });

  it('falls back to a free port when the preferred one is taken', async () => {
    const squatter: Server = createServer();
    await new Promise<void>((resolve) => squatter.listen(0, '127.0.0.1', resolve));
    const taken = (squatter.address() as { port: number }).port;

    started = await startDynamoDbLocal({ port: taken });
    squatter.close();

    expect(started.port).not.toBe(taken);
    expect((await listTables(started.endpoint)).TableNames).toEqual([]);
  });

  it('says what to install when java is not on PATH', async () => {
    process.env.PATH = join(dir, 'empty-bin');

    const attempt = startDynamoDbLocal({ port: 0 });

    await expect(attempt).rejects.toThrow(/needs Java 17 or newer \(`java` is not on PATH\)/);
    await expect(attempt).rejects.toThrow(/apt-get install default-jre-headless/);
  });

  it('runs its launcher with a Java runtime alone (no javac), from source', async () => {
    const bin = join(dir, 'jre-only-bin');
    const java = execFileSync('sh', ['-c', 'readlink -f "$(command -v java)"']).toString().trim();
    await import('node:fs/promises').then((fs) => fs.mkdir(bin, { recursive: true }));
    await symlink(java, join(bin, 'java'));
    process.env.PATH = bin;

    started = await startDynamoDbLocal({ port: 0, launcherCache: join(dir, 'no-cache-yet') });

    expect((await listTables(started.endpoint)).TableNames).toEqual([]);
  });
});
