/**
 * What the packaged extension holds, as vsce lists it after the production build: the bundle, its
 * third-party notices, the icon and the documents, and nothing else (no sources, tests or maps).
 */
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

const ROOT = path.resolve(__dirname, '..', '..', '..');

describe('the packaged extension (.vsix)', () => {
  it('holds the bundle, its third-party notices, the icon and the documents only', () => {
    const listed = spawnSync('npx', ['vsce', 'ls', '--no-dependencies'], { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    assert.equal(listed.status, 0, listed.stderr);
    const files = listed.stdout.split('\n').map(line => line.trim()).filter(line => /^[\w./-]+$/.test(line) && fs.existsSync(path.join(ROOT, line)));
    assert.deepEqual(files.sort(), [
      'CHANGELOG.md', 'LICENSE', 'README.md', 'dist/THIRD-PARTY-NOTICES.txt', 'dist/extension.js', 'media/modelarts.svg', 'package.json',
    ]);
    assert.match(fs.readFileSync(path.join(ROOT, 'dist', 'THIRD-PARTY-NOTICES.txt'), 'utf8'), /^node-fetch 2\.\d+\.\d+ \(MIT\)$/m);
  });
});
