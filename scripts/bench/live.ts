/**
 * Live status: requests per minute to keep 5 running items current, with the view visible, hidden,
 * and hidden with one item watched, against a naive auto-refresh (the job list and the 5 jobs'
 * versions every 5 s, whether anyone looks or not). Both run on a simulated clock over an hour against
 * the emulator, which counts every request; no status changes meanwhile (a change resets to 5 s).
 */
import { LiveStatus, type LiveItem } from '../../src/actions/liveStatus';
import { createClient, type ModelArtsApi } from '../../src/client';
import { isActive } from '../../src/model/status';
import { Logger } from '../../src/util/logger';
import { startEmulator } from '../../test/fixtures/emulator';
import { FakeClock } from '../../test/fixtures/fakeClock';
import { summarise } from './stats';
import type { Failure, Row } from './table';

export interface LiveBenchOptions {
  readonly minutes: number;
  readonly log: (line: string) => void;
}

const quiet = new Logger({ info: () => undefined, warn: () => undefined, error: () => undefined, show: () => undefined });

/** Requests per minute of live status over `minutes` simulated minutes, as `setUp` leaves it. */
async function liveRate(api: ModelArtsApi, items: readonly LiveItem[], count: () => number, minutes: number, setUp: (live: LiveStatus) => void): Promise<number> {
  const clock = new FakeClock(0);
  const live = new LiveStatus({
    items: () => items,
    read: async (item, signal) => {
      await api.listVersions(item.jobId, { page: 1, perPage: 50, signal });
      return { status: item.status ?? '', active: true };
    },
    enabled: () => true, onEnded: () => undefined, logger: quiet, clock,
  });
  clock.settle = () => live.settled();
  const before = count();
  setUp(live);
  await clock.tick(minutes * 60_000);
  live.dispose();
  return (count() - before) / minutes;
}

/** Requests per minute of a naive auto-refresh every 5 s (job list, then each live job's versions). */
async function naiveRate(api: ModelArtsApi, jobIds: readonly string[], count: () => number, minutes: number): Promise<number> {
  const before = count();
  for (let t = 0; t < minutes * 60_000; t += 5_000) {
    await api.listJobs({ page: 1, perPage: 50 });
    await Promise.all(jobIds.map(jobId => api.listVersions(jobId, { page: 1, perPage: 50 })));
  }
  return (count() - before) / minutes;
}

/** Runs the section. */
export async function benchLive(options: LiveBenchOptions): Promise<{ rows: Row[]; failures: Failure[]; notes: string[] }> {
  const emulator = await startEmulator({ v2: false });
  const api = createClient({
    endpoint: emulator.url, iamEndpoint: emulator.url, region: emulator.region, projectId: emulator.projectId,
    credentials: { kind: 'aksk', accessKey: emulator.credentials.accessKey, secretKey: emulator.credentials.secretKey },
  });
  const failures: Failure[] = [];
  try {
    const running = emulator.jobs().filter(job => isActive(job.status)).slice(0, 5);
    const items: LiveItem[] = running.map(job => ({ key: `v1job/${job.jobId}`, kind: 'v1job', jobId: job.jobId, label: job.jobName, status: String(job.status) }));
    const count = () => emulator.requests.length;
    const visible = await liveRate(api, items, count, options.minutes, live => live.setVisible(true));
    const hidden = await liveRate(api, items, count, options.minutes, live => live.setVisible(false));
    const watched = await liveRate(api, items, count, options.minutes, live => live.watch(items[0]));
    const naive = await naiveRate(api, running.map(job => job.jobId), count, options.minutes);
    options.log(`live: ${visible.toFixed(1)} / ${hidden} / ${watched.toFixed(1)} requests per minute; naive ${naive.toFixed(1)}`);
    if (hidden !== 0) {
      failures.push({ section: 'Live status', message: `${hidden} requests per minute while hidden with nothing watched (target 0)` });
    }
    const fig = (value: number) => ({ summary: summarise([Math.round(value * 10) / 10]), unit: 'count' as const });
    const alternativeLabel = 'auto-refresh every 5 s (job list + the running jobs\' versions), visible or not';
    return {
      rows: [
        { section: 'Live status', measure: `requests per minute for ${items.length} running items, view visible (over ${options.minutes} min)`, ours: fig(visible), alternative: fig(naive), alternativeLabel, better: 'lower' },
        { section: 'Live status', measure: 'requests per minute, view hidden, nothing watched', ours: fig(hidden), alternative: fig(naive), alternativeLabel, better: 'lower', target: '0' },
        { section: 'Live status', measure: 'requests per minute, view hidden, 1 item watched', ours: fig(watched), alternative: fig(naive), alternativeLabel, better: 'lower' },
      ],
      failures,
      notes: [`Live status: a simulated clock over ${options.minutes} min; every request counted at the emulator. Each item backs off 5 s, 10 s, 20 s, 40 s, then 60 s while its status stays the same.`],
    };
  } finally {
    await emulator.close();
  }
}
