/**
 * `npm run bench`: bundle size, activation, the tree at scale, the client against the official SDK,
 * many deletes, new-version (v2) jobs, clean-up, live status and Follow Log, each beside its alternative measured in the same run. Prints the machine, a Markdown
 * table (median of the runs with min–max) and notes; exits 1 only when something measured failed
 * outright (a wrong or duplicate delete, a request at activation, a section that crashed).
 *
 * Options: `--quick` (fewer runs and requests, under a minute), `--only=bundle,activation,tree,sdk,deletes,v2,cleanup,live,follow`,
 * `--runs=N`.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { benchActivation } from './activation';
import { benchBundle, buildProduction } from './bundle';
import { benchCleanup } from './cleanup';
import { benchClientVsSdk } from './clientVsSdk';
import { benchLive } from './live';
import { benchLogFollow } from './logFollow';
import { describeMachine, formatMachine } from './machine';
import { benchManyDeletes } from './manyDeletes';
import { nowMs } from './stats';
import { Failure, renderTable, Row } from './table';
import { benchTree } from './tree';
import { benchV2 } from './v2';

const SECTIONS = ['bundle', 'activation', 'tree', 'sdk', 'deletes', 'v2', 'cleanup', 'live', 'follow'] as const;
type Section = typeof SECTIONS[number];

interface Args {
  readonly quick: boolean;
  readonly only: ReadonlySet<Section>;
  readonly runs?: number;
}

function parseArgs(argv: readonly string[]): Args {
  let quick = false;
  let only = new Set<Section>(SECTIONS);
  let runs: number | undefined;
  for (const arg of argv) {
    if (arg === '--quick') {
      quick = true;
    } else if (arg.startsWith('--only=')) {
      const names = arg.slice('--only='.length).split(',').filter(Boolean);
      const unknown = names.filter(n => !(SECTIONS as readonly string[]).includes(n));
      if (unknown.length > 0) {
        throw new Error(`Unknown section(s) ${unknown.join(', ')}; choose from ${SECTIONS.join(', ')}.`);
      }
      only = new Set(names as Section[]);
    } else if (arg.startsWith('--runs=')) {
      runs = Number(arg.slice('--runs='.length));
      if (!Number.isInteger(runs) || runs < 1) {
        throw new Error('--runs needs a positive integer.');
      }
    } else {
      throw new Error(`Unknown argument ${arg}. Usage: bench [--quick] [--only=${SECTIONS.join(',')}] [--runs=N]`);
    }
  }
  return { quick, only, runs };
}

function deleteConcurrencyDefault(root: string): number {
  const manifest = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as {
    contributes?: { configuration?: unknown };
  };
  const config = manifest.contributes?.configuration;
  for (const section of (Array.isArray(config) ? config : config ? [config] : []) as { properties?: Record<string, { default?: unknown }> }[]) {
    const value = section.properties?.['modelarts.deleteConcurrency']?.default;
    if (typeof value === 'number') {
      return value;
    }
  }
  return 4;
}

async function main(): Promise<number> {
  const args = parseArgs(process.argv.slice(2));
  const root = path.resolve(__dirname, '..', '..', '..');
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'modelarts-bench-'));
  const log = (line: string) => process.stderr.write(`  … ${line}\n`);
  const machine = formatMachine(describeMachine());
  const q = args.quick;
  const runs = (full: number, quick: number) => args.runs ?? (q ? quick : full);

  process.stdout.write(`ModelArts Training Jobs benchmark${q ? ' (--quick)' : ''}\nMachine: ${machine}\n\n`);
  const rows: Row[] = [];
  const failures: Failure[] = [];
  const notes: string[] = [];
  const started = nowMs();
  // Other processes on a shared machine skew timings; the load average tells the reader how much.
  const loadAtStart = os.loadavg()[0];

  const section = async (name: Section, title: string, fn: () => Promise<{ rows: Row[]; failures?: Failure[]; notes?: string[] }>) => {
    if (!args.only.has(name)) {
      return;
    }
    const start = nowMs();
    log(`${title}…`);
    try {
      const outcome = await fn();
      rows.push(...outcome.rows);
      failures.push(...(outcome.failures ?? []));
      notes.push(...(outcome.notes ?? []));
    } catch (error) {
      failures.push({ section: title, message: `crashed: ${error instanceof Error ? error.stack ?? error.message : String(error)}` });
    }
    log(`${title} took ${((nowMs() - start) / 1000).toFixed(1)} s`);
  };

  await section('bundle', 'Bundle', async () => ({ rows: await benchBundle({ root, tmp, log }) }));
  await section('activation', 'Activation', async () => {
    if (!args.only.has('bundle')) {
      log('activation: node esbuild.js --production');
      await buildProduction(root);
    }
    return benchActivation({ root, runs: runs(15, 5), log });
  });
  await section('tree', 'Tree at scale', () => benchTree({
    root, runs: runs(5, 2), jobs: 10_000, versionsPerJob: 20, latencyMs: 20, heapRuns: runs(3, 1), log,
  }));
  await section('sdk', 'Client vs SDK', () => benchClientVsSdk({
    runs: runs(5, 2), requests: q ? 400 : 2000, concurrency: 8, signIterations: q ? 5000 : 20_000, log,
  }));
  await section('deletes', 'Many deletes', () => benchManyDeletes({
    runs: runs(3, 1), versions: 200, latencyMs: 50, defaultConcurrency: deleteConcurrencyDefault(root), log,
  }));
  await section('v2', 'v2 jobs', () => benchV2({
    runs: runs(3, 1), jobs: 10_000, deletes: 200, latencyMs: 50, defaultConcurrency: deleteConcurrencyDefault(root), log,
  }));
  await section('cleanup', 'Clean-up', () => benchCleanup({
    runs: runs(1, 1), jobs: q ? 1000 : 10_000, versionsPerJob: 20, latencyMs: 20, olderThanDays: q ? 2 : 14, concurrency: deleteConcurrencyDefault(root), log,
  }));
  await section('live', 'Live status', () => benchLive({ minutes: 60, log }));
  await section('follow', 'Follow Log', () => benchLogFollow({ lines: q ? 1000 : 3000, rates: [2, 20, 500], log }));

  fs.rmSync(tmp, { recursive: true, force: true });
  const elapsed = (nowMs() - started) / 1000;
  process.stdout.write(`${renderTable(rows)}\n\n`);
  const load = `load average ${loadAtStart.toFixed(1)} at the start, ${os.loadavg()[0].toFixed(1)} at the end`;
  process.stdout.write(`Machine: ${machine}; ${load}. Figures: median of the runs (min–max); sizes measured once. Whole run: ${elapsed.toFixed(0)} s.\n`);
  for (const note of notes) {
    process.stdout.write(`\n- ${note}`);
  }
  process.stdout.write('\n');
  if (failures.length > 0) {
    process.stdout.write(`\nFAILED (${failures.length}):\n`);
    for (const f of failures) {
      process.stdout.write(`- ${f.section}: ${f.message}\n`);
    }
    return 1;
  }
  return 0;
}

main().then(
  code => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(2);
  },
);
