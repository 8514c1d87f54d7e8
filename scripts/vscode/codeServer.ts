/**
 * Starts code-server (the real VS Code 1.139 server, its Node extension host and the web workbench) in
 * its own process group, with its own user data, extensions, config, `TMPDIR` and `XDG_*` folders, so
 * runs never share state with each other or with the user's own code-server.
 */
import { ChildProcess, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { CODE_SERVER_ENTRY, NODE24, assertRuntimeInstalled, makeRunDir } from './runtime';

/** What to start. */
export interface CodeServerOptions {
  /** Folder the workbench opens by default. */
  folder?: string;
  /** A `.vsix` installed with `--install-extension` before the server starts, as a user would. */
  installVsix?: string;
  /** Extra environment for the server and therefore for its extension host. */
  env?: Record<string, string>;
  /** Port on 127.0.0.1; 0 (the default) lets the system pick a free one. */
  port?: number;
  /**
   * Listen on this unix socket (mode 0600: only this user can connect) instead of a TCP port; `npm
   * start` puts its token-checking proxy in front of it. `url`, `port` and `authority` are then empty.
   */
  socket?: string;
  /**
   * Passes `enable-smoke-test-driver`, without which a built workbench ignores the URL's
   * `payload` (extensionDevelopmentPath / extensionTestsPath). Only test runs need it.
   */
  smokeTestDriver?: boolean;
  /** `--log trace` for the server. */
  verbose?: boolean;
  /** The display language (`--locale`, e.g. `zh-cn`); the server's default (English) when not given. */
  locale?: string;
  /** Folder for this run; default a fresh one under the runtime's runs folder. */
  runDir?: string;
  /** User settings written before the server starts, beside the quiet defaults (say, an earlier version's). */
  userSettings?: Record<string, unknown>;
}

/** A running code-server. */
export interface CodeServer {
  /** `http://127.0.0.1:PORT/` */
  readonly url: string;
  readonly port: number;
  /** `127.0.0.1:PORT`, the authority of `vscode-remote://` URIs. */
  readonly authority: string;
  /** Everything this run writes lives under here (user data, extensions, logs, sockets). */
  readonly runDir: string;
  readonly userDataDir: string;
  readonly extensionsDir: string;
  /** The server's own stdout and stderr. */
  readonly logFile: string;
  readonly process: ChildProcess;
  /** Resolves with the exit code when the server process ends. */
  readonly exited: Promise<number | null>;
  /** Ends the server and every process it started (its process group). Idempotent. */
  stop(): Promise<void>;
}

/** Settings that keep the workbench quiet and offline: no welcome page, tips, telemetry or AI panels. */
const QUIET_SETTINGS = {
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'telemetry.telemetryLevel': 'off',
  'extensions.autoUpdate': false,
  'extensions.autoCheckUpdates': false,
  'extensions.ignoreRecommendations': true,
  'workbench.enableExperiments': false,
  'security.workspace.trust.enabled': false,
  'chat.disableAIFeatures': true,
  'window.commandCenter': false,
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
  'update.mode': 'none',
  // No animations: screenshots show menus and dialogs fully drawn.
  'workbench.reduceMotion': 'on',
};

const START_TIMEOUT_MS = 60_000;

/** A bound for `--install-extension` of a local `.vsix` (a few seconds normally). */
const INSTALL_TIMEOUT_MS = 90_000;

/**
 * Product configuration of code-server's extension gallery (`EXTENSIONS_GALLERY`): none, which disables
 * the gallery. The workbench then never looks anything up in Open VSX, which on a network that drops
 * outbound packets (rather than refusing them) would hang until long timeouts; the runs stay offline.
 */
export const NO_EXTENSION_GALLERY = '{}';

/**
 * Runs a command to its end with its output appended to `logFile` (code-server's CLI, e.g.
 * `--install-extension`). Rejects, naming `what` and the log, when it fails or is still running after
 * `timeoutMs` (it is then killed).
 */
export function runToEnd(what: string, command: string, args: string[], env: NodeJS.ProcessEnv, logFile: string, timeoutMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const out = fs.openSync(logFile, 'a');
    const child = spawn(command, args, { env, stdio: ['ignore', out, out] });
    let timedOut = false;
    let settled = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, timeoutMs);
    // 'error' (it could not start) and 'exit' may both come; the first settles.
    const finish = (error?: Error) => {
      if (settled) {
        return;
      }
      settled = true;
      clearTimeout(timer);
      fs.closeSync(out);
      if (error) {
        reject(error);
      } else {
        resolve();
      }
    };
    child.on('error', error => finish(new Error(`${what} could not start: ${error.message}`)));
    child.on('exit', code => finish(
      timedOut ? new Error(`${what} did not finish within ${timeoutMs / 1000} s and was stopped; see ${logFile}`)
        : code === 0 ? undefined : new Error(`${what} exited with ${code}; see ${logFile}`)));
  });
}

/** True while any process of the group led by `pid` is alive. */
function groupAlive(pid: number): boolean {
  try {
    process.kill(-pid, 0);
    return true;
  } catch {
    return false;
  }
}

