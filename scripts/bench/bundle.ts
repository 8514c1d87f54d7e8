/**
 * Bundle: bytes of the production `dist/extension.js` and of the `.vsix`, each beside what would ship
 * without the choice that made it small. Sizes are deterministic, so each is measured once.
 */
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { summarise } from './stats';
import type { Row } from './table';

const run = promisify(execFile);

export interface BundleOptions {
  /** The project root (where package.json and esbuild.js are). */
  readonly root: string;
  /** A scratch directory the section may fill. */
  readonly tmp: string;
  readonly log: (line: string) => void;
}

const once = (bytes: number) => ({ summary: summarise([bytes]), unit: 'bytes' as const });

function fileSize(file: string): number {
  return fs.statSync(file).size;
}

/** Every file under `dir` (recursively), skipping nested `node_modules` when asked. */
function listFiles(dir: string, skipNodeModules: boolean): string[] {
  const out: string[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      if (!(skipNodeModules && entry.name === 'node_modules')) {
        out.push(...listFiles(full, skipNodeModules));
      }
    } else if (entry.isFile()) {
      out.push(full);
    }
  }
  return out;
}

/** The folder of `name` as Node would resolve it from `fromDir`. */
function findPackageDir(name: string, fromDir: string): string {
  for (let dir = fromDir; ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, 'node_modules', name);
    if (fs.existsSync(path.join(candidate, 'package.json'))) {
      return candidate;
    }
    if (path.dirname(dir) === dir) {
      throw new Error(`Cannot find the runtime dependency ${name} from ${fromDir}; run npm install.`);
    }
  }
}

/** The folders of every runtime dependency of the package in `root`, transitively. */
export function runtimeDependencyDirs(root: string): string[] {
  const seen = new Set<string>();
  const visit = (pkgDir: string): void => {
    const manifest = JSON.parse(fs.readFileSync(path.join(pkgDir, 'package.json'), 'utf8')) as { dependencies?: Record<string, string> };
    for (const name of Object.keys(manifest.dependencies ?? {})) {
      const dir = findPackageDir(name, pkgDir);
      if (!seen.has(dir)) {
        seen.add(dir);
        visit(dir);
      }
    }
  };
  visit(root);
  return [...seen];
}

/** What package.json's `package` script passes besides `--no-dependencies`: no repository to name, README links left as they are. */
const PACKAGE_FLAGS = ['--allow-missing-repository', '--no-rewrite-relative-links'];

async function vscePackage(cwd: string, outFile: string, extraArgs: string[], root: string): Promise<number> {
  const vsce = path.join(root, 'node_modules', '@vscode', 'vsce', 'vsce');
  const packaging = run(process.execPath, [vsce, 'package', ...PACKAGE_FLAGS, ...extraArgs, '-o', outFile], {
    cwd,
    maxBuffer: 16 * 1024 * 1024,
    timeout: 180_000,
  });
  // vsce asks on stdin about some problems (a missing LICENSE, say): answer nothing, so it fails, not hangs.
  packaging.child.stdin?.end();
  await packaging;
  return fileSize(outFile);
}

/**
 * A copy of the extension as it would ship unbundled: the tsc output `out/src` as entry point and the
 * runtime dependencies in `node_modules`, packaged by vsce with its npm dependency detection.
 */
async function unbundledVsix(options: BundleOptions): Promise<number> {
  const { root, tmp } = options;
  const stage = path.join(tmp, 'unbundled-stage');
  fs.rmSync(stage, { recursive: true, force: true });
  fs.mkdirSync(stage, { recursive: true });
  const manifest = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as Record<string, unknown>;
  manifest.main = './out/src/extension.js';
  delete manifest.scripts;
  fs.writeFileSync(path.join(stage, 'package.json'), JSON.stringify(manifest, null, 2));
  for (const name of fs.readdirSync(root)) {
    if (/^(README|CHANGELOG|LICENSE)/i.test(name)) {
      fs.copyFileSync(path.join(root, name), path.join(stage, name));
    }
  }
  if (fs.existsSync(path.join(root, 'media'))) {
    fs.cpSync(path.join(root, 'media'), path.join(stage, 'media'), { recursive: true });
  }
  fs.cpSync(path.join(root, 'out', 'src'), path.join(stage, 'out', 'src'), { recursive: true, filter: f => !f.endsWith('.map') });
  for (const dir of runtimeDependencyDirs(root)) {
    const rel = path.relative(root, dir);
    fs.cpSync(dir, path.join(stage, rel), { recursive: true, filter: f => !f.startsWith(path.join(dir, 'node_modules')) });
  }
  fs.writeFileSync(path.join(stage, '.vscodeignore'), '**/*.map\n');
  return vscePackage(stage, path.join(tmp, 'unbundled.vsix'), ['--dependencies'], root);
}

