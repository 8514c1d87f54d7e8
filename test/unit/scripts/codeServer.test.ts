/** `runToEnd`, which runs code-server's `--install-extension`: it must not wait forever. */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runToEnd } from '../../../scripts/vscode/codeServer';

describe('runToEnd', () => {
  let dir: string;
  let log: string;

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'run-to-end-'));
    log = path.join(dir, 'out.log');
  });

  afterEach(() => {
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const node = (script: string) => [process.execPath, ['-e', script]] as const;

  it('resolves when the command succeeds, with its output in the log', async () => {
    const [command, args] = node('console.log("installed"); console.error("warned")');
    await runToEnd('the install', command, [...args], process.env, log, 20_000);
    assert.match(fs.readFileSync(log, 'utf8'), /installed[\s\S]*warned|warned[\s\S]*installed/);
  });

  it('rejects naming the command, its exit code and the log when it fails', async () => {
    const [command, args] = node('process.exit(3)');
    await assert.rejects(runToEnd('the install', command, [...args], process.env, log, 20_000),
      (error: Error) => error.message.includes('the install exited with 3') && error.message.includes(log));
  });

  it('kills a command that hangs and rejects once the timeout is over', async () => {
    const pidFile = path.join(dir, 'pid');
    const [command, args] = node(`require("fs").writeFileSync(${JSON.stringify(pidFile)}, String(process.pid)); setInterval(() => {}, 1000)`);
    await assert.rejects(runToEnd('the install', command, [...args], process.env, log, 1500),
      /the install did not finish within 1\.5 s and was stopped/);
    const pid = Number(fs.readFileSync(pidFile, 'utf8'));
    assert.throws(() => process.kill(pid, 0), /ESRCH/, 'the hung command is still running');
  });

  it('rejects when the command cannot start', async () => {
    await assert.rejects(runToEnd('the install', path.join(dir, 'no-such-binary'), [], process.env, log, 20_000), /the install could not start/);
  });
});
