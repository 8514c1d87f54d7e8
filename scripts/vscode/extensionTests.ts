/**
 * Runs extension tests inside the real extension host of code-server, the way VS Code's own browser
 * integration tests do: a headless browser opens the workbench with
 * `?payload=[["extensionDevelopmentPath",..],["extensionTestsPath",..]]`, and the workbench calls
 * `window.codeAutomationExit(code)` once the tests' `run()` settles.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as util from 'node:util';
import { launchChromium } from './chromium';
import { startCodeServer } from './codeServer';
import { makeRunDir } from './runtime';
import { CANARY_SEED_ENV, SCAN_DIRS_ENV, canariesFromSeed, scanForSecrets } from './secretScan';

/** What to run. */
export interface ExtensionTestOptions {
  extensionDevelopmentPath: string[];
  /** The compiled module whose `run()` the extension host calls. */
  extensionTestsPath: string;
  /** Folder opened in the workbench; none opens an empty window. */
  workspace?: string;
  timeoutMs: number;
}

export { CANARY_SEED_ENV, SCAN_DIRS_ENV, newCanarySeed } from './secretScan';

/**
 * Environment variable with a JSON array of folders that hold the runner's own output (e.g.
 * `test-results/logs`, where `npm test` keeps each step's output): scanned for canaries after the run
 * with the run's folders, but not handed to the tests.
 */
export const LOG_SCAN_DIRS_ENV = 'MODELARTS_LOG_SCAN_DIRS';

/** The folders of {@link LOG_SCAN_DIRS_ENV} that exist. */
export function logScanDirs(env: NodeJS.ProcessEnv = process.env): string[] {
  const raw = env[LOG_SCAN_DIRS_ENV];
  if (!raw) {
    return [];
  }
  const dirs: unknown = JSON.parse(raw);
  if (!Array.isArray(dirs) || !dirs.every(dir => typeof dir === 'string')) {
    throw new Error(`${LOG_SCAN_DIRS_ENV} must be a JSON list of folders.`);
  }
  return dirs.filter(dir => fs.existsSync(dir));
}

/**
 * Workbench chatter that reaches `codeAutomationLog` with the tests' output: kept in the run's
 * workbench.log, left out of the console. Skipped gallery lookups (see NO_EXTENSION_GALLERY) and cancellations on
 * shutdown are expected.
 */
const WORKBENCH_NOISE = new RegExp([
  '^Resolv(ing|ed) connection token', '^Creating a socket', '^\\[reconnection-grace-time\\]',
  '^Updating additional builtin extensions', '^\\[Service Worker\\]', '^\\[AgentHost', '^\\[AccountPolicyGate\\]',
  'ENOTFOUND open-vsx\\.org', '^Ignoring fetching additional builtin extensions from gallery as it is disabled',
  '^Canceled: Canceled',
].join('|'));

/** Runs the tests and resolves with their exit code (0 = all passed); never rejects for a test failure. */
export async function runExtensionTests(options: ExtensionTestOptions): Promise<number> {
  const started = Date.now();
  const elapsed = () => `${((Date.now() - started) / 1000).toFixed(1)} s`;
  const runDir = makeRunDir('cs-');
  const profileDir = path.join(runDir, 'browser');
  const scanDirs = [runDir, ...(options.workspace ? [path.resolve(options.workspace)] : [])];
  if (options.workspace) {
    fs.mkdirSync(options.workspace, { recursive: true });
  }
  const server = await startCodeServer({
    runDir: path.join(runDir, 'server'),
    folder: options.workspace,
    smokeTestDriver: true,
    env: { [SCAN_DIRS_ENV]: JSON.stringify(scanDirs) },
  });
  // Everything this runner prints also goes to runner.log, so the scan after the run covers it too.
  const runnerLog = fs.createWriteStream(path.join(runDir, 'runner.log'));
  const say = (line: string, stream: 'out' | 'err' = 'out') => {
    runnerLog.write(`${line}\n`);
    (stream === 'out' ? console.log : console.error)(line);
  };
  say(`[host-tests] code-server on ${server.url} after ${elapsed()} (run folder ${runDir})`);
  let code: number;
  let why: string;
  const browser = await launchChromium({ profileDir });
  const workbenchLog = fs.createWriteStream(path.join(runDir, 'workbench.log'));
  try {
    let finish: (result: { code: number; why: string }) => void = () => undefined;
    const result = new Promise<{ code: number; why: string }>(resolve => (finish = resolve));
    const timer = setTimeout(() => finish({ code: 2, why: `timed out after ${options.timeoutMs / 1000} s` }), options.timeoutMs);
    void server.exited.then(exitCode => finish({ code: 3, why: `code-server exited with ${exitCode}` }));
    // Both must exist before navigation: the workbench looks them up on window at start.
    await browser.page.exposeFunction('codeAutomationLog', (type: string, args: unknown) => {
      const line = util.format(...(Array.isArray(args) ? args : [args]));
      workbenchLog.write(`[${type}] ${line}\n`);
      if (!WORKBENCH_NOISE.test(line)) {
        say(line);
      }
    });
    await browser.page.exposeFunction('codeAutomationExit', (exitCode: number) => finish({ code: exitCode, why: 'the extension host finished the tests' }));
    browser.page.on('pageerror', error => say(`[host-tests] page error: ${error.message}`, 'err'));
    const remote = (file: string) => `vscode-remote://${server.authority}${path.resolve(file)}`;
    const payload = JSON.stringify([
      ...options.extensionDevelopmentPath.map(dir => ['extensionDevelopmentPath', remote(dir)]),
      ['extensionTestsPath', remote(options.extensionTestsPath)],
      ['skipWelcome', 'true'],
    ]);
    const folder = options.workspace ? `&folder=${encodeURIComponent(path.resolve(options.workspace))}` : '&ew=true';
    await browser.page.goto(`${server.url}?payload=${encodeURIComponent(payload)}${folder}`);
    ({ code, why } = await result);
    clearTimeout(timer);
  } catch (error) {
    code = 3;
    why = `the runner failed: ${(error as Error).message}`;
  } finally {
    await browser.close();
    await server.stop();
    await new Promise<void>(resolve => workbenchLog.end(resolve));
  }
  say(`[host-tests] ${why}; exit code ${code}; ${elapsed()}`);
  await new Promise<void>(resolve => runnerLog.end(resolve));

  const seed = process.env[CANARY_SEED_ENV];
  if (seed) {
    // Only now is everything flushed: the browser's storage, the server's logs and runner.log are closed.
    const scan = scanForSecrets([...scanDirs, ...logScanDirs()], canariesFromSeed(seed));
    for (const hit of scan.hits) {
      console.log(`[host-tests] SECRET ON DISK: the ${hit.label} is in ${hit.file}`);
    }
    const failed = scan.hits.length > 0 ? 1 : 0;
    console.log(`[host-tests] after the run, ${scan.filesScanned} files (${(scan.bytesScanned / 1e6).toFixed(1)} MB) `
      + 'of server data, logs, browser profile, workspace and this runner\'s output scanned for canary secrets: '
      + `${scan.hits.length} hit(s)`);
    console.log(`[result] no canary secret on disk after the host tests: ${1 - failed} passed, ${failed} failed`);
    if (failed && code === 0) {
      code = 4;
    }
  }
  if (code === 0 && !process.env.KEEP_TMP) {
    fs.rmSync(runDir, { recursive: true, force: true });
  } else {
    console.log(`[host-tests] kept the run folder for inspection: ${runDir} (server log: ${server.logFile}, workbench log: ${path.join(runDir, 'workbench.log')})`);
  }
  return code;
}