const sleep = (ms: number) => new Promise(resolve => setTimeout(resolve, ms));

/** Starts code-server and resolves once it accepts connections. */
export async function startCodeServer(options: CodeServerOptions = {}): Promise<CodeServer> {
  assertRuntimeInstalled();
  const runDir = options.runDir ?? makeRunDir('cs-');
  const userDataDir = path.join(runDir, 'user-data');
  const extensionsDir = path.join(runDir, 'extensions');
  const logFile = path.join(runDir, 'code-server.log');
  fs.mkdirSync(path.join(userDataDir, 'User'), { recursive: true });
  fs.mkdirSync(path.join(runDir, 't'), { recursive: true });
  fs.writeFileSync(path.join(userDataDir, 'User', 'settings.json'), JSON.stringify({ ...QUIET_SETTINGS, ...options.userSettings }, null, 2));
  const configFile = path.join(runDir, 'config.yaml');
  // Loopback only and no password: the server is reachable from this machine alone.
  fs.writeFileSync(configFile, 'auth: none\ncert: false\n');
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    EXTENSIONS_GALLERY: NO_EXTENSION_GALLERY,
    ...options.env,
    TMPDIR: path.join(runDir, 't'),
    XDG_CONFIG_HOME: path.join(runDir, 'xdg-config'),
    XDG_DATA_HOME: path.join(runDir, 'xdg-data'),
    XDG_CACHE_HOME: path.join(runDir, 'xdg-cache'),
  };
  const common = [CODE_SERVER_ENTRY, '--config', configFile, '--user-data-dir', userDataDir, '--extensions-dir', extensionsDir];
  if (options.installVsix) {
    const vsix = path.resolve(options.installVsix);
    await runToEnd(`code-server --install-extension ${vsix}`, NODE24, [...common, '--install-extension', vsix, '--force'], env, logFile, INSTALL_TIMEOUT_MS);
  }
  const args = [...common,
    ...(options.socket ? ['--socket', options.socket, '--socket-mode', '600'] : ['--bind-addr', `127.0.0.1:${options.port ?? 0}`]),
    '--disable-telemetry', '--disable-update-check', '--disable-workspace-trust',
    '--disable-getting-started-override', '--ignore-last-opened',
    ...(options.smokeTestDriver ? ['--vscode-option', 'enable-smoke-test-driver'] : []),
    ...(options.verbose ? ['--log', 'trace'] : []),
    ...(options.locale ? ['--locale', options.locale] : []),
    ...(options.folder ? [path.resolve(options.folder)] : [])];
  // detached: its own process group, so stop() ends the extension host, pty host and watchers too.
  const child = spawn(NODE24, args, { env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  const pid = child.pid;
  if (pid === undefined) {
    throw new Error(`Could not start ${NODE24}.`);
  }
  // If this process dies without calling stop(), do not leave a server behind.
  const killOnExit = () => {
    try {
      process.kill(-pid, 'SIGKILL');
    } catch {
      // already gone
    }
  };
  process.on('exit', killOnExit);
  const log = fs.createWriteStream(logFile, { flags: 'a' });
  child.stdout.pipe(log);
  child.stderr.pipe(log);
  const exited = new Promise<number | null>(resolve => child.on('exit', code => resolve(code)));

  const port = await new Promise<number>((resolve, reject) => {
    let seen = '';
    const timer = setTimeout(() => reject(new Error(`code-server did not start within ${START_TIMEOUT_MS / 1000} s; see ${logFile}`)), START_TIMEOUT_MS);
    const onData = (data: Buffer) => {
      seen += data.toString();
      const match = options.socket ? /HTTP server listening on \//.exec(seen) : /HTTP server listening on https?:\/\/[^:]+:(\d+)/.exec(seen);
      if (match) {
        clearTimeout(timer);
        resolve(match[1] === undefined ? 0 : Number(match[1]));
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    void exited.then(code => {
      clearTimeout(timer);
      reject(new Error(`code-server exited with ${code} before listening; see ${logFile}`));
    });
  }).catch(async error => {
    killOnExit();
    process.removeListener('exit', killOnExit);
    throw error;
  });

  let stopping: Promise<void> | undefined;
  const stop = () => {
    stopping ??= (async () => {
      try {
        process.kill(-pid, 'SIGTERM');
      } catch {
        // already gone
      }
      for (let waited = 0; waited < 5000 && groupAlive(pid); waited += 100) {
        await sleep(100);
      }
      killOnExit();
      for (let waited = 0; waited < 2000 && groupAlive(pid); waited += 100) {
        await sleep(100);
      }
      process.removeListener('exit', killOnExit);
      log.end();
    })();
    return stopping;
  };

  const authority = options.socket ? '' : `127.0.0.1:${port}`;
  const url = options.socket ? '' : `http://${authority}/`;
  return { url, port, authority, runDir, userDataDir, extensionsDir, logFile, process: child, exited, stop };
}
