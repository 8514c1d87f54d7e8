/**
 * The client's new-version (v2) operations against the emulator, and the parsing of every quirk the
 * reference documents: page-index or record-offset paging (detected), 400 for "not found", 204 for a
 * log not ready, `context` for `content`, string totals and counts, 19-digit cursors, the log link's
 * header or query form, and feature detection of batch delete and line-paged logs.
 */
import * as assert from 'node:assert/strict';
import {
  ConfigurationError, InvalidIdError, InvalidResponseError, ModelArtsError, NotFoundError, UNSUPPORTED, isGone, isMissingApi,
} from '../../../src/client';
import { parseV2Events, parseV2Job, parseV2LogPreview, parseV2LogUrl } from '../../../src/client/v2Parse';
import { startEmulator, V2_DEMO_IDS, type Emulator, type EmulatorOptions } from '../../fixtures/emulator';
import { clientFor, rejectsWith } from './clientFixtures';

const ctx = { request: { method: 'GET', path: '/v2/{project_id}/training-jobs/{training_job_id}' }, status: 200 };

describe('v2 client', () => {
  let emulator: Emulator;

  async function start(options: EmulatorOptions = {}): Promise<ReturnType<typeof clientFor>> {
    await emulator?.close();
    emulator = await startEmulator({ v1Jobs: false, ...options });
    return clientFor(emulator);
  }

  afterEach(async () => {
    await emulator?.close();
  });

  for (const v2Offset of ['page', 'record'] as const) {
    it(`lists every job once across pages when the server reads offset as a ${v2Offset === 'page' ? 'page index' : 'record offset'}`, async () => {
      const { client } = await start({ v2Offset });
      const seen: string[] = [];
      let page = 0;
      for (let more = true; more; page++) {
        const result = await client.v2.listJobs({ page, limit: 5 });
        seen.push(...result.jobs.map(j => j.jobId));
        // The first page cannot tell the two readings apart; the second one decides.
        assert.equal(result.offsetMode, page === 0 ? 'page' : v2Offset);
        more = result.more;
      }
      assert.deepEqual(seen, emulator.v2Jobs().map(j => j.jobId));
      assert.equal(page, 3);
      const searches = emulator.requests.filter(r => r.route === 'v2ListJobs').map(r => (JSON.parse(r.body) as { offset: number }).offset);
      // Page index: 0, 1, 2. Record offset: 0, then 1 (answered from record 1: detected) again as 5, then 10.
      assert.deepEqual(searches, v2Offset === 'page' ? [0, 1, 2] : [0, 1, 5, 10]);
    });
  }

  it('sends the name and phase filters the server applies, and refuses a page size above 50 before sending', async () => {
    const { client } = await start();
    const result = await client.v2.listJobs({ search: 'LLAMA', phases: ['Running'] });
    assert.deepEqual(result.jobs.map(j => j.name), ['llama3-8b-sft']);
    assert.equal(result.total, 1);
    await rejectsWith(client.v2.listJobs({ limit: 51 }), ConfigurationError);
    assert.equal(emulator.requests.filter(r => r.route === 'v2ListJobs').length, 1);
  });

  it('reads a job with string counts as numbers, keeps unknown fields, and takes 400 ModelArts.2775 for "gone"', async () => {
    const { client } = await start();
    const job = await client.v2.getJob(V2_DEMO_IDS.completed);
    assert.equal(typeof job.duration, 'number', 'status.duration was a string on the wire');
    assert.ok((job.duration ?? 0) > 0);
    assert.equal(job.phase, 'Completed');
    assert.ok('algorithm' in job.raw && 'spec' in job.raw, 'the whole answer is kept for Show Details');
    const failed = await client.v2.getJob(V2_DEMO_IDS.failed);
    assert.deepEqual(failed.taskStatuses.find(t => t.exitCode === 137), { task: 'worker-1', exitCode: 137, message: 'OOMKilled' });
    const gone = await rejectsWith(client.v2.getJob('0a0a0a0a-0000-4000-8000-000000000000'), NotFoundError);
    assert.equal(gone.status, 400);
    assert.equal(gone.errorCode, 'ModelArts.2775');
    assert.ok(isGone(gone));
  });

  it('refuses a job or task ID that is not one opaque path segment, sending nothing', async () => {
    const { client } = await start();
    for (const bad of ['..', '.', 'a/b', '', 'x'.repeat(129), 'job id', '%2e%2e']) {
      await rejectsWith(client.v2.getJob(bad), InvalidIdError);
    }
    await rejectsWith(client.v2.getLogPreview(V2_DEMO_IDS.completed, '../worker-0'), InvalidIdError);
    assert.equal(emulator.requests.length, 0);
  });

  it('deletes with 202 and no body; batch delete answers `unsupported` where the API does not exist; a batch names 1 to 100 jobs', async () => {
    const { client } = await start({ v2BatchDelete: false });
    await client.v2.deleteJob(V2_DEMO_IDS.terminated);
    assert.ok(!emulator.v2Jobs().some(j => j.jobId === V2_DEMO_IDS.terminated));
    assert.equal(await client.v2.batchDeleteJobs([V2_DEMO_IDS.completed]), UNSUPPORTED);
    await rejectsWith(client.v2.batchDeleteJobs([]), ConfigurationError);
    await rejectsWith(client.v2.batchDeleteJobs(Array.from({ length: 101 }, (_, i) => `job-${i}`)), ConfigurationError);
    const { client: withBatch } = await start();
    assert.equal(await withBatch.v2.batchDeleteJobs([V2_DEMO_IDS.completed, V2_DEMO_IDS.terminated]), undefined);
    assert.ok(!emulator.v2Jobs().some(j => j.jobId === V2_DEMO_IDS.completed || j.jobId === V2_DEMO_IDS.terminated));
  });

  it('stops a running job (answered Terminating) and reports 409 ModelArts.2796 for one that cannot be stopped', async () => {
    const { client } = await start({ stopDelayMs: 10_000 });
    const answer = await client.v2.stopJob(V2_DEMO_IDS.running);
    assert.equal(answer?.phase, 'Terminating');
    const refused = await rejectsWith(client.v2.stopJob(V2_DEMO_IDS.completed), ModelArtsError);
    assert.equal(refused.status, 409);
    assert.equal(refused.errorCode, 'ModelArts.2796');
  });

  it('reads log previews: `content` or the older `context`, truncation from the sizes, undefined for 204 (not ready)', async () => {
    const { client } = await start({ v2LogPreviewCapBytes: 4096 });
    const whole = await client.v2.getLogPreview(V2_DEMO_IDS.completed, 'worker-0');
    assert.ok(whole && whole.content.length > 0);
    const legacy = await client.v2.getLogPreview(V2_DEMO_IDS.legacyContext, 'worker-0');
    assert.ok(legacy && legacy.content.length > 0, 'the `context` field is read');
    const large = await client.v2.getLogPreview(V2_DEMO_IDS.large, 'worker-0');
    assert.equal(large?.truncated, true);
    assert.ok((large?.currentSize ?? 0) <= 4096 && (large?.fullSize ?? 0) > 4096);
    assert.equal(await client.v2.getLogPreview(V2_DEMO_IDS.pending, 'worker-0'), undefined);
    const cleared = await rejectsWith(client.v2.getLogPreview(V2_DEMO_IDS.cleared, 'worker-0'), ModelArtsError);
    assert.equal(cleared.errorCode, 'ModelArts.2819');
  });

  it('pages line logs with 19-digit cursors kept exact, and answers `unsupported` where the API does not exist', async () => {
    const { client } = await start();
    const newest = await client.v2.getLogLines(V2_DEMO_IDS.completed, 'worker-0', { lines: 5 });
    assert.ok(newest && newest !== UNSUPPORTED);
    assert.match(newest.startLine, /^\d{19}$/);
    assert.ok(BigInt(newest.startLine) > BigInt(Number.MAX_SAFE_INTEGER), 'beyond 2^53: kept as a string');
    const older = await client.v2.getLogLines(V2_DEMO_IDS.completed, 'worker-0', { lines: 5, baseLine: newest.startLine });
    assert.ok(older && older !== UNSUPPORTED);
    assert.ok(BigInt(older.endLine) < BigInt(newest.startLine), 'the page before');
    const { client: without } = await start({ v2LineLogs: false });
    assert.equal(await without.v2.getLogLines(V2_DEMO_IDS.completed, 'worker-0'), UNSUPPORTED);
  });

  it('asks for the log link with the header, and with the query parameter when the header form is refused', async () => {
    const { client } = await start();
    const url = await client.v2.getLogUrl(V2_DEMO_IDS.completed, 'worker-0');
    assert.match(url, new RegExp(`^${emulator.url}/obs/`));
    assert.equal(emulator.requests.filter(r => r.route === 'v2LogUrl').length, 1);
    const { client: queryOnly } = await start({ v2LogUrlQueryOnly: true });
    await queryOnly.v2.getLogUrl(V2_DEMO_IDS.completed, 'worker-0');
    const asked = emulator.requests.filter(r => r.route === 'v2LogUrl');
    assert.deepEqual(asked.map(r => [r.status, r.query['Content-Type']]), [[400, undefined], [200, 'text/plain']]);
  });

  it('reads events with the total sent as a string', async () => {
    const { client } = await start();
    const page = await client.v2.listEvents(V2_DEMO_IDS.failed, { limit: 100 });
    assert.equal(typeof page.total, 'number');
    assert.equal(page.total, page.events.length);
    assert.ok(page.events.some(e => e.level === 'Error'));
    assert.ok(page.events.every(e => e.time !== undefined));
  });

  it('tells "this API does not exist here" (404 APIG.0101) from "the job is gone"', async () => {
    const { client } = await start({ v2: false });
    const missing = await rejectsWith(client.v2.listJobs(), NotFoundError);
    assert.ok(isMissingApi(missing));
    assert.ok(!isGone(missing));
    const { client: withV2 } = await start();
    const gone = await rejectsWith(withV2.v2.getJob('0a0a0a0a-0000-4000-8000-000000000000'), NotFoundError);
    assert.ok(!isMissingApi(gone));
  });
});

