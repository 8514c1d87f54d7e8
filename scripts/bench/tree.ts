/**
 * Tree at scale: the real `JobsTreeDataProvider` (tsc output, with the `vscode` stand-in) over the real
 * client, against an emulator with 10,000 jobs × 20 versions and 20 ms latency on every request. Timed
 * like VS Code asks: `getChildren()` and then `getTreeItem()` of every child.
 */
import * as v8 from 'node:v8';
import * as vm from 'node:vm';
import * as path from 'node:path';
import * as fs from 'node:fs';
import { createClient } from '../../src/client';
import type { ModelArtsApi, TrainingJob } from '../../src/client/types';
import type { JobsTreeDataProvider } from '../../src/tree/jobsTreeDataProvider';
import type { TreeNode } from '../../src/tree/nodes';
import { Emulator, startEmulator } from '../../test/fixtures/emulator';
import { createFakeVscode, installVscodeModule } from './fakeVscode';
import { nowMs, summarise } from './stats';
import type { Failure, Row } from './table';

export interface TreeOptions {
  readonly root: string;
  readonly runs: number;
  readonly jobs: number;
  readonly versionsPerJob: number;
  readonly latencyMs: number;
  /** How many times every job is loaded page by page for the heap figure. */
  readonly heapRuns: number;
  readonly log: (line: string) => void;
}

export interface TreeOutcome {
  readonly rows: Row[];
  readonly failures: Failure[];
  readonly notes: string[];
}

/** `global.gc`, enabled at run time when Node was started without `--expose-gc`. */
function gcFunction(): () => void {
  const existing = (globalThis as { gc?: () => void }).gc;
  if (existing) {
    return existing;
  }
  v8.setFlagsFromString('--expose-gc');
  return vm.runInNewContext('gc') as () => void;
}

function heapAfterGc(gc: () => void): number {
  gc();
  gc();
  return process.memoryUsage().heapUsed;
}

function pageSizeDefault(root: string): number {
  const manifest = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as {
    contributes?: { configuration?: { properties?: Record<string, { default?: unknown }> } | { properties?: Record<string, { default?: unknown }> }[] };
  };
  const sections = manifest.contributes?.configuration;
  for (const section of Array.isArray(sections) ? sections : sections ? [sections] : []) {
    const value = section.properties?.['modelarts.pageSize']?.default;
    if (typeof value === 'number') {
      return value;
    }
  }
  return 50;
}

type ProviderModule = typeof import('../../src/tree/jobsTreeDataProvider');
type TrackerModule = typeof import('../../src/actions/deletionTracker');
type LoggerModule = typeof import('../../src/util/logger');

