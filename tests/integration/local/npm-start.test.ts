import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../../infra/local/local-stack.js';
import { PREFERRED_PORTS } from '../../../infra/local/ports.js';
import { eventually } from '../../support/eventually.js';

/** Holds a port on 127.0.0.1; undefined when another process already holds it (just as taken). */
async function squat(port: number): Promise<Server | undefined> {
  const server = createServer();
  return new Promise((resolve) => {
    server.once('error', () => resolve(undefined));
    server.listen(port, '127.0.0.1', () => resolve(server));
  });
}

const portOf = (server: Server) => (server.address() as { port: number }).port;

interface Session { apiUrl: string; token: string; mailViewerUrl: string }

describe('npm start with every preferred port taken', () => {
  let stateDir: string;
  let child: ChildProcess;
  let output = '';
  const squatters: (Server | undefined)[] = [];

  beforeAll(async () => {
    for (const port of Object.values(PREFERRED_PORTS)) squatters.push(await squat(port));
    stateDir = await mkdtemp(join(tmpdir(), 'npm-start-'));
    child = spawn(process.execPath, ['--import', 'tsx', 'infra/local/start.ts', '--state-dir', stateDir], {
      cwd: REPO_ROOT, detached: true, stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, STRIPE_SECRET_KEY: '', POWERTOOLS_LOG_LEVEL: 'SILENT' },
    });
    child.stdout!.on('data', (chunk: Buffer) => { output += chunk.toString(); });
    child.stderr!.on('data', (chunk: Buffer) => { output += chunk.toString(); });
  }, 30_000);
  afterAll(async () => {
    if (child.exitCode === null) process.kill(-child.pid!, 'SIGKILL');
    for (const s of squatters) s?.close();
    await rm(stateDir, { recursive: true, force: true });
  });

  it('comes up on other ports, prints a curl line that works, and stops on Ctrl-C', async () => {
    const sessionFile = join(stateDir, 'session.json');
    await eventually(async () => existsSync(sessionFile) && child.exitCode === null, (ready) => ready || child.exitCode !== null, 90_000);
    expect(child.exitCode, output).toBeNull();
    const session = JSON.parse(await readFile(sessionFile, 'utf8')) as Session;
    const curl = /^curl -H "Authorization: Bearer (\S+)" (\S+)$/m.exec(output);

    const reply = await fetch(curl![2]!, { headers: { authorization: `Bearer ${curl![1]}` } });
    const ports = [session.apiUrl, session.mailViewerUrl].map((u) => Number(new URL(u).port));
    process.kill(-child.pid!, 'SIGINT');
    const code = await new Promise<number | null>((resolve) => child.once('exit', (c) => resolve(c)));

    expect(reply.status).toBe(200);
    // A port another process held may have been freed again before npm start looked; ours stay taken.
    const held = squatters.filter((s): s is Server => s !== undefined).map(portOf);
    for (const port of ports) expect(held).not.toContain(port);
    expect(output).not.toMatch(/DynamoDB Local exited early/);
    expect(code).toBe(0);
  }, 120_000);
});
