/**
 * Follow Log: requests and bytes per 1,000 new lines, reading on from the last line's cursor (what
 * Follow Log does), against re-reading the newest 500 lines at the same pace (every 2 s), which also
 * misses every line beyond 500 that came between two reads. Both read a running version's log at the
 * emulator while it grows at a steady rate, on a simulated clock; the emulator counts every request
 * and every byte it answers.
 */
import { LogFollower } from '../../src/actions/logFollow';
import { v1FollowSource } from '../../src/actions/logSources';
import { createClient, type ModelArtsApi } from '../../src/client';
import { Logger } from '../../src/util/logger';
import { startEmulator, type Emulator } from '../../test/fixtures/emulator';
import { FakeClock } from '../../test/fixtures/fakeClock';
import { summarise } from './stats';
import type { Failure, Row } from './table';

export interface LogFollowBenchOptions {
  /** New lines written per rate. */
  readonly lines: number;
  /** Lines the run writes per second, one measurement each. */
  readonly rates: readonly number[];
  readonly log: (line: string) => void;
}

/** What reading a growing log cost. */
interface Cost {
  readonly requests: number;
  readonly bytes: number;
  /** Lines written but never shown. */
  readonly missed: number;
  /** The lines shown equal the log's lines, in order, each once. */
  readonly exact: boolean;
}

const quiet = new Logger({ info: () => undefined, warn: () => undefined, error: () => undefined, show: () => undefined });
/** The pace of both readers: Follow Log's read interval while lines come. */
const POLL_MS = 2_000;
const NAIVE_PAGE = 500;

/** A running version with a log of its own. */
function runningVersion(emulator: Emulator): { jobId: string; versionId: string } {
  for (const job of emulator.jobs()) {
    const version = job.versions.find(v => v.status === 8);
    if (version) {
      return { jobId: job.jobId, versionId: version.versionId };
    }
  }
  throw new Error('the emulator has no running version');
}

/** Every line of the log file, read backwards from the newest page. */
async function wholeLog(api: ModelArtsApi, jobId: string, versionId: string, file: string): Promise<string[]> {
  const newest = await api.getLogLines(jobId, versionId, { logFile: file, lines: NAIVE_PAGE });
  const lines = newest.content === '' ? [] : newest.content.split('\n');
  for (let base = newest.startLine; ;) {
    const older = await api.getLogLines(jobId, versionId, { logFile: file, lines: NAIVE_PAGE, baseLine: base, order: 'asc' });
    if (older.content === '') {
      return lines;
    }
    lines.unshift(...older.content.split('\n'));
    base = older.startLine;
  }
}

/** The requests and bytes the emulator answered since `from`. */
function traffic(emulator: Emulator, from: number): { requests: number; bytes: number } {
  const sent = emulator.requests.slice(from);
  return { requests: sent.length, bytes: sent.reduce((sum, r) => sum + (r.responseBytes ?? 0), 0) };
}

/** Follow Log reading the log while `lines` lines are written at `rate` a second. */
async function follow(emulator: Emulator, api: ModelArtsApi, lines: number, rate: number): Promise<Cost> {
  const { jobId, versionId } = runningVersion(emulator);
  const [file] = await api.listLogFiles(jobId, versionId);
  const clock = new FakeClock(0);
  const follower = new LogFollower({
    source: v1FollowSource(api, jobId, versionId, file),
    status: async () => ({ ended: false, label: 'Running' }),
    onChange: () => undefined, fast: () => true, logger: quiet, label: 'bench', clock,
    maxLines: Number.MAX_SAFE_INTEGER,
  });
  clock.settle = () => follower.settled();
  follower.start();
  await clock.tick(0);
  const before = follower.lines.length;
  const from = emulator.requests.length;
  for (let written = 0; written < lines; written += rate) {
    emulator.appendLogLines(jobId, versionId, Math.min(rate, lines - written));
    await clock.tick(1_000);
  }
  await clock.tick(POLL_MS);
  const cost = traffic(emulator, from);
  follower.stop();
  const all = await wholeLog(api, jobId, versionId, file);
  const shown = follower.lines.length - before;
  return { ...cost, missed: Math.max(0, lines - shown), exact: all.join('\n') === follower.lines.join('\n') };
}

