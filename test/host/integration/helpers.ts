/**
 * What the integration tests share: the running extension's test API, an emulator that accepts
 * canary credentials (random per run, so a leak can be found on disk afterwards), and ways to
 * connect the extension to it through its real commands.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { COMMANDS } from '../../../src/constants';
import { REPLACE_BUTTON } from '../../../src/model/confirmations';
import * as sinon from 'sinon';
import { canariesFromSeed, canarySeedFrom, type Canary } from '../../../scripts/vscode/secretScan';
import { startEmulator, type Emulator, type EmulatorCredentials, type EmulatorOptions } from '../../fixtures/emulator';
// Types only: the extension's classes must come from the running bundle, never from src/.
import type { TestApi } from '../../../src/extension';
import { readProfiles } from '../../../src/credentials/settingsStore';
import { FIRST_CONNECTION_ID } from '../../../src/model/connectionProfiles';

/** The extension's id (`publisher.name`). */
export const EXTENSION_ID = 'modelarts-tools.modelarts-training-jobs';

/**
 * The seed of this run's canary secrets: the harness's, when it scans the disk afterwards (a missing
 * seed then fails every test file here, rather than making that scan vacuous), or else a fresh one.
 */
const SEED = canarySeedFrom(process.env);

const canary = (label: string) => {
  const found = canariesFromSeed(SEED).find(c => c.label === label);
  assert.ok(found, `no canary labelled ${label}`);
  return found.value;
};

/**
 * Credentials no real cloud knows, whose secret values are canaries. The access key ID and user
 * names are not secret (they may be settings) and so are not canaries.
 */
export const CANARY_CREDENTIALS: EmulatorCredentials = Object.freeze({
  accessKey: 'CANARYACCESSKEYID0001',
  secretKey: canary('secret access key'),
  userName: 'canary-user',
  password: canary('password'),
  domainName: 'canary-account',
  temporary: Object.freeze({
    accessKey: 'CANARYTEMPORARYAK0001',
    secretKey: canary('temporary secret access key'),
    securityToken: canary('security token'),
  }),
});

/** Every IAM token an emulator of this run issued; they are secrets too. */
const issuedTokens = new Set<string>();

/**
 * Every secret value of this run: the canary credentials and the IAM tokens the emulators were
 * sent. Labels name them in reports; values are never printed.
 */
export function knownSecrets(): Canary[] {
  return [
    ...canariesFromSeed(SEED),
    ...[...issuedTokens].map((value, i) => ({ label: `IAM token #${i + 1}`, value })),
  ];
}

function collectTokens(emulator: Emulator): void {
  for (const request of emulator.requests) {
    const token = request.headers['x-auth-token'];
    if (token) {
      issuedTokens.add(token);
    }
  }
}

/** Starts an emulator that accepts the canary credentials; `stop()` also remembers its tokens. */
export async function startCanaryEmulator(options: EmulatorOptions = {}): Promise<Emulator & { stop(): Promise<void> }> {
  const emulator = await startEmulator({ v2: false, ...options, credentials: CANARY_CREDENTIALS });
  return Object.assign(emulator, {
    stop: async () => {
      collectTokens(emulator);
      await emulator.close();
    },
  });
}

/** Activates the extension (as the view or a command would) and returns its test API once it is ready. */
export async function testApi(): Promise<TestApi> {
  const extension = vscode.extensions.getExtension<TestApi | undefined>(EXTENSION_ID);
  assert.ok(extension, `${EXTENSION_ID} is not loaded in this extension host`);
  const api = await extension.activate();
  assert.ok(api, 'activate() returned no test API: is the extension running in ExtensionMode.Test?');
  await api.ready;
  return api;
}

/**
 * Resolves at the next change of the tree (the whole tree or one node); rejects naming `what` when
 * none comes within `timeoutMs` (a bound for a broken run, not a speed assertion).
 */
export function nextTreeChange(api: TestApi, what: string, timeoutMs = 15_000): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      listener.dispose();
      reject(new Error(`The tree did not change within ${timeoutMs / 1000} s after ${what}.`));
    }, timeoutMs);
    const listener = api.treeProvider.onDidChangeTreeData(() => {
      clearTimeout(timer);
      listener.dispose();
      resolve();
    });
  });
}

