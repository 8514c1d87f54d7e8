/**
 * Many deletes: 200 versions against an emulator with 50 ms latency, through `deleteVersions` with the
 * `modelarts.deleteConcurrency` default (4) and with 8, versus one at a time as a loop over the SDK's
 * `delete_job_version()` would send them. After every run the emulator's records must show each chosen
 * version deleted exactly once and no other DELETE; a separate run injects 429s with Retry-After.
 */
import { createClient } from '../../src/client';
import { deleteVersions, VersionRef } from '../../src/client/bulk';
import type { ModelArtsApi } from '../../src/client/types';
import { Emulator, startEmulator } from '../../test/fixtures/emulator';
import { nowMs, summarise } from './stats';
import type { Failure, Row } from './table';

export interface ManyDeletesOptions {
  readonly runs: number;
  readonly versions: number;
  readonly latencyMs: number;
  /** The `modelarts.deleteConcurrency` default, from package.json. */
  readonly defaultConcurrency: number;
  readonly log: (line: string) => void;
}

export interface ManyDeletesOutcome {
  readonly rows: Row[];
  readonly failures: Failure[];
  readonly notes: string[];
}

const VERSIONS_PER_JOB = 11;

interface Setup {
  readonly emulator: Emulator;
  readonly api: ModelArtsApi;
  readonly chosen: VersionRef[];
  readonly kept: VersionRef[];
}

async function setUp(versions: number, latencyMs: number): Promise<Setup> {
  // One version of each job is kept, so no job disappears and the survivors can be checked too.
  const jobs = Math.ceil(versions / (VERSIONS_PER_JOB - 1));
  const emulator = await startEmulator({ scale: { jobs, versionsPerJob: VERSIONS_PER_JOB }, latencyMs });
  const all = emulator.jobs().flatMap(job => job.versions.map((v, i) => ({ jobId: job.jobId, versionId: v.versionId, keep: i === 0 })));
  const candidates = all.filter(v => !v.keep);
  const chosen = candidates.slice(0, versions).map(({ jobId, versionId }) => ({ jobId, versionId }));
  const chosenKeys = new Set(chosen.map(key));
  const kept = all.filter(v => !chosenKeys.has(key(v))).map(({ jobId, versionId }) => ({ jobId, versionId }));
  const api = createClient({
    endpoint: emulator.url,
    iamEndpoint: emulator.url,
    region: emulator.region,
    projectId: emulator.projectId,
    credentials: { kind: 'aksk', accessKey: emulator.credentials.accessKey, secretKey: emulator.credentials.secretKey },
  });
  emulator.clearRequests();
  return { emulator, api, chosen, kept };
}

const key = (ref: VersionRef): string => `${ref.jobId}/${ref.versionId}`;

/** Wrong or duplicate deletes, from the emulator's records and its state afterwards. */
function verify(setup: Setup, label: string): { wrong: number; duplicates: number; missing: number; problems: string[] } {
  const expected = new Set(setup.chosen.map(key));
  const accepted = new Map<string, number>();
  let wrong = 0;
  const problems: string[] = [];
  for (const r of setup.emulator.requests) {
    if (r.method !== 'DELETE') {
      continue;
    }
    const m = /\/training-jobs\/(\d+)\/versions\/(\d+)$/.exec(r.path);
    const k = m ? `${m[1]}/${m[2]}` : r.path;
    if (!expected.has(k)) {
      wrong++;
      problems.push(`${label}: DELETE of a version not asked for: ${r.path}`);
    }
    if (r.status === 200) {
      accepted.set(k, (accepted.get(k) ?? 0) + 1);
    }
  }
  let duplicates = 0;
  let missing = 0;
  for (const k of expected) {
    const n = accepted.get(k) ?? 0;
    if (n > 1) {
      duplicates++;
      problems.push(`${label}: version ${k} was deleted ${n} times`);
    } else if (n === 0) {
      missing++;
      problems.push(`${label}: version ${k} was never deleted`);
    }
  }
  const remaining = new Set(setup.emulator.jobs().flatMap(job => job.versions.map(v => `${job.jobId}/${v.versionId}`)));
  for (const ref of setup.kept) {
    if (!remaining.has(key(ref))) {
      wrong++;
      problems.push(`${label}: version ${key(ref)} disappeared although it was not asked for`);
    }
  }
  for (const ref of setup.chosen) {
    if (remaining.has(key(ref))) {
      problems.push(`${label}: version ${key(ref)} is still there`);
    }
  }
  return { wrong, duplicates, missing, problems };
}

type Mode = { kind: 'sequential' } | { kind: 'bounded'; concurrency: number };

interface Tally {
  checked: number;
  wrong: number;
  duplicates: number;
  missing: number;
}

function add(tally: Tally, checked: number, v: { wrong: number; duplicates: number; missing: number }): void {
  tally.checked += checked;
  tally.wrong += v.wrong;
  tally.duplicates += v.duplicates;
  tally.missing += v.missing;
}

