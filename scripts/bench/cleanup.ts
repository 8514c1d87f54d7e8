/**
 * Clean-up rule evaluation over a large project of old-version jobs: the extension's evaluation (the
 * server's name search, no version reads for jobs that cannot match, bounded concurrency) against the
 * naive way (list every job, then read every version of every job one at a time, then filter). Both
 * must select exactly the same versions; requests are counted at the emulator.
 */
import { evaluateCleanup } from '../../src/actions/cleanupEvaluation';
import { createClient, type ModelArtsApi } from '../../src/client';
import type { TrainingJobVersion } from '../../src/client/types';
import { describeRule, selectVersions, type CleanupRule } from '../../src/model/cleanupRules';
import { startEmulator, type Emulator } from '../../test/fixtures/emulator';
import { nowMs, summarise } from './stats';
import type { Failure, Row } from './table';

export interface CleanupBenchOptions {
  readonly runs: number;
  readonly jobs: number;
  readonly versionsPerJob: number;
  readonly latencyMs: number;
  readonly concurrency: number;
  /** The rules' age: 14 days for the full set (jobs spread over 48 days); less for the quick one. */
  readonly olderThanDays: number;
  readonly log: (line: string) => void;
}

/** The rule, and the same narrowed by a name (what the server's search can narrow). */
const rules = (olderThanDays: number): CleanupRule[] => [
  { statuses: [3, 5, 6, 11, 14, 16, 17, 21, 22, 13], olderThanDays, keepNewest: 3 },
  { statuses: [3, 5, 6, 11, 14, 16, 17, 21, 22, 13], olderThanDays, keepNewest: 3, nameContains: 'bert' },
];

type Read = { jobId: string; jobName: string; versions: readonly TrainingJobVersion[] };

/** Every job, then every version of every job one at a time: what a loop over the SDK does (any rule is then a filter). */
async function readEverything(api: ModelArtsApi): Promise<Read[]> {
  const jobs: { jobId: string; jobName: string }[] = [];
  for (let page = 1; ; page++) {
    const result = await api.listJobs({ page, perPage: 1000 });
    jobs.push(...result.jobs);
    if (result.jobs.length < 1000) {
      break;
    }
  }
  const read: Read[] = [];
  for (const job of jobs) {
    read.push({ jobId: job.jobId, jobName: job.jobName, versions: (await api.listAllVersions(job.jobId)).versions });
  }
  return read;
}

/** Runs the section. */
export async function benchCleanup(options: CleanupBenchOptions): Promise<{ rows: Row[]; failures: Failure[]; notes: string[] }> {
  const baseTimeMs = Date.now();
  const emulator: Emulator = await startEmulator({
    v2: false, scale: { jobs: options.jobs, versionsPerJob: options.versionsPerJob }, latencyMs: options.latencyMs, baseTimeMs,
  });
  const api = createClient({
    endpoint: emulator.url, iamEndpoint: emulator.url, region: emulator.region, projectId: emulator.projectId,
    credentials: { kind: 'aksk', accessKey: emulator.credentials.accessKey, secretKey: emulator.credentials.secretKey },
  });
  const failures: Failure[] = [];
  const rows: Row[] = [];
  try {
    const naiveMs: number[] = [];
    let naiveRequests = 0;
    let everything: Read[] = [];
    for (let i = 0; i < options.runs; i++) {
      emulator.clearRequests();
      const start = nowMs();
      everything = await readEverything(api);
      naiveMs.push(nowMs() - start);
      naiveRequests = emulator.requests.length;
    }
    options.log(`cleanup: the naive reading done (${naiveRequests} requests)`);
    for (const rule of rules(options.olderThanDays)) {
      const ours: number[] = [];
      let requests = 0;
      let selected = 0;
      for (let i = 0; i < options.runs; i++) {
        const now = Date.now();
        emulator.clearRequests();
        const start = nowMs();
        const plan = await evaluateCleanup(api, { kind: 'v1', text: 'all jobs' }, rule, { concurrency: options.concurrency, now: () => now, isProtected: () => false });
        ours.push(nowMs() - start);
        requests = emulator.requests.length;
        selected = plan.items.length;
        const got = plan.items.map(item => item.key).sort();
        const expected = selectVersions(rule, everything, now).map(v => `${v.jobId}/${v.version.versionId}`).sort();
        if (got.length !== expected.length || got.some((key, k) => key !== expected[k]) || got.length === 0) {
          failures.push({ section: 'Clean-up', message: `"${describeRule(rule)}": selected ${got.length} versions, the naive reading ${expected.length}` });
        }
        options.log(`cleanup: "${describeRule(rule)}" run ${i + 1}/${options.runs} done (${got.length} selected)`);
      }
      rows.push({
        section: 'Clean-up',
        measure: `evaluate "${describeRule(rule)}" over ${options.jobs.toLocaleString('en')} jobs × ${options.versionsPerJob} versions, ` +
          `${options.latencyMs} ms latency: ${selected.toLocaleString('en')} selected, ${requests.toLocaleString('en')} requests`,
        ours: { summary: summarise(ours), unit: 'ms' },
        alternative: { summary: summarise(naiveMs), unit: 'ms' },
        alternativeLabel: `every version of every job, one at a time (${naiveRequests.toLocaleString('en')} requests)`,
        better: 'lower',
      });
    }
  } finally {
    await emulator.close();
  }
  const notes = [
    `Clean-up: both readings are checked to select exactly the same versions. Ours reads with concurrency ${options.concurrency} ` +
    '(modelarts.deleteConcurrency), narrows the job list with the server\'s name search, and reads no versions of a job whose name cannot ' +
    'match or that has no more versions than the newest K kept. The version list has no status or age filter, and the job list\'s ' +
    'status is only its newest version\'s, so status and age cannot be narrowed on the server.',
  ];
  return { rows, failures, notes };
}