/** Re-reading the newest 500 lines every 2 s while `lines` lines are written at `rate` a second. */
async function rereadNewest(emulator: Emulator, api: ModelArtsApi, lines: number, rate: number): Promise<Cost> {
  const { jobId, versionId } = runningVersion(emulator);
  const [file] = await api.listLogFiles(jobId, versionId);
  const from = emulator.requests.length;
  let missed = 0;
  let sinceRead = 0;
  for (let written = 0, second = 1; written < lines; second++) {
    const count = Math.min(rate, lines - written);
    emulator.appendLogLines(jobId, versionId, count);
    written += count;
    sinceRead += count;
    if (second % (POLL_MS / 1000) === 0 || written >= lines) {
      await api.getLogLines(jobId, versionId, { logFile: file, lines: NAIVE_PAGE });
      missed += Math.max(0, sinceRead - NAIVE_PAGE);
      sinceRead = 0;
    }
  }
  return { ...traffic(emulator, from), missed, exact: missed === 0 };
}

/** Runs the section. */
export async function benchLogFollow(options: LogFollowBenchOptions): Promise<{ rows: Row[]; failures: Failure[]; notes: string[] }> {
  const rows: Row[] = [];
  const failures: Failure[] = [];
  const per1000 = (value: number) => Math.round((value * 1000) / options.lines);
  for (const rate of options.rates) {
    // A fresh emulator each time, so both start from the same log.
    const measure = async (read: typeof follow): Promise<Cost> => {
      const emulator = await startEmulator({ v2: false });
      try {
        const api = createClient({
          endpoint: emulator.url, iamEndpoint: emulator.url, region: emulator.region, projectId: emulator.projectId,
          credentials: { kind: 'aksk', accessKey: emulator.credentials.accessKey, secretKey: emulator.credentials.secretKey },
        });
        return await read(emulator, api, options.lines, rate);
      } finally {
        await emulator.close();
      }
    };
    const ours = await measure(follow);
    const naive = await measure(rereadNewest);
    options.log(`log follow at ${rate} lines/s: ${ours.requests} requests, ${ours.bytes} bytes, ${ours.missed} missed; newest-500: ${naive.requests}, ${naive.bytes}, ${naive.missed} missed`);
    if (!ours.exact || ours.missed > 0) {
      failures.push({ section: 'Follow Log', message: `at ${rate} lines/s the followed lines differ from the log (${ours.missed} missing)` });
    }
    const alternativeLabel = `re-read the newest ${NAIVE_PAGE} lines every ${POLL_MS / 1000} s`;
    const fig = (value: number, unit: 'count' | 'bytes') => ({ summary: summarise([value]), unit });
    const at = `${rate} line${rate === 1 ? '' : 's'}/s`;
    rows.push(
      { section: 'Follow Log', measure: `requests per 1,000 new lines, the run writing ${at}`, ours: fig(per1000(ours.requests), 'count'), alternative: fig(per1000(naive.requests), 'count'), alternativeLabel, better: 'lower' },
      { section: 'Follow Log', measure: `bytes per 1,000 new lines, ${at}`, ours: fig(per1000(ours.bytes), 'bytes'), alternative: fig(per1000(naive.bytes), 'bytes'), alternativeLabel, better: 'lower' },
      { section: 'Follow Log', measure: `lines missed of ${options.lines.toLocaleString('en-US')}, ${at}`, ours: fig(ours.missed, 'count'), alternative: fig(naive.missed, 'count'), alternativeLabel, better: 'lower', target: '0' },
    );
  }
  return {
    rows,
    failures,
    notes: [
      `Follow Log: ${options.lines.toLocaleString('en-US')} new lines per rate on a simulated clock, every request and answer byte counted at the emulator; the followed lines are checked against the whole log (none missing or twice).`,
      `Follow Log: both read every ${POLL_MS / 1000} s while lines come, so requests are equal at low rates (Follow Log then backs off to 30 s when none come; re-reading does not). Above ${NAIVE_PAGE / (POLL_MS / 1000)} lines a second re-reading the newest ${NAIVE_PAGE} loses lines, which is also why it sends fewer requests and bytes there: it never reads what it missed.`,
    ],
  };
}
