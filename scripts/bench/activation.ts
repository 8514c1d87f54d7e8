/**
 * Activation: `require()` of the entry point plus `activate()`, each run in a fresh Node process with the
 * `vscode` stand-in, for the production bundle and for the unbundled tsc output. Credentials and settings
 * point at a live emulator, so a request sent at activation would reach it and be counted, as would any
 * socket the process opens.
 */
import { execFile } from 'node:child_process';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { SETTINGS, SETTINGS_SECTION, EMULATOR_URL_ENV } from '../../src/constants';
import { FIRST_CONNECTION_ID, secretKeysOf } from '../../src/model/connectionProfiles';
import { startEmulator } from '../../test/fixtures/emulator';
import type { ProbeResult } from './activationProbe';
import { summarise } from './stats';
import type { Failure, Row } from './table';

const run = promisify(execFile);

export interface ActivationOptions {
  readonly root: string;
  readonly runs: number;
  readonly log: (line: string) => void;
}

export interface ActivationOutcome {
  readonly rows: Row[];
  readonly failures: Failure[];
  readonly notes: string[];
}

async function probe(entry: string, root: string, env: NodeJS.ProcessEnv): Promise<ProbeResult> {
  const script = path.join(__dirname, 'activationProbe.js');
  const { stdout } = await run(process.execPath, [script, entry, root], { cwd: root, env, timeout: 60_000 }).catch((error: { stdout?: string }) => ({
    stdout: error.stdout ?? '',
  }));
  const line = stdout.trim().split('\n').pop() ?? '';
  const parsed = JSON.parse(line || '{"error":"the probe printed nothing"}') as ProbeResult;
  if (parsed.error) {
    throw new Error(`activating ${path.relative(root, entry)} failed: ${parsed.error}`);
  }
  return parsed;
}

/** Runs the section; the emulator must see no request from any activation. */
export async function benchActivation(options: ActivationOptions): Promise<ActivationOutcome> {
  const { root, runs, log } = options;
  const emulator = await startEmulator({});
  try {
    const key = (name: string) => `${SETTINGS_SECTION}.${name}`;
    const settings = {
      [key(SETTINGS.connections)]: [{
        id: FIRST_CONNECTION_ID, cloud: 'custom', region: emulator.region, endpoint: emulator.url, iamEndpoint: emulator.url, projectId: emulator.projectId,
      }],
    };
    const secrets = {
      [secretKeysOf(FIRST_CONNECTION_ID).credentials]: JSON.stringify({
        kind: 'aksk', accessKey: emulator.credentials.accessKey, secretKey: emulator.credentials.secretKey,
      }),
    };
    const env: NodeJS.ProcessEnv = { ...process.env, BENCH_SETTINGS: JSON.stringify(settings), BENCH_SECRETS: JSON.stringify(secrets) };
    delete env[EMULATOR_URL_ENV];

    const variants = {
      bundle: path.join(root, 'dist', 'extension.js'),
      unbundled: path.join(root, 'out', 'src', 'extension.js'),
    };
    const results: Record<keyof typeof variants, ProbeResult[]> = { bundle: [], unbundled: [] };
    for (let i = 0; i < runs; i++) {
      // Alternate the order so neither side always profits from a warmer file cache.
      const order = i % 2 === 0 ? (['bundle', 'unbundled'] as const) : (['unbundled', 'bundle'] as const);
      for (const name of order) {
        results[name].push(await probe(variants[name], root, env));
      }
    }
    log(`activation: ${runs} runs of each variant done`);

    const failures: Failure[] = [];
    const all = [...results.bundle, ...results.unbundled];
    const sockets = all.reduce((n, r) => n + r.socketsDuringActivation + r.socketsAfterIdle, 0);
    const requests = emulator.requests.length;
    if (requests > 0 || sockets > 0) {
      failures.push({
        section: 'Activation',
        message: `activation sent ${requests} request(s) to the emulator and opened ${sockets} socket(s); it must send none`,
      });
    }

    const fig = (values: number[]) => ({ summary: summarise(values), unit: 'ms' as const });
    const pick = (name: keyof typeof variants, f: (r: ProbeResult) => number) => fig(results[name].map(f));
    /** A row comparing the bundle with the unbundled build on one measure of each activation. */
    const compare = (measure: string, f: (r: ProbeResult) => number): Row => ({
      section: 'Activation',
      measure,
      ours: pick('bundle', f),
      alternative: pick('unbundled', f),
      alternativeLabel: 'unbundled out/src/extension.js (tsc + node_modules)',
      better: 'lower',
    });
    const rows: Row[] = [
      compare('load: `require(dist/extension.js)`', r => r.loadMs),
      compare('`activate()`', r => r.activateMs),
      { ...compare('load + activate', r => r.loadMs + r.activateMs), target: '< 20 ms' },
      {
        section: 'Activation',
        measure: 'requests during activation (and 300 ms after)',
        ours: `${requests} at the emulator, ${sockets} sockets opened (${all.length} activations)`,
        target: '0',
      },
    ];
    const first = results.bundle[0];
    const notes = [
      `Activation ran in fresh Node processes with a recording \`vscode\` stand-in (scripts/bench/fakeVscode.ts), ` +
      `credentials and settings pointing at a live emulator; activate() made ${first.apiCalls} vscode API calls, ` +
      `registered ${first.commands} commands and ${first.treeViews} tree view(s)` +
      (first.missing.length > 0 ? `; members the stand-in lacks were read: ${first.missing.join(', ')}` : '; it read no member the stand-in lacks') + '.',
    ];
    return { rows, failures, notes };
  } finally {
    await emulator.close();
  }
}
