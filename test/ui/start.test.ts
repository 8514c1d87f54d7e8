/**
 * `npm start`, run as a user runs it from a terminal: it installs what is missing, builds and packages
 * the extension, and prints a URL; that URL serves VS Code with the extension connected to the
 * emulator's demo jobs; and Ctrl+C (or closing the terminal) leaves nothing running.
 */
import * as assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as net from 'node:net';
import * as path from 'node:path';
import { Workbench } from './workbench';

const ROOT = path.resolve(__dirname, '..', '..', '..');

/** A new-version job of the emulator's demo data set (the newest: the first row under "Training Jobs"). */
const DEMO_JOB = 'mistral-7b-dpo';

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** True when something accepts connections on the loopback port. */
function listening(port: number): Promise<boolean> {
  return new Promise(resolve => {
    const socket = net.connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

/** The status a WebSocket upgrade without the token gets. */
function upgradeStatus(port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const request = http.request({
      host: '127.0.0.1', port, path: '/?type=management', headers: { connection: 'Upgrade', upgrade: 'websocket', 'sec-websocket-version': '13', 'sec-websocket-key': 'dGhlIHNhbXBsZSBub25jZQ==' },
    });
    request.on('response', response => { response.resume(); resolve(response.statusCode ?? 0); });
    request.on('upgrade', (_response, socket) => { socket.destroy(); resolve(101); });
    request.on('error', reject);
    request.end();
  });
}

function getStatus(url: string): Promise<number> {
  return new Promise((resolve, reject) => {
    http.get(url, response => {
      response.resume();
      resolve(response.statusCode ?? 0);
    }).on('error', reject);
  });
}

/** Processes of a process group that still run (zombies waiting for their parent do not count). */
function livingMembers(pgid: number): number[] {
  const pids: number[] = [];
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) {
      continue;
    }
    let stat: string;
    try {
      stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
    } catch {
      continue; // ended meanwhile
    }
    // "pid (comm) state ppid pgrp ...": comm may contain spaces and parentheses, so split after its last ')'.
    const [state, , pgrp] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    if (Number(pgrp) === pgid && state !== 'Z') {
      pids.push(Number(entry));
    }
  }
  return pids;
}

/** What `npm start` printed once VS Code is up. */
interface Started {
  readonly url: string;
  readonly emulatorPort: number;
  readonly codeServerGroup: number;
  readonly runDir: string;
}

/**
 * An environment like a user's terminal: this test runs under `npm test`, whose npm exports its own
 * configuration (npm_config_*, npm_package_*, ...) to everything below it. A user who types `npm start`
 * has none of that, and must not need it.
 */
function terminalEnv(): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(process.env).filter(([name]) => !/^npm_/i.test(name) && name !== 'INIT_CWD'));
}

/** How long `npm start` may take to print its URL: it installs what is missing, compiles, builds and packages first. */
const START_DEADLINE_MS = 300_000;

/**
 * `npm start -- --port N`, exactly as the README says, in its own process group as a terminal runs a
 * foreground job. It uses the VS Code runtime of `VSCODE_RUNTIME_DIR`, which CI points at a folder that
 * was empty when its run began: then this also proves the install a new machine goes through.
 */
class StartRun {
  readonly child: ChildProcess;
  output = '';
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;

  constructor(port: number) {
    this.child = spawn('npm', ['start', '--', '--port', String(port)],
      { cwd: ROOT, detached: true, stdio: ['ignore', 'pipe', 'pipe'], env: terminalEnv() });
    this.child.stdout?.on('data', (data: Buffer) => (this.output += data.toString()));
    this.child.stderr?.on('data', (data: Buffer) => (this.output += data.toString()));
    this.exited = new Promise(resolve => this.child.on('exit', (code, signal) => resolve({ code, signal })));
  }

  /** Resolves once the URL is printed; rejects if npm start ends first or takes longer than a broken run would. */
  async started(): Promise<Started> {
    const deadline = Date.now() + START_DEADLINE_MS;
    while (Date.now() < deadline) {
      const url = /is running in VS Code \(code-server\) at\s+(\S+)/.exec(this.output)?.[1];
      if (url) {
        const emulatorPort = /\[start\] emulator on http:\/\/127\.0\.0\.1:(\d+)/.exec(this.output)?.[1];
        const log = /code-server log: (\S+) \(process group (\d+)\)/.exec(this.output);
        assert.ok(emulatorPort && log, `npm start did not say where the emulator and code-server run:\n${this.output}`);
        return { url, emulatorPort: Number(emulatorPort), codeServerGroup: Number(log[2]), runDir: path.dirname(log[1]) };
      }
      if (this.child.exitCode !== null || this.child.signalCode !== null) {
        throw new Error(`npm start ended before printing the URL:\n${this.output}`);
      }
      await new Promise(resolve => setTimeout(resolve, 200));
    }
    throw new Error(`npm start printed no URL within ${START_DEADLINE_MS / 1000} s:\n${this.output}`);
  }

