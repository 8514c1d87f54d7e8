// Bundles the extension: src/extension.ts -> dist/extension.js (CommonJS for VS Code's Node host).
// `node esbuild.js` builds for development (source maps); `--production` minifies without source maps;
// `--watch` rebuilds on change. keepNames keeps class names (error types, nodes) readable in logs.
'use strict';
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

async function main() {
  if (watch) {
    const context = await esbuild.context(options);
    await context.watch();
    return;
  }
  const result = await esbuild.build(options);
  const bytes = result.metafile.outputs[path.relative(process.cwd(), options.outfile)]?.bytes
    ?? Object.values(result.metafile.outputs).find((o) => o.entryPoint)?.bytes;
  if (bytes !== undefined) {
    console.log(`[esbuild] dist/extension.js: ${(bytes / 1024).toFixed(1)} KB${production ? ' (production)' : ''}`);
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
