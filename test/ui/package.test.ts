/**
 * What the packaged extension holds, as vsce lists it after the production build: the bundle, its
 * third-party notices, the icon and the documents, and nothing else (no sources, tests or maps).
 */
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const ROOT = path.resolve(__dirname, '..', '..', '..');

describe('the packaged extension (.vsix)', () => {
  it('holds the bundle, its third-party notices, the icon and the documents only', () => {
    const listed = spawnSync('npx', ['vsce', 'ls', '--no-dependencies'], { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    assert.equal(listed.status, 0, listed.stderr);
    const files = listed.stdout.split('\n').map(line => line.trim()).filter(line => /^[\w./-]+$/.test(line) && fs.existsSync(path.join(ROOT, line)));
    assert.deepEqual(files.sort(), [
      'CHANGELOG.md', 'LICENSE', 'README.md', 'dist/THIRD-PARTY-NOTICES.txt', 'dist/extension.js', 'l10n/bundle.l10n.zh-cn.json', 'media/icon.png', 'media/modelarts.svg',
      'media/screenshots/compare.jpg', 'media/screenshots/connections.jpg', 'media/screenshots/follow-log.jpg', 'media/screenshots/tree-and-menu.jpg',
      // The walkthrough's pages, each in English and Chinese (package.nls*.json name the page per language).
      ...['browse', 'cleanUp', 'connect', 'delete', 'protect'].flatMap(page => [`media/walkthrough/${page}.md`, `media/walkthrough/${page}.zh-cn.md`]),
      'package.json', 'package.nls.json', 'package.nls.zh-cn.json',
    ]);
    assert.match(fs.readFileSync(path.join(ROOT, 'dist', 'THIRD-PARTY-NOTICES.txt'), 'utf8'), /^node-fetch 2\.\d+\.\d+ \(MIT\)$/m);
  });

  it('packages with no warning and no question (npm run package), and every image the README shows ships in it', () => {
    const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'vsix-')), 'x.vsix');
    const packaged = spawnSync('npm', ['run', '-s', 'package', '--', '--out', out], { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    assert.equal(packaged.status, 0, packaged.stderr);
    assert.doesNotMatch(packaged.stdout + packaged.stderr, /WARNING|\[y\/N\]|is large/i);
    assert.ok(fs.statSync(out).size > 0);
    const images = [...fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8').matchAll(/!\[[^\]]*\]\(([^)]+)\)/g)].map(m => m[1]);
    assert.ok(images.length >= 3, 'the README opens with screenshots');
    for (const image of images) {
      assert.ok(fs.existsSync(path.join(ROOT, image)), `${image} exists`);
    }
    fs.rmSync(path.dirname(out), { recursive: true, force: true });
  });
});
