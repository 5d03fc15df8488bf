import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decodeJwt } from 'jose';
import type { TestProject } from 'vitest/node';
import { LOCAL_AUDIENCE, loadIdpKeys, mintToken } from '../../../infra/local/idp.js';
import { REPO_ROOT } from '../../../infra/local/local-stack.js';
import type { ConsoleSession } from './console.js';

const READY_TIMEOUT_MS = 180_000;

/**
 * Runs `npm start` itself (start.ts in a child process, fresh temp state) for the browser suite: the
 * same stack, demo Space, demo mailbox and console a developer gets. A child process keeps its
 * handler environment apart from the integration project's stack in this process.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const stateDir = await mkdtemp(join(tmpdir(), 'mailbridge-browser-'));
  const child = spawn(process.execPath, ['--import', 'tsx', 'infra/local/start.ts', '--state-dir', stateDir], {
    cwd: REPO_ROOT, detached: true, stdio: ['ignore', 'pipe', 'pipe'],
    // OAUTH_LOCAL_IMAP configures the local OAuth2 provider, so the console can start its flow (Re-authorize).
    // No IMAP server here checks its tokens (port 9 has no listener): the callback's connection fails,
    // and the full flow is covered by the integration tests with a private Dovecot.
    env: { ...process.env, STRIPE_SECRET_KEY: '', POWERTOOLS_LOG_LEVEL: 'SILENT', OAUTH_LOCAL_IMAP: '127.0.0.1:9' },
  });
  let output = '';
  const keep = (chunk: Buffer) => { output = (output + chunk.toString()).slice(-20_000); };
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      process.kill(-child.pid!, 'SIGINT');
      const timer = setTimeout(() => process.kill(-child.pid!, 'SIGKILL'), 15_000);
      await exited;
      clearTimeout(timer);
    }
    await rm(stateDir, { recursive: true, force: true });
  };
  const sessionFile = join(stateDir, 'session.json');
  const deadline = Date.now() + READY_TIMEOUT_MS;
  while (!existsSync(sessionFile) || !/ready in/.test(output)) {
    if (child.exitCode !== null || Date.now() > deadline) {
      await stop();
      throw new Error(`npm start did not come up for the browser tests:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  const session = await readSession(sessionFile, deadline).catch(async (error: unknown) => { await stop(); throw error; });
  const { iss } = decodeJwt(session.token);
  const staffToken = await mintToken(await loadIdpKeys(join(stateDir, 'keys')), {
    spaceId: session.spaceId, role: 'staff', sub: 'browser-staff', email: 'staff@demo.example', issuer: String(iss), audience: LOCAL_AUDIENCE,
  });
  project.provide('console', { ...session, staffToken });
  return stop;
}

/** session.json may be seen before it is fully written: read it again until it parses (or the deadline). */
async function readSession(file: string, deadline: number): Promise<Omit<ConsoleSession, 'staffToken'>> {
  for (;;) {
    try {
      return JSON.parse(await readFile(file, 'utf8')) as Omit<ConsoleSession, 'staffToken'>;
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((r) => setTimeout(r, 250));
    }
  }
}
