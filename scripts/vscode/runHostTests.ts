/**
 * `npm run test:host`: runs every test under out/test/host inside a real VS Code extension host with
 * `@vscode/test-electron`'s `runTests()`. Here that VS Code is code-server behind ./codeShim (desktop
 * VS Code and Electron cannot be downloaded on these machines); with `VSCODE_DESKTOP=1`, runTests()
 * downloads and uses desktop VS Code as usual. Exits non-zero when any test fails.
 *
 * Environment: `MODELARTS_HOST_TESTS` (a regular expression on test file paths) narrows the run;
 * `KEEP_TMP=1` keeps the run folders of a passing run too; `TEST_TIMEOUT_MS` bounds the run.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { runTests } from '@vscode/test-electron';
import { LOG_SCAN_DIRS_ENV, logScanDirs } from './extensionTests';
import { makeRunDir } from './runtime';
import { CANARY_SEED_ENV, SCAN_DIRS_ENV, canariesFromSeed, newCanarySeed, scanForSecrets } from './secretScan';

const ROOT = path.resolve(__dirname, '..', '..', '..');

async function main(): Promise<number> {
  const desktop = process.env.VSCODE_DESKTOP === '1';
  const runDir = makeRunDir('ws-');
  const workspace = path.join(runDir, 'workspace');
  fs.mkdirSync(workspace, { recursive: true });
  const seed = newCanarySeed();
  const extensionTestsEnv: Record<string, string> = {
    [CANARY_SEED_ENV]: seed,
    [SCAN_DIRS_ENV]: JSON.stringify([runDir]),
    // `npm test` keeps this run's console output there (tee): the scan after the run covers it too.
    [LOG_SCAN_DIRS_ENV]: JSON.stringify([path.join(ROOT, 'test-results', 'logs')]),
    ...(process.env.MODELARTS_HOST_TESTS ? { MODELARTS_HOST_TESTS: process.env.MODELARTS_HOST_TESTS } : {}),
  };
  const shim = path.join(__dirname, 'codeShim.js');
  // tsc does not keep the executable bit, and runTests() executes this file directly.
  fs.chmodSync(shim, 0o755);
  let code = 0;
  try {
    await runTests({
      ...(desktop ? {} : { vscodeExecutablePath: shim }),
      extensionDevelopmentPath: ROOT,
      extensionTestsPath: path.join(ROOT, 'out', 'test', 'host', 'index.js'),
      launchArgs: [workspace, '--disable-extensions',
        ...(desktop ? [`--user-data-dir=${path.join(runDir, 'user-data')}`, `--extensions-dir=${path.join(runDir, 'extensions')}`] : [])],
      extensionTestsEnv,
    });
  } catch (error) {
    console.error(`[host-tests] ${(error as Error).message}`);
    code = 1;
  }
  if (desktop && fs.existsSync(path.join(runDir, 'user-data'))) {
    // The shim scans its own folders; for desktop VS Code, everything it wrote is under runDir.
    const scan = scanForSecrets([runDir, ...logScanDirs(extensionTestsEnv)], canariesFromSeed(seed));
    for (const hit of scan.hits) {
      console.log(`[host-tests] SECRET ON DISK: the ${hit.label} is in ${hit.file}`);
    }
    const failed = scan.hits.length > 0 ? 1 : 0;
    console.log(`[result] no canary secret on disk after the host tests: ${1 - failed} passed, ${failed} failed`);
    code ||= failed;
  }
  if (code === 0 && !process.env.KEEP_TMP) {
    fs.rmSync(runDir, { recursive: true, force: true });
  } else {
    console.log(`[host-tests] kept the workspace and data folder: ${runDir}`);
  }
  return code;
}

main().then(code => process.exit(code), (error: Error) => {
  console.error('[host-tests]', error);
  process.exit(3);
});