/** `node esbuild.js --production`: the `dist/extension.js` that ships. */
export async function buildProduction(root: string): Promise<void> {
  await run(process.execPath, ['esbuild.js', '--production'], { cwd: root, timeout: 120_000 });
}

/** Builds the production bundle and both packages, and returns the section's rows. */
export async function benchBundle(options: BundleOptions): Promise<Row[]> {
  const { root, tmp, log } = options;
  const variantDir = path.join(tmp, 'no-alias');
  fs.rmSync(variantDir, { recursive: true, force: true });
  fs.mkdirSync(variantDir, { recursive: true });

  log('bundle: node esbuild.js --production (and the variant without the whatwg-url alias)');
  const hook = path.join(__dirname, 'esbuildHook.js');
  await run(process.execPath, ['-r', hook, 'esbuild.js', '--production'], {
    cwd: root,
    timeout: 120_000,
    env: { ...process.env, BENCH_NO_ALIAS_OUT: variantDir },
  });
  const dist = fileSize(path.join(root, 'dist', 'extension.js'));
  const variantResult = path.join(variantDir, 'result.json');
  const variant = fs.existsSync(variantResult)
    ? JSON.parse(fs.readFileSync(variantResult, 'utf8')) as { aliased: boolean; file?: string }
    : undefined;

  const outSrc = listFiles(path.join(root, 'out', 'src'), false).filter(f => f.endsWith('.js'));
  const depFiles = runtimeDependencyDirs(root).flatMap(dir => listFiles(dir, true));
  const unbundledBytes = [...outSrc, ...depFiles].reduce((sum, f) => sum + fileSize(f), 0);

  log('bundle: vsce package --no-dependencies');
  const vsix = await vscePackage(root, path.join(tmp, 'extension.vsix'), ['--no-dependencies'], root);
  log('bundle: vsce package of the unbundled layout');
  const unbundledPackage = await unbundledVsix(options);

  const rows: Row[] = [];
  rows.push({
    section: 'Bundle',
    measure: '`dist/extension.js` (production, minified)',
    ours: once(dist),
    ...(variant?.aliased && variant.file
      ? { alternative: once(fileSize(variant.file)), alternativeLabel: 'same build, node-fetch@2 without the whatwg-url alias' }
      : { alternative: 'n/a: esbuild.js sets no whatwg-url alias' }),
    better: 'lower',
    target: '< 150 KB',
  });
  rows.push({
    section: 'Bundle',
    measure: '`dist/extension.js` vs shipping unbundled',
    ours: once(dist),
    alternative: once(unbundledBytes),
    alternativeLabel: `out/src/**/*.js + ${depFiles.length} files of runtime node_modules`,
    better: 'lower',
  });
  rows.push({
    section: 'Bundle',
    measure: '`.vsix` (vsce package --no-dependencies)',
    ours: once(vsix),
    alternative: once(unbundledPackage),
    alternativeLabel: '.vsix of the unbundled layout (vsce --dependencies)',
    better: 'lower',
    target: '< 80 KB',
  });
  // The README's screenshots ship for the extension's page in VS Code; JPEGs do not compress further.
  const screenshots = listFiles(path.join(root, 'media', 'screenshots'), false).reduce((sum, f) => sum + fileSize(f), 0);
  if (screenshots > 0) {
    rows.push({
      section: 'Bundle',
      measure: '`.vsix` without the README screenshots (media/screenshots)',
      ours: once(vsix - screenshots),
      alternative: once(unbundledPackage - screenshots),
      alternativeLabel: 'the unbundled layout\'s, without them too',
      better: 'lower',
      target: '< 80 KB',
    });
  }
  return rows;
}