async function runMode(mode: Mode, options: ManyDeletesOptions, tally: Tally): Promise<{ ms: number; problems: string[] }> {
  const setup = await setUp(options.versions, options.latencyMs);
  try {
    const start = nowMs();
    const failed: string[] = [];
    if (mode.kind === 'sequential') {
      for (const ref of setup.chosen) {
        await setup.api.deleteVersion(ref.jobId, ref.versionId).catch((error: unknown) => {
          failed.push(`${key(ref)}: ${error instanceof Error ? error.message : String(error)}`);
        });
      }
    } else {
      const results = await deleteVersions(setup.api, setup.chosen, { concurrency: mode.concurrency });
      for (const r of results.filter(r => !r.ok)) {
        failed.push(`${key(r)}: ${r.error instanceof Error ? r.error.message : String(r.error)}`);
      }
    }
    const ms = nowMs() - start;
    const label = mode.kind === 'sequential' ? 'one at a time' : `concurrency ${mode.concurrency}`;
    const checked = verify(setup, label);
    add(tally, setup.chosen.length, checked);
    return { ms, problems: [...failed.slice(0, 5).map(f => `${label}: ${f}`), ...checked.problems] };
  } finally {
    await setup.emulator.close();
  }
}

/** A run with 429s injected on a few deletes: each throttled pair must be retried after its Retry-After, once. */
async function runThrottled(
  options: ManyDeletesOptions,
  injected: number,
  retryAfterSeconds: number,
  tally: Tally,
): Promise<{ text: string; problems: string[] }> {
  const setup = await setUp(options.versions, options.latencyMs);
  try {
    setup.emulator.inject({ route: 'deleteVersion', kind: 'status', status: 429, retryAfterSeconds, times: injected });
    const start = nowMs();
    const results = await deleteVersions(setup.api, setup.chosen, { concurrency: options.defaultConcurrency });
    const ms = nowMs() - start;
    const label = `429 run (concurrency ${options.defaultConcurrency})`;
    const problems = results.filter(r => !r.ok).map(r => `${label}: ${key(r)} failed: ${r.error instanceof Error ? r.error.message : String(r.error)}`);
    const deletes = setup.emulator.requests.filter(r => r.method === 'DELETE');
    const throttled = deletes.filter(r => r.status === 429);
    if (throttled.length !== injected) {
      problems.push(`${label}: the emulator answered ${throttled.length} 429s, ${injected} were injected`);
    }
    // The retry of a throttled pair must arrive no sooner than Retry-After after the 429 was sent
    // (which is at least its arrival plus the emulator's latency).
    let shortest = Infinity;
    for (const t of throttled) {
      const retry = deletes.find(r => r.path === t.path && r.at > t.at && r.status === 200);
      if (!retry) {
        problems.push(`${label}: ${t.path} was never retried after its 429`);
        continue;
      }
      shortest = Math.min(shortest, retry.at - t.at);
    }
    if (shortest < retryAfterSeconds * 1000) {
      problems.push(`${label}: a throttled delete was retried after ${shortest} ms, before its Retry-After of ${retryAfterSeconds} s`);
    }
    const checked = verify(setup, label);
    add(tally, setup.chosen.length, checked);
    problems.push(...checked.problems);
    const text = `${throttled.length} × 429 (Retry-After ${retryAfterSeconds} s) honoured: retried after ≥ ${(shortest / 1000).toFixed(2)} s, ` +
      `all ${options.versions} deleted once, ${(ms / 1000).toFixed(1)} s`;
    return { text, problems };
  } finally {
    await setup.emulator.close();
  }
}

/** Runs the section. */
export async function benchManyDeletes(options: ManyDeletesOptions): Promise<ManyDeletesOutcome> {
  const { runs, log } = options;
  const modes: Mode[] = [
    { kind: 'sequential' },
    { kind: 'bounded', concurrency: options.defaultConcurrency },
    { kind: 'bounded', concurrency: 8 },
  ];
  const times = modes.map(() => [] as number[]);
  const failures: Failure[] = [];
  const tally: Tally = { checked: 0, wrong: 0, duplicates: 0, missing: 0 };
  for (let i = 0; i < runs; i++) {
    for (const [index, mode] of modes.entries()) {
      const { ms, problems } = await runMode(mode, options, tally);
      times[index].push(ms);
      failures.push(...problems.map(message => ({ section: 'Many deletes', message })));
    }
    log(`many deletes: run ${i + 1}/${runs} done`);
  }
  const throttled = await runThrottled(options, 3, 1, tally);
  failures.push(...throttled.problems.map(message => ({ section: 'Many deletes', message })));
  log('many deletes: 429 run done');

  const fig = (values: number[]) => ({ summary: summarise(values), unit: 'ms' as const });
  const sequential = fig(times[0]);
  const rows: Row[] = [
    {
      section: 'Many deletes',
      measure: `${options.versions} versions, ${options.latencyMs} ms latency: concurrency ${options.defaultConcurrency} (the default)`,
      ours: fig(times[1]),
      alternative: sequential,
      alternativeLabel: 'one at a time (the SDK loop)',
      better: 'lower',
    },
    {
      section: 'Many deletes',
      measure: `${options.versions} versions: concurrency 8`,
      ours: fig(times[2]),
      alternative: sequential,
      alternativeLabel: 'one at a time',
      better: 'lower',
    },
    {
      section: 'Many deletes',
      measure: 'wrong or duplicate deletes',
      ours: `${tally.wrong} wrong, ${tally.duplicates} duplicate, ${tally.missing} missed, of ${tally.checked} deletes checked at the emulator`,
      target: '0',
    },
    {
      section: 'Many deletes',
      measure: '429 with Retry-After',
      ours: throttled.text,
    },
  ];
  const notes = [
    `Many deletes: each run against a fresh emulator (${VERSIONS_PER_JOB} versions per job, one kept per job); ` +
    `"one at a time" awaits the client's deleteVersion in a loop; the bounded runs use src/client/bulk.ts deleteVersions.`,
  ];
  return { rows, failures, notes };
}