describe('v2 parsing', () => {
  it('refuses a job without a usable metadata.id, and keeps a phase it does not know as sent', () => {
    assert.throws(() => parseV2Job({ metadata: {} }, 'the job', ctx), InvalidResponseError);
    assert.throws(() => parseV2Job({ metadata: { id: 'a\u0000b' } }, 'the job', ctx), InvalidResponseError);
    const job = parseV2Job({ metadata: { id: 'x-1', name: 'n' }, status: { phase: 'Hibernating', node_count: 'x' }, extra: { kept: true } }, 'the job', ctx);
    assert.equal(job.phase, 'Hibernating');
    assert.deepEqual(job.raw.extra, { kept: true });
    assert.deepEqual(job.tasks, []);
  });

  it('reads a preview without sizes as not truncated, and refuses one without text', () => {
    assert.deepEqual(parseV2LogPreview({ content: 'a\n' }, ctx), { content: 'a\n', truncated: false });
    assert.equal(parseV2LogPreview({ context: 'b', current_size: '10', full_size: '20' }, ctx).truncated, true);
    assert.throws(() => parseV2LogPreview({ content: 5 }, ctx), InvalidResponseError);
  });

  it('accepts only web links for the full log', () => {
    assert.equal(parseV2LogUrl({ obs_url: 'https://bucket.obs.example.com/log?sig=1' }, ctx), 'https://bucket.obs.example.com/log?sig=1');
    for (const bad of ['javascript:alert(1)', 'command:workbench.action.terminal.new', 'file:///etc/passwd', 'not a url', 42]) {
      assert.throws(() => parseV2LogUrl({ obs_url: bad }, ctx), InvalidResponseError, String(bad));
    }
  });

  it('reads event times as ISO text or epoch milliseconds, and drops an unbelievable total', () => {
    const page = parseV2Events({ total: '-3', events: [{ time: '2025-06-01T08:00:00+08:00', level: 'Info', message: 'm' }, { time: 1748736000000 }] }, ctx);
    assert.equal(page.total, undefined);
    assert.equal(page.events[0].time, Date.parse('2025-06-01T00:00:00Z'));
    assert.equal(page.events[1].time, 1748736000000);
    assert.throws(() => parseV2Events({ events: 'none' }, ctx), InvalidResponseError);
  });
});
