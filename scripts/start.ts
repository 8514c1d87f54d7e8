/**
 * `npm start` (after scripts/start.sh has installed and built everything): starts the local ModelArts
 * emulator with its demo data and code-server with the packaged extension installed, as a user would
 * install it, pointed at the emulator through `MODELARTS_EMULATOR_URL` (the extension then stores the
 * demo credentials in SecretStorage itself). Prints the URL to open; Ctrl+C stops everything.
 *
 * Options: `--vsix FILE` (required; start.sh passes it), `--port N` or `PORT` (workbench port, default
 * 8080, or a free one when 8080 is taken), `--emulator-port N` (default a free port), `--latency MS`
 * and `--delete-delay MS` (emulator behaviour, default 0 and 3000).
 */
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';
import { startAuthProxy, type AuthProxy } from './vscode/authProxy';
import { startCodeServer, type CodeServer } from './vscode/codeServer';
import { makeRunDir } from './vscode/runtime';
import { EMULATOR_URL_ENV } from '../src/constants';
import { startEmulator, type Emulator } from '../test/fixtures/emulator';

const DEFAULT_PORT = 8080;

interface StartOptions {
  vsix: string;
  port?: number;
  emulatorPort: number;
  latencyMs: number;
  deleteDelayMs: number;
}

class UsageError extends Error {}

function parseArgs(argv: readonly string[]): StartOptions {
  const values = new Map<string, string>();
  for (let i = 0; i < argv.length; i++) {
    const match = /^--(vsix|port|emulator-port|latency|delete-delay)(?:=(.*))?$/.exec(argv[i]);
    if (!match) {
      throw new UsageError(`Unknown argument ${argv[i]}. Use --port N, --emulator-port N, --latency MS or --delete-delay MS.`);
    }
    const value = match[2] ?? argv[++i];
    if (value === undefined) {
      throw new UsageError(`--${match[1]} needs a value.`);
    }
    values.set(match[1], value);
  }
  const number = (name: string, fallback: string | undefined, max: number): number | undefined => {
    const text = values.get(name) ?? fallback;
    if (text === undefined) {
      return undefined;
    }
    const parsed = Number(text);
    if (!Number.isInteger(parsed) || parsed < 0 || parsed > max) {
      throw new UsageError(`--${name} must be a whole number from 0 to ${max}, not "${text}".`);
    }
    return parsed;
  };
  const vsix = values.get('vsix');
  if (!vsix || !fs.existsSync(vsix)) {
    throw new UsageError('The packaged extension is missing: run `npm start`, which builds it first.');
  }
  return {
    vsix,
    port: number('port', process.env.PORT, 65535),
    emulatorPort: number('emulator-port', undefined, 65535) ?? 0,
    latencyMs: number('latency', undefined, 60_000) ?? 0,
    deleteDelayMs: number('delete-delay', undefined, 600_000) ?? 3000,
  };
}

function portIsFree(port: number): Promise<boolean> {
  return new Promise(resolve => {
    const probe = net.createServer();
    probe.once('error', () => resolve(false));
    probe.listen(port, '127.0.0.1', () => probe.close(() => resolve(true)));
  });
}

async function main(): Promise<void> {
  const options = parseArgs(process.argv.slice(2));
  let port = options.port;
  if (port === undefined) {
    port = await portIsFree(DEFAULT_PORT) ? DEFAULT_PORT : 0;
  }
  const runDir = makeRunDir('start-');
  let emulator: Emulator | undefined;
  let server: CodeServer | undefined;
  let proxy: AuthProxy | undefined;
  let stopping = false;
  const stopAll = async (code: number, quietly = false) => {
    if (stopping) {
      return;
    }
    stopping = true;
    if (!quietly) {
      console.log('\n[start] stopping code-server and the emulator');
    }
    await proxy?.close();
    await server?.stop();
    await emulator?.close();
    fs.rmSync(runDir, { recursive: true, force: true });
    process.exit(code);
  };
  // code-server runs in its own session, so no signal of this terminal reaches it: each one that ends
  // this process must stop it here. SIGHUP (the terminal closed) most of all, or a password-less VS
  // Code would stay up with nobody to stop it; with the terminal gone there is nobody to tell, either.
  process.on('SIGINT', () => void stopAll(0));
  process.on('SIGTERM', () => void stopAll(0));
  process.on('SIGHUP', () => void stopAll(0, true));

  try {
    emulator = await startEmulator({
      port: options.emulatorPort,
      latencyMs: options.latencyMs,
      deleteDelayMs: options.deleteDelayMs,
      // Date the demo data from now, so the jobs look like yesterday's work rather than last year's.
      baseTimeMs: Date.now() - (Date.now() % 60_000),
      // A job with many failed and canceled runs, so Clean Up… has something to show.
      cleanupDemo: true,
      // A queued run (old-version and new-version) that starts after 20 s and fails after 90 s: live status shows it.
      liveDemo: { startMs: 20_000, failMs: 90_000 },
      // Running logs grow as training writes them: Follow Log shows new lines arrive.
      logLinesPerSecond: 2,
      quiet: false,
      log: line => console.log(`[emulator] ${line}`),
    });
    console.log(`[start] emulator on ${emulator.url} (project ${emulator.projectId}, region ${emulator.region})`);
    // code-server on a socket only this user can open; the browser reaches it through the proxy,
    // with the token of the printed URL. No other local user gets a workbench (and a shell) this way.
    const socketPath = path.join(runDir, 'code-server.sock');
    server = await startCodeServer({
      runDir,
      socket: socketPath,
      installVsix: options.vsix,
      env: { [EMULATOR_URL_ENV]: emulator.url },
    });
    proxy = await startAuthProxy({ socketPath, port });
  } catch (error) {
    console.error(`[start] ${(error as Error).message}`);
    await stopAll(1);
    return;
  }
  void server.exited.then(code => {
    if (!stopping) {
      console.error(`[start] code-server exited unexpectedly (${code}); its log: ${server?.logFile}`);
      void stopAll(1);
    }
  });
  console.log([
    '',
    `  ModelArts Training Jobs is running in VS Code (code-server) at  ${proxy.url}`,
    '  Open it in a browser on this machine and click the ModelArts icon in the activity bar. The URL holds a',
    '  token: without it the workbench refuses the browser (it listens on this machine only).',
    `  The extension is connected to the local emulator (${emulator.url}) with demo credentials.`,
    `  code-server log: ${server.logFile} (process group ${server.process.pid})`,
    '  Press Ctrl+C to stop everything.',
    '',
  ].join('\n'));
}

main().catch(error => {
  console.error(error instanceof UsageError ? `[start] ${error.message}` : error);
  process.exit(error instanceof UsageError ? 64 : 1);
});
