/**
 * New-version (v2) jobs: the first page of 10,000 jobs (one search) against reading them all, and 200
 * job deletes with bounded concurrency, one at a time, and in batch requests of 100 (where the
 * project has batch delete). After every delete run the emulator's records must show each chosen job
 * deleted exactly once and nothing else deleted.
 */
import { createClient, deleteV2Jobs, type ModelArtsApi } from '../../src/client';
import { V2_MAX_BATCH, V2_MAX_LIMIT } from '../../src/client/v2Client';
import { startEmulator, V2_ACTIVE_PHASES, type Emulator, type EmulatorOptions, type V2Phase } from '../../test/fixtures/emulator';
import { nowMs, summarise } from './stats';
import type { Failure, Row } from './table';

export interface V2BenchOptions {
  readonly runs: number;
  readonly jobs: number;
  readonly deletes: number;
  readonly latencyMs: number;
  readonly defaultConcurrency: number;
  readonly log: (line: string) => void;
}

async function setUp(options: EmulatorOptions): Promise<{ emulator: Emulator; api: ModelArtsApi }> {
  const emulator = await startEmulator({ v1Jobs: false, ...options });
  const api = createClient({
    endpoint: emulator.url, iamEndpoint: emulator.url, region: emulator.region, projectId: emulator.projectId,
    credentials: { kind: 'aksk', accessKey: emulator.credentials.accessKey, secretKey: emulator.credentials.secretKey },
  });
  return { emulator, api };
}

const searches = (emulator: Emulator) => emulator.requests.filter(r => r.route === 'v2ListJobs').length;

/** The first page (what the tree shows first) and every page (what a naive explorer reads), timed. */
async function pages(options: V2BenchOptions, failures: Failure[]): Promise<{ first: number[]; all: number[]; firstRequests: number; allRequests: number }> {
  const { emulator, api } = await setUp({ v2Scale: { jobs: options.jobs }, latencyMs: options.latencyMs });
  const first: number[] = [];
  const all: number[] = [];
  let firstRequests = 0;
  let allRequests = 0;
  try {
    for (let i = 0; i < options.runs; i++) {
      emulator.clearRequests();
      let start = nowMs();
      const page = await api.v2.listJobs({ page: 0, limit: V2_MAX_LIMIT });
      first.push(nowMs() - start);
      firstRequests = searches(emulator);
      if (page.jobs.length !== V2_MAX_LIMIT || page.total !== options.jobs) {
        failures.push({ section: 'v2 jobs', message: `the first page had ${page.jobs.length} jobs of ${String(page.total)}` });
      }
      emulator.clearRequests();
      start = nowMs();
      const ids = new Set<string>();
      for (let p = 0, more = true; more; p++) {
        const next = await api.v2.listJobs({ page: p, limit: V2_MAX_LIMIT });
        next.jobs.forEach(job => ids.add(job.jobId));
        more = next.more;
      }
      all.push(nowMs() - start);
      allRequests = searches(emulator);
      if (ids.size !== options.jobs) {
        failures.push({ section: 'v2 jobs', message: `reading every page found ${ids.size} distinct jobs of ${options.jobs}` });
      }
    }
  } finally {
    await emulator.close();
  }
  return { first, all, firstRequests, allRequests };
}

type DeleteMode = 'sequential' | 'bounded' | 'batch';