  /**
   * Sends `signal` to the whole foreground group, as the terminal does, and waits until every process of
   * that group (npm, its shell, start.js) has ended. npm passes the signal on to its script and, once the
   * script has ended, ends by the same signal (a terminal shows nothing for that); start.js itself exits
   * 0 after stopping what it started. Any other end is a failure.
   */
  async stop(signal: NodeJS.Signals): Promise<void> {
    process.kill(-this.child.pid!, signal);
    const timeout = new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`npm start still runs 30 s after ${signal}:\n${this.output}`)), 30_000));
    const ended = await Promise.race([this.exited, timeout]);
    assert.ok(ended.code === 0 || (ended.code === null && ended.signal === signal),
      `npm start ended with ${JSON.stringify(ended)} after ${signal}:\n${this.output}`);
    for (let i = 0; i < 300 && livingMembers(this.child.pid!).length > 0; i++) {
      await new Promise(resolve => setTimeout(resolve, 100));
    }
    assert.deepEqual(livingMembers(this.child.pid!), [], `processes of npm start's own group still run after ${signal}`);
  }

  /** Leaves nothing behind, whatever a failed test left running. */
  kill(started?: Started): void {
    for (const group of [this.child.pid, started?.codeServerGroup]) {
      try {
        process.kill(-group!, 'SIGKILL');
      } catch {
        // gone already
      }
    }
  }
}

/** Everything npm start started has stopped and its run folder is gone. */
async function assertAllStopped(started: Started, port: number): Promise<void> {
  assert.deepEqual(livingMembers(started.codeServerGroup), [], 'processes of the code-server group still run');
  assert.equal(await listening(port), false, `something still listens on the workbench port ${port}`);
  assert.equal(await listening(started.emulatorPort), false, `the emulator still listens on port ${started.emulatorPort}`);
  assert.equal(fs.existsSync(started.runDir), false, `the run folder ${started.runDir} is still there`);
}

describe('npm start, as the README says', function () {
  this.timeout(START_DEADLINE_MS + 120_000);
  let run: StartRun | undefined;
  let started: Started | undefined;
  let workbench: Workbench | undefined;
  let passed = true;

  afterEach(async function () {
    if (this.currentTest?.state !== 'passed') {
      passed = false;
      await workbench?.screenshot('failed').catch(() => undefined);
      console.log(`    npm start said:\n${run?.output}`);
    }
    await workbench?.close(passed);
    workbench = undefined;
    run?.kill(started);
    run = undefined;
    started = undefined;
  });

  it('prints a URL where VS Code shows the demo jobs through the extension; Ctrl+C stops code-server and the emulator', async () => {
    const port = await freePort();
    run = new StartRun(port);
    started = await run.started();
    const token = new RegExp(`^http://127\\.0\\.0\\.1:${port}/\\?tkn=([A-Za-z0-9_-]{32})$`).exec(started.url)?.[1];
    assert.ok(token, `the printed URL holds a token: ${started.url}`);
    // Without the token (another local user), nothing of the workbench is served, nor its WebSocket.
    assert.equal(await getStatus(`http://127.0.0.1:${port}/`), 401);
    assert.equal(await getStatus(`http://127.0.0.1:${port}/?tkn=${'A'.repeat(32)}`), 401);
    assert.equal(await getStatus(`http://127.0.0.1:${port}/stable/static/out/vs/code/browser/workbench/workbench.js`), 401);
    assert.equal(await upgradeStatus(port), 401);
    // code-server itself listens on a socket only this user may open.
    const socket = fs.statSync(path.join(started.runDir, 'code-server.sock'));
    assert.ok(socket.isSocket());
    assert.equal(socket.mode & 0o777, 0o600);
    assert.equal(await getStatus(started.url), 302, 'the token is turned into a cookie, and the URL loses it');

    workbench = await Workbench.attach(started.url, { name: 'start' });
    const offLoopback: string[] = [];
    workbench.page.context().on('request', request => {
      const { protocol, hostname } = new URL(request.url());
      if (/^(https?|wss?):$/.test(protocol) && hostname !== '127.0.0.1' && hostname !== 'localhost') {
        offLoopback.push(request.url());
      }
    });
    await workbench.screenshot('workbench');
    await workbench.openViewContainer('ModelArts');
    await workbench.setSideBarWidth(560);
    // Both kinds of job: the new-version jobs first, the old-version ones under their own root.
    await workbench.treeItem(/^Training Jobs(\s|,|$)/).waitFor({ timeout: 60_000 });
    await workbench.treeItem(new RegExp(`^${DEMO_JOB}(\\s|,|$)`)).waitFor({ timeout: 60_000 });
    await workbench.treeItem(/^Old-Version Training Jobs(\s|,|$)/).waitFor({ timeout: 60_000 });
    await workbench.screenshot('demo-jobs');
    // No extension gallery, no telemetry: the workbench stays on this machine.
    assert.deepEqual(offLoopback, []);
    await workbench.close(true);
    workbench = undefined;

    await run.stop('SIGINT');
    await assertAllStopped(started, port);
  });

  it('closing its terminal (SIGHUP) stops code-server and the emulator too', async () => {
    const port = await freePort();
    run = new StartRun(port);
    started = await run.started();
    assert.equal(await getStatus(started.url), 302);

    await run.stop('SIGHUP');
    await assertAllStopped(started, port);
  });
});