/** Runs the section. */
export async function benchTree(options: TreeOptions): Promise<TreeOutcome> {
  const { root, runs, log } = options;
  const fake = createFakeVscode({ extensionPath: root });
  const uninstall = installVscodeModule(fake.api);
  const failures: Failure[] = [];
  let emulator: Emulator | undefined;
  try {
    const { JobsTreeDataProvider: Provider } = await import('../../src/tree/jobsTreeDataProvider') as ProviderModule;
    const { DeletionTracker } = await import('../../src/actions/deletionTracker') as TrackerModule;
    const { Logger } = await import('../../src/util/logger') as LoggerModule;
    const pageSize = pageSizeDefault(root);

    const started = nowMs();
    // Old-version jobs only (the v2 API answers 404, as on a deployment without it): the old-version tree at scale.
    emulator = await startEmulator({ scale: { jobs: options.jobs, versionsPerJob: options.versionsPerJob }, latencyMs: options.latencyMs, v2: false });
    const emu = emulator;
    log(`tree: emulator with ${options.jobs} jobs × ${options.versionsPerJob} versions started in ${(nowMs() - started).toFixed(0)} ms`);

    const channel = (fake.api.window as { createOutputChannel(name: string, o: unknown): ConstructorParameters<LoggerModule['Logger']>[0] })
      .createOutputChannel('ModelArts', { log: true });
    const logger = new Logger(channel);
    const newClient = (): ModelArtsApi => createClient({
      endpoint: emu.url,
      iamEndpoint: emu.url,
      region: emu.region,
      projectId: emu.projectId,
      credentials: { kind: 'aksk', accessKey: emu.credentials.accessKey, secretKey: emu.credentials.secretKey },
      log: entry => logger.request(entry),
    });
    const newProvider = (client: ModelArtsApi): JobsTreeDataProvider => {
      const connection = { client, cloud: 'custom', region: emu.region, fingerprint: 'bench', id: 'bench' };
      return new Provider({
        connection: { current: async () => connection, isConfigured: async () => true, target: () => ({ region: emu.region }) },
        settings: { pageSize: () => pageSize },
        logger,
        deletions: new DeletionTracker({ logger }),
      });
    };
    const render = async (provider: JobsTreeDataProvider, node?: TreeNode): Promise<TreeNode[]> => {
      const children = await provider.getChildren(node);
      for (const child of children) {
        provider.getTreeItem(child);
      }
      return children;
    };
    const requestsDuring = async <T>(fn: () => Promise<T>): Promise<{ value: T; ms: number; requests: number }> => {
      emu.clearRequests();
      const start = nowMs();
      const value = await fn();
      return { value, ms: nowMs() - start, requests: emu.requests.length };
    };

    const first: number[] = [];
    const firstRequests: number[] = [];
    const versions: number[] = [];
    const versionRequests: number[] = [];
    const eager: number[] = [];
    const eagerRequests: number[] = [];
    const nPlusOne: number[] = [];
    const nPlusOneRequests: number[] = [];
    for (let i = 0; i < runs; i++) {
      const client = newClient();
      const provider = newProvider(client);
      const top = await requestsDuring(() => {
        provider.refresh();
        return render(provider);
      });
      const jobNodes = top.value.filter(n => n.kind === 'job');
      if (jobNodes.length !== Math.min(pageSize, options.jobs)) {
        failures.push({ section: 'Tree at scale', message: `the first page showed ${jobNodes.length} jobs, expected ${pageSize}` });
      }
      first.push(top.ms);
      firstRequests.push(top.requests);
      const expanded = await requestsDuring(() => render(provider, jobNodes[0]));
      if (expanded.value.filter(n => n.kind === 'version').length === 0) {
        failures.push({ section: 'Tree at scale', message: 'expanding a job showed no versions' });
      }
      versions.push(expanded.ms);
      versionRequests.push(expanded.requests);
      provider.dispose();

      // The alternatives: everything before the first paint; every job's versions up front.
      const all = await requestsDuring(async () => {
        const jobs: TrainingJob[] = [];
        for await (const job of everyJob(newClient())) {
          jobs.push(job);
        }
        return jobs;
      });
      eager.push(all.ms);
      eagerRequests.push(all.requests);
      const pageJobs = all.value.slice(0, pageSize);
      const eachJob = await requestsDuring(() => Promise.all(pageJobs.map(job => client.listVersions(job.jobId, { page: 1, perPage: pageSize }))));
      nPlusOne.push(eachJob.ms);
      nPlusOneRequests.push(eachJob.requests);
    }
    log(`tree: ${runs} runs of first page and versions done`);

    // Heap: every job, page by page through "Load more…", as a user scrolling to the end would. The
    // emulator and the stand-in share this heap, so what they recorded is dropped before each reading.
    const gc = gcFunction();
    const settledHeap = (): number => {
      emu.clearRequests();
      fake.logLines.length = 0;
      return heapAfterGc(gc);
    };
    // Each reading in its own function: once it returns, nothing of it stays reachable for the next one.
    const treeHeap = async (client: ModelArtsApi): Promise<{ growth: number; ms: number; requests: number; jobs: number }> => {
      const before = settledHeap();
      const provider = newProvider(client);
      const start = nowMs();
      let children = await provider.getChildren();
      for (;;) {
        const more = children.find(n => n.kind === 'loadMore');
        if (!more || more.kind !== 'loadMore') {
          break;
        }
        await provider.loadMore(more);
        children = await provider.getChildren();
      }
      const ms = nowMs() - start;
      const requests = emu.requests.length;
      const jobs = children.filter(n => n.kind === 'job').length;
      const growth = settledHeap() - before;
      provider.dispose();
      return { growth, ms, requests, jobs };
    };
    const arrayHeap = async (client: ModelArtsApi): Promise<{ growth: number; jobs: number }> => {
      const before = settledHeap();
      const bare: TrainingJob[] = [];
      // Same sort as the tree, so the emulator's sorted-list cache is the one already built.
      for await (const job of everyJob(client)) {
        bare.push(job);
      }
      const growth = settledHeap() - before;
      return { growth, jobs: bare.length };
    };
    const heapTree: number[] = [];
    const heapArray: number[] = [];
    const loadAllMs: number[] = [];
    let loadAllRequests = 0;
    let loaded = 0;
    for (let i = 0; i < options.heapRuns; i++) {
      const client = newClient();
      const tree = await treeHeap(client);
      heapTree.push(tree.growth);
      loadAllMs.push(tree.ms);
      loadAllRequests = tree.requests;
      loaded = tree.jobs;
      if (tree.jobs !== options.jobs) {
        failures.push({ section: 'Tree at scale', message: `loading page by page ended with ${tree.jobs} jobs, expected ${options.jobs}` });
      }
      const array = await arrayHeap(client);
      heapArray.push(array.growth);
      if (array.jobs !== options.jobs) {
        failures.push({ section: 'Tree at scale', message: `iterateJobs returned ${array.jobs} jobs, expected ${options.jobs}` });
      }
    }
    log(`tree: loaded ${loaded} jobs page by page ${options.heapRuns} time(s)`);

    const ms = (values: number[]) => ({ summary: summarise(values), unit: 'ms' as const });
    const count = (values: number[]) => ({ summary: summarise(values), unit: 'count' as const });
    const scale = `${options.jobs.toLocaleString('en')} jobs × ${options.versionsPerJob} versions, ${options.latencyMs} ms latency`;
    const rows: Row[] = [
      {
        section: 'Tree at scale',
        measure: `refresh → first page of jobs (${pageSize} nodes rendered)`,
        ours: ms(first),
        alternative: ms(eager),
        alternativeLabel: 'list all jobs before showing any (per_page 1000)',
        better: 'lower',
      },
      {
        section: 'Tree at scale',
        measure: 'requests for the first page (one of each kind of job: which kinds exist is decided from them)',
        ours: count(firstRequests),
        alternative: count(eagerRequests),
        alternativeLabel: 'list all jobs',
        better: 'lower',
        target: '2',
      },
      {
        section: 'Tree at scale',
        measure: 'expand a job → its versions rendered',
        ours: ms(versions),
        alternative: ms(nPlusOne),
        alternativeLabel: `versions of all ${pageSize} jobs of the page up front (parallel)`,
        better: 'lower',
      },
      {
        section: 'Tree at scale',
        measure: 'requests to expand a job',
        ours: count(versionRequests),
        alternative: count(nPlusOneRequests),
        alternativeLabel: 'one per job of the page',
        better: 'lower',
        target: '1',
      },
      {
        section: 'Tree at scale',
        measure: `heap growth, all ${loaded.toLocaleString('en')} jobs loaded page by page ` +
          `(${loadAllRequests} requests, ${(summarise(loadAllMs).median / 1000).toFixed(1)} s)`,
        ours: { summary: summarise(heapTree), unit: 'bytes' },
        alternative: { summary: summarise(heapArray), unit: 'bytes' },
        alternativeLabel: 'the floor: the same jobs as a bare TrainingJob[], no tree',
      },
    ];
    const notes = [
      `Tree at scale: ${scale}; the real JobsTreeDataProvider from out/src with the vscode stand-in and the real client; ` +
      `page size ${pageSize} (the modelarts.pageSize default); heap read after forced GC, ${options.heapRuns} run(s).`,
    ];
    return { rows, failures, notes };
  } finally {
    await emulator?.close();
    uninstall();
  }
}

/**
 * The alternative the tree is measured against: every job, newest first, read in pages of the API's
 * maximum (1,000) until the reported total or a short page, before anything is shown.
 */
async function* everyJob(client: ModelArtsApi): AsyncGenerator<TrainingJob> {
  let seen = 0;
  for (let page = 1; page <= 65_535; page++) {
    const result = await client.listJobs({ page, perPage: 1000, sortBy: 'create_time', order: 'desc' });
    yield* result.jobs;
    seen += result.jobs.length;
    if (result.jobs.length < 1000 || (result.totalKnown && seen >= result.total)) {
      return;
    }
  }
}
