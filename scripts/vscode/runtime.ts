/**
 * Where the offline VS Code runtime lives (installed by `scripts/vscode/setup-runtime.sh`): code-server
 * (the real VS Code server and web workbench), the Node 24 it runs on, and Debian's chromium. Every path
 * can be overridden by an environment variable so a machine with another layout can still run the tests.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

/** Root of the runtime install (`VSCODE_RUNTIME_DIR`, default `~/.cache/vscode-runtime`). */
export const RUNTIME_DIR = process.env.VSCODE_RUNTIME_DIR || path.join(os.homedir(), '.cache', 'vscode-runtime');

/** The Node 24 binary code-server runs on (`CS_NODE`). */
export const NODE24 = process.env.CS_NODE || path.join(RUNTIME_DIR, 'node24/package/bin/node');

/** code-server's CLI entry (`CODE_SERVER_ENTRY`). */
export const CODE_SERVER_ENTRY = process.env.CODE_SERVER_ENTRY
  || path.join(RUNTIME_DIR, 'cs-latest/node_modules/code-server/out/node/entry.js');

/** The chromium that playwright-core drives (`CHROMIUM_PATH`). */
export const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

/**
 * Parent of every per-run folder (user data, profiles, sockets). Kept short on purpose: VS Code puts
 * unix sockets in `$TMPDIR`, and a socket path must stay under ~107 characters.
 */
export const RUNS_DIR = process.env.VSCODE_TEST_TMP || path.join(RUNTIME_DIR, 'work', 'tmp');

/** Folders of runs older than this are removed when a new run starts (failed runs keep theirs). */
const KEEP_FAILED_RUNS_MS = 2 * 24 * 3600 * 1000;

/**
 * Creates a fresh, uniquely named folder under {@link RUNS_DIR} for one run (prefix e.g. `cs-`), and
 * removes folders that earlier failed runs left behind more than two days ago.
 */
export function makeRunDir(prefix: string): string {
  fs.mkdirSync(RUNS_DIR, { recursive: true });
  const now = Date.now();
  for (const entry of fs.readdirSync(RUNS_DIR, { withFileTypes: true })) {
    if (!entry.isDirectory() || !/^(cs|br|ws|start)-/.test(entry.name)) {
      continue;
    }
    const full = path.join(RUNS_DIR, entry.name);
    try {
      if (now - fs.statSync(full).mtimeMs > KEEP_FAILED_RUNS_MS) {
        fs.rmSync(full, { recursive: true, force: true });
      }
    } catch {
      // Another run may be removing the same folder at the same moment; either way it goes.
    }
  }
  return fs.mkdtempSync(path.join(RUNS_DIR, prefix));
}

/** Throws an error naming the setup script when a runtime piece is missing. */
export function assertRuntimeInstalled(): void {
  for (const [what, file] of [['Node 24', NODE24], ['code-server', CODE_SERVER_ENTRY], ['chromium', CHROMIUM]]) {
    if (!fs.existsSync(file)) {
      throw new Error(`${what} is missing at ${file}. Run: bash scripts/vscode/setup-runtime.sh`);
    }
  }
}