/** One run of `deletes` job deletions in `mode`; problems if any job was deleted twice, missed, or not asked for. */
async function deleteRun(mode: DeleteMode, options: V2BenchOptions): Promise<{ ms: number; requests: number; problems: string[] }> {
  const { emulator, api } = await setUp({ v2Scale: { jobs: options.deletes * 2 }, latencyMs: options.latencyMs });
  try {
    const finished = emulator.v2Jobs().filter(j => !V2_ACTIVE_PHASES.has(j.phase as V2Phase));
    const chosen = finished.slice(0, options.deletes).map(j => j.jobId);
    const kept = emulator.v2Jobs().map(j => j.jobId).filter(id => !chosen.includes(id));
    const problems: string[] = chosen.length === options.deletes ? [] : [`only ${chosen.length} finished jobs to delete, not ${options.deletes}`];
    emulator.clearRequests();
    const start = nowMs();
    if (mode === 'sequential') {
      for (const jobId of chosen) {
        await api.v2.deleteJob(jobId).catch((error: unknown) => problems.push(`${jobId}: ${String(error)}`));
      }
    } else if (mode === 'bounded') {
      const results = await deleteV2Jobs(api.v2, chosen, { concurrency: options.defaultConcurrency });
      problems.push(...results.filter(r => !r.ok).map(r => `${r.jobId}: ${String(r.error)}`));
    } else {
      for (let at = 0; at < chosen.length; at += V2_MAX_BATCH) {
        const answer = await api.v2.batchDeleteJobs(chosen.slice(at, at + V2_MAX_BATCH));
        if (answer !== undefined) {
          problems.push(`batch delete answered ${answer}`);
        }
      }
    }
    const ms = nowMs() - start;
    const sent = new Map<string, number>();
    for (const r of emulator.requests) {
      const ids = r.method === 'DELETE' ? [r.path.split('/').at(-1) ?? '']
        : r.route === 'v2BatchDelete' ? (JSON.parse(r.body) as { jobs: { metadata: { id: string } }[] }).jobs.map(j => j.metadata.id) : [];
      ids.forEach(id => sent.set(id, (sent.get(id) ?? 0) + 1));
    }
    const remaining = new Set(emulator.v2Jobs().map(j => j.jobId));
    for (const id of chosen) {
      if (sent.get(id) !== 1) {
        problems.push(`${mode}: job ${id} was sent ${sent.get(id) ?? 0} times`);
      }
      if (remaining.has(id)) {
        problems.push(`${mode}: job ${id} is still there`);
      }
    }
    problems.push(...kept.filter(id => sent.has(id) || !remaining.has(id)).map(id => `${mode}: job ${id} was deleted although not chosen`));
    return { ms, requests: emulator.requests.filter(r => r.method === 'DELETE' || r.route === 'v2BatchDelete').length, problems };
  } finally {
    await emulator.close();
  }
}

/** Runs the section. */
export async function benchV2(options: V2BenchOptions): Promise<{ rows: Row[]; failures: Failure[]; notes: string[] }> {
  const failures: Failure[] = [];
  const listed = await pages(options, failures);
  options.log('v2: pages done');
  const modes: DeleteMode[] = ['sequential', 'bounded', 'batch'];
  const times = new Map<DeleteMode, number[]>(modes.map(m => [m, []]));
  const requests = new Map<DeleteMode, number>();
  for (let i = 0; i < options.runs; i++) {
    for (const mode of modes) {
      const run = await deleteRun(mode, options);
      times.get(mode)?.push(run.ms);
      requests.set(mode, run.requests);
      failures.push(...run.problems.slice(0, 5).map(message => ({ section: 'v2 jobs', message })));
    }
    options.log(`v2: delete run ${i + 1}/${options.runs} done`);
  }
  const fig = (values: readonly number[] | undefined) => ({ summary: summarise([...(values ?? [])]), unit: 'ms' as const });
  const rows: Row[] = [
    {
      section: 'v2 jobs', measure: `first page of ${options.jobs.toLocaleString('en')} v2 jobs, ${options.latencyMs} ms latency (${listed.firstRequests} request)`,
      ours: fig(listed.first), alternative: fig(listed.all), alternativeLabel: `every page (${listed.allRequests} requests)`, better: 'lower',
    },
    {
      section: 'v2 jobs', measure: `${options.deletes} v2 job deletes: concurrency ${options.defaultConcurrency} (${requests.get('bounded')} requests)`,
      ours: fig(times.get('bounded')), alternative: fig(times.get('sequential')), alternativeLabel: 'one at a time', better: 'lower',
    },
    {
      section: 'v2 jobs', measure: `${options.deletes} v2 job deletes: batch delete (${requests.get('batch')} requests of ≤ ${V2_MAX_BATCH})`,
      ours: fig(times.get('batch')), alternative: fig(times.get('bounded')), alternativeLabel: `concurrency ${options.defaultConcurrency}`, better: 'lower',
    },
  ];
  const notes = [
    'v2 jobs: each delete run against a fresh emulator; only finished jobs are chosen, and every run is checked at the emulator ' +
    '(each chosen job sent once and gone, nothing else deleted). Batch delete exists on Huawei Cloud only; elsewhere the bounded DELETEs are what runs.',
  ];
  return { rows, failures, notes };
}
