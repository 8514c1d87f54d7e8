/**
 * The bundle carries third-party code, so the .vsix carries its licences: esbuild.js writes
 * dist/THIRD-PARTY-NOTICES.txt from the packages that really end up in the bundle, and .vscodeignore
 * ships it.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as esbuild from 'esbuild';

const ROOT = path.resolve(__dirname, '..', '..', '..', '..');

interface BuildScript {
  readonly options: esbuild.BuildOptions;
  thirdPartyNotices(metafile: esbuild.Metafile): string;
}

describe('third-party notices', () => {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const build = require(path.join(ROOT, 'esbuild.js')) as BuildScript;

  it('name every package the production bundle contains, with its version, licence and licence text', async function () {
    this.timeout(60_000);
    const result = await esbuild.build({ ...build.options, minify: true, sourcemap: false, write: false, logLevel: 'silent', metafile: true });
    const metafile = result.metafile;
    assert.ok(metafile);
    const packages = new Set(Object.keys(metafile.inputs)
      .map(input => /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(input)?.[1]).filter((name): name is string => name !== undefined));
    assert.ok(packages.has('node-fetch'), 'node-fetch is bundled');
    const notices = build.thirdPartyNotices(metafile);
    for (const name of packages) {
      const manifest = JSON.parse(fs.readFileSync(path.join(ROOT, 'node_modules', name, 'package.json'), 'utf8')) as { version: string; license: string };
      assert.ok(notices.includes(`${name} ${manifest.version} (${manifest.license})`), `${name} is named`);
    }
    const mit = fs.readFileSync(path.join(ROOT, 'node_modules', 'node-fetch', 'LICENSE.md'), 'utf8').trim();
    assert.ok(notices.includes(mit), 'node-fetch\'s licence text is included whole');
  });

  it('are shipped in the .vsix', () => {
    const ignore = fs.readFileSync(path.join(ROOT, '.vscodeignore'), 'utf8').split('\n').map(line => line.trim());
    assert.ok(ignore.includes('!dist/THIRD-PARTY-NOTICES.txt'));
  });
});
