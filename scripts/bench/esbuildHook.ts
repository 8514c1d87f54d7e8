/**
 * Preloaded with `node -r` into `node esbuild.js --production`, so the bundle's alternative is built with
 * the project's own esbuild options (plugins included) and only one thing changed: the `whatwg-url` alias
 * is dropped, which is what bundling `node-fetch@2` as published would give.
 *
 * Environment: `BENCH_NO_ALIAS_OUT` (a directory) asks for the variant; the hook writes
 * `result.json` there: `{ aliased: boolean, file?: string }`.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import Module from 'node:module';

type BuildOptions = Record<string, unknown> & {
  alias?: Record<string, string>;
  outfile?: string;
  outdir?: string;
};
interface Esbuild {
  build(options: BuildOptions): Promise<unknown>;
  context(options: BuildOptions): Promise<unknown>;
}

const outDir = process.env.BENCH_NO_ALIAS_OUT;
let done = false;

async function buildVariant(real: Esbuild, options: BuildOptions): Promise<void> {
  if (done || !outDir) {
    return;
  }
  done = true;
  const alias = options.alias ?? {};
  if (!('whatwg-url' in alias)) {
    fs.writeFileSync(path.join(outDir, 'result.json'), JSON.stringify({ aliased: false }));
    return;
  }
  const rest = Object.fromEntries(Object.entries(alias).filter(([name]) => name !== 'whatwg-url'));
  const variant: BuildOptions = { ...options, alias: rest, write: true, metafile: false };
  let file: string;
  if (options.outfile) {
    file = path.join(outDir, path.basename(options.outfile));
    variant.outfile = file;
  } else {
    variant.outdir = outDir;
    file = path.join(outDir, 'extension.js');
  }
  await real.build(variant);
  fs.writeFileSync(path.join(outDir, 'result.json'), JSON.stringify({ aliased: true, file }));
}

function wrap(real: Esbuild): Esbuild {
  return {
    ...real,
    build: async options => {
      await buildVariant(real, options);
      return real.build(options);
    },
    context: async options => {
      await buildVariant(real, options);
      return real.context(options);
    },
  };
}

const loader = Module as unknown as { _load: (request: string, parent: unknown, isMain: boolean) => unknown };
const realLoad = loader._load;
let wrapped: Esbuild | undefined;
loader._load = function (this: unknown, request: string, parent: unknown, isMain: boolean): unknown {
  const exported = realLoad.call(this, request, parent, isMain);
  if (request !== 'esbuild') {
    return exported;
  }
  wrapped ??= wrap(exported as Esbuild);
  return wrapped;
};
