// Bundles the extension: src/extension.ts -> dist/extension.js (CommonJS for VS Code's Node host).
// `node esbuild.js` builds for development (source maps); `--production` minifies without source maps;
// `--watch` rebuilds on change. keepNames keeps class names (error types, nodes) readable in logs.
'use strict';
const fs = require('fs');
const path = require('path');
const esbuild = require('esbuild');

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');

/** @type {import('esbuild').BuildOptions} */
const options = {
  entryPoints: [path.join(__dirname, 'src/extension.ts')],
  outfile: path.join(__dirname, 'dist/extension.js'),
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  // 'encoding' is node-fetch's optional peer for textConverted(), which the client never calls; its
  // require() sits in a try/catch, so leaving it external is safe.
  external: ['vscode', 'encoding'],
  // node-fetch@2 pulls in whatwg-url (+ tr46, ~290 KB) only for URL parsing: Node's URL does the same.
  alias: { 'whatwg-url': path.join(__dirname, 'src/client/urlShim.ts') },
  keepNames: true,
  minify: production,
  sourcemap: !production,
  sourcesContent: false,
  legalComments: production ? 'none' : 'inline',
  logLevel: 'info',
  metafile: true,
};

/** The file, next to the bundle and shipped in the .vsix, with the licence of every package bundled. */
const NOTICES = path.join(__dirname, 'dist/THIRD-PARTY-NOTICES.txt');

/**
 * The notices for the packages esbuild put into the bundle (read from its metafile): for each, its
 * name, version, licence name and the full text of its licence file. The bundle carries their code,
 * so it must carry their notices too (legalComments is 'none' in production).
 */
function thirdPartyNotices(metafile) {
  const packages = new Map();
  for (const input of Object.keys(metafile.inputs)) {
    const match = /(?:^|\/)node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(input.replace(/\\/g, '/'));
    if (match) {
      const dir = path.join(__dirname, input.slice(0, match.index + match[0].length));
      packages.set(match[1], dir);
    }
  }
  const sections = [...packages.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([name, dir]) => {
    const manifest = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8'));
    const file = fs.readdirSync(dir).find((f) => /^(licen[cs]e|copying)(\.(md|txt))?$/i.test(f));
    if (!file) {
      throw new Error(`${name} is bundled but has no licence file: its notice cannot be shipped.`);
    }
    const text = fs.readFileSync(path.join(dir, file), 'utf8').trim();
    return `${name} ${manifest.version} (${manifest.license})\n${'-'.repeat(72)}\n${text}\n`;
  });
  return [
    'THIRD-PARTY SOFTWARE NOTICES',
    '',
    'dist/extension.js of this extension contains code of the following packages, under these licences.',
    '',
    ...sections,
  ].join('\n');
}

async function main() {
  if (watch) {
    const context = await esbuild.context(options);
    await context.watch();
    return;
  }
  const result = await esbuild.build(options);
  fs.writeFileSync(NOTICES, thirdPartyNotices(result.metafile));
  const bytes = result.metafile.outputs[path.relative(process.cwd(), options.outfile)]?.bytes
    ?? Object.values(result.metafile.outputs).find((o) => o.entryPoint)?.bytes;
  if (bytes !== undefined) {
    console.log(`[esbuild] dist/extension.js: ${(bytes / 1024).toFixed(1)} KB${production ? ' (production)' : ''}`);
  }
}

module.exports = { options, thirdPartyNotices };

if (require.main === module) {
  main().catch((error) => {
    console.error(error);
    process.exit(1);
  });
}