/**
 * Connects the extension to `emulator` through the real "Connect to Local Emulator" command and waits
 * until the tree has reloaded for it. Clears the emulator's request log afterwards.
 */
export async function connectTo(api: TestApi, emulator: Emulator): Promise<void> {
  const reloaded = nextTreeChange(api, 'connecting to the emulator');
  // Credentials stored by an earlier suite are replaced only after the modal that says so.
  const replace = sinon.stub(vscode.window, 'showWarningMessage').callsFake((async (_message: string, options?: vscode.MessageOptions, ...items: string[]) =>
    (options?.modal && items.includes(REPLACE_BUTTON) ? REPLACE_BUTTON : undefined)) as never);
  try {
    await vscode.commands.executeCommand(COMMANDS.connectEmulator, emulator.url);
  } finally {
    replace.restore();
  }
  await reloaded;
  // A settings event that reaches this host late reconnects once more: wait for it, and for the
  // reconnection it schedules, before a test starts.
  const wanted = { cloud: 'custom', region: emulator.region, endpoint: emulator.url, iamEndpoint: emulator.url, projectId: emulator.projectId };
  await waitFor('the extension host sees the emulator as the first connection in modelarts.connections', () => {
    const first = readProfiles().find(p => p.id === FIRST_CONNECTION_ID);
    return first !== undefined && Object.entries(wanted).every(([key, value]) => first[key as keyof typeof wanted] === value);
  });
  await api.whenConnectionSettled();
  const jobs = await api.getJobNodes();
  assert.deepEqual(jobs.map(job => job.job.jobId).sort(), emulator.jobs().map(job => job.jobId).sort(),
    'the tree does not show the emulator\'s jobs after connecting to it');
  emulator.clearRequests();
}

/**
 * Waits until `condition` holds, checking every 100 ms, for at most `timeoutMs` (a bound for a
 * broken run, not a speed assertion). Throws with `what` when it never does.
 */
export async function waitFor(what: string, condition: () => Promise<boolean> | boolean, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) {
      throw new Error(`Timed out after ${timeoutMs / 1000} s waiting until ${what}.`);
    }
    await new Promise(resolve => setTimeout(resolve, 100));
  }
}

/** The DELETE requests an emulator received, as `jobId/versionId` pairs. */
export function deletesReceived(emulator: Emulator): string[] {
  return emulator.requests
    .filter(request => request.method === 'DELETE')
    .map(request => {
      const match = /\/training-jobs\/([^/]+)\/versions\/([^/]+)$/.exec(request.path);
      return match ? `${match[1]}/${match[2]}` : request.path;
    });
}

/**
 * Every folder this run writes to (user data, logs, extension storage, browser profile, workspace),
 * from the harness (`MODELARTS_TEST_SCAN_DIRS`). Fails when the harness did not say.
 */
export function runFolders(): string[] {
  const raw = process.env.MODELARTS_TEST_SCAN_DIRS;
  assert.ok(raw, 'MODELARTS_TEST_SCAN_DIRS is not set: run these tests with npm test or npm run test:host');
  const dirs: unknown = JSON.parse(raw);
  assert.ok(Array.isArray(dirs) && dirs.length > 0 && dirs.every(d => typeof d === 'string'), 'MODELARTS_TEST_SCAN_DIRS is not a JSON list of folders');
  return dirs as string[];
}

/** The `settings.json` files under the run's folders (user settings, and workspace settings if any). */
export function settingsFiles(): string[] {
  const found: string[] = [];
  const walk = (dir: string) => {
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const entry of entries) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) {
        walk(full);
      } else if (entry.isFile() && entry.name === 'settings.json') {
        found.push(full);
      }
    }
  };
  runFolders().forEach(walk);
  return found;
}

/** The labels of the known secrets that `text` contains (never the values). */
export function secretsIn(text: string): string[] {
  return knownSecrets().filter(secret => text.includes(secret.value)).map(secret => secret.label);
}
