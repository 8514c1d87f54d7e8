import * as assert from 'node:assert/strict';
import * as http from 'node:http';
import * as sinon from 'sinon';
import { canonicalQueryString, signRequest } from '../../../src/client/signer';
import {
  matchRoute, ROUTE_NAMES, startEmulator, V2_ACTIVE_PHASES, V2_DEFAULT_PREVIEW_CAP_BYTES, V2_DEMO_IDS, V2_HOSTILE_LOG_TEXT, V2_LOG_URL_TTL_MS,
  V2_PHASES, type Emulator, type EmulatorOptions, type V2Phase,
} from '../../fixtures/emulator';
import { parseArgs } from '../../fixtures/emulator/cli';

interface RawResponse {
  readonly status: number;
  readonly headers: http.IncomingHttpHeaders;
  readonly text: string;
}

interface SendOptions {
  readonly query?: ReadonlyArray<readonly [string, string]>;
  readonly headers?: Record<string, string>;
  readonly body?: string;
}

// The same two helpers as emulator.test.ts: a plain request on a fresh connection, and one signed with
// the client's own signer exactly as the client sends it.
function send(port: number, method: string, pathname: string, options: SendOptions = {}): Promise<RawResponse> {
  const query = options.query ? canonicalQueryString(options.query) : '';
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host: '127.0.0.1', port, method, path: query ? `${pathname}?${query}` : pathname, headers: options.headers, agent: false },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, text: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(options.body);
  });
}

function signed(emu: Emulator, method: string, pathname: string, options: SendOptions = {}): Promise<RawResponse> {
  const query = options.query ? canonicalQueryString(options.query) : '';
  const url = `${emu.url}${pathname}${query ? `?${query}` : ''}`;
  const headers = signRequest(
    { method, url, headers: { 'Content-Type': 'application/json', ...options.headers }, body: options.body },
    { accessKey: emu.credentials.accessKey, secretKey: emu.credentials.secretKey },
  );
  return send(emu.port, method, pathname, { query: options.query, headers, body: options.body });
}

function json<T = Record<string, unknown>>(r: RawResponse): T {
  return JSON.parse(r.text) as T;
}

interface JobWire {
  kind: string;
  metadata: { id: string; name: string; description: string; create_time: number; workspace_id: string; user_name: string; annotations?: Record<string, string> };
  status: {
    phase: V2Phase;
    secondary_phase: string;
    duration: number | string;
    start_time?: number;
    tasks: string[];
    task_statuses?: { task: string; exit_code: number; message: string }[];
  };
  algorithm: { engine: { engine_id?: string; engine_name?: string; engine_version?: string; image_url: string }; parameters: { name: string; value: string }[] };
  spec: { resource: { flavor_id: string; flavor_name: string; node_count: number | string; pool_id?: string } };
  endpoints?: Record<string, { url: string; token: string }>;
}

interface ListWire {
  total: number;
  count: number;
  limit: number;
  offset: number;
  sort_by: string;
  order: string;
  group_by: string;
  items: JobWire[];
}

interface EventWire {
  time: string;
  level: string;
  message: string;
  source: string;
}

const TWO_POW_53 = 2n ** 53n;

describe('ModelArts emulator: v2 (new-version) training API', () => {
  const sandbox = sinon.createSandbox();
  let emu: Emulator;
  const v2 = (e: Emulator = emu) => `/v2/${e.projectId}`;
  const job = (id: string, e: Emulator = emu) => `${v2(e)}/training-jobs/${encodeURIComponent(id)}`;
  const preview = (id: string, task = 'worker-0', e: Emulator = emu) => `${job(id, e)}/tasks/${task}/logs/preview`;
  const logUrl = (id: string, task = 'worker-0', e: Emulator = emu) => `${job(id, e)}/tasks/${task}/logs/url`;

  function search(body: Record<string, unknown>, e: Emulator = emu): Promise<RawResponse> {
    return signed(e, 'POST', `${v2(e)}/training-job-searches`, { body: JSON.stringify(body) });
  }

  async function list(body: Record<string, unknown>, e: Emulator = emu): Promise<ListWire> {
    const r = await search(body, e);
    assert.equal(r.status, 200, r.text);
    return json<ListWire>(r);
  }

  async function withEmulator(options: EmulatorOptions, body: (e: Emulator) => Promise<void>): Promise<void> {
    const e = await startEmulator(options);
    try {
      await body(e);
    } finally {
      await e.close();
    }
  }

  function assertV2Error(r: RawResponse, status: number, code: string): void {
    assert.equal(r.status, status, r.text);
    const body = json(r);
    assert.deepEqual(Object.keys(body).sort(), ['error_code', 'error_msg']);
    assert.equal(body.error_code, code);
    assert.ok(String(body.error_msg).length > 0);
  }

  function assertNoApi(r: RawResponse): void {
    assert.equal(r.status, 404);
    assert.equal(json(r).error_code, 'APIG.0101');
  }

  beforeEach(async () => {
    emu = await startEmulator();
  });

  afterEach(async () => {
    sandbox.restore();
    await emu.close();
  });

  describe('routes and demo data', () => {
    it('names the v2 routes after the v1 ones and matches their paths', () => {
      assert.deepEqual(ROUTE_NAMES.slice(-10), [
        'v2ListJobs', 'v2GetJob', 'v2DeleteJob', 'v2BatchDelete', 'v2StopJob', 'v2LogPreview', 'v2LogLines', 'v2LogUrl', 'v2ObsLog', 'v2Events',
      ]);
      const p = '/v2/abc/training-jobs/j-1';
      const cases: [string, string, string | undefined][] = [
        ['POST', '/v2/abc/training-job-searches', 'v2ListJobs'],
        ['GET', p, 'v2GetJob'],
        ['DELETE', p, 'v2DeleteJob'],
        ['POST', '/v2/abc/training-jobs/batch-delete', 'v2BatchDelete'],
        ['POST', `${p}/actions`, 'v2StopJob'],
        ['GET', `${p}/tasks/worker-0/logs/preview`, 'v2LogPreview'],
        ['GET', `${p}/logs/worker-0`, 'v2LogLines'],
        ['GET', `${p}/tasks/worker-0/logs/url`, 'v2LogUrl'],
        ['GET', '/obs/abcdef', 'v2ObsLog'],
        ['GET', `${p}/events`, 'v2Events'],
        ['GET', '/v2/abc/training-job-searches', undefined],
        ['PUT', p, undefined],
        ['GET', `${p}/tasks/worker-0/logs/other`, undefined],
        ['POST', '/obs/abcdef', undefined],
      ];
      for (const [method, path, name] of cases) {
        assert.equal(matchRoute(method, path)?.name, name, `${method} ${path}`);
      }
      assert.equal(matchRoute('GET', `${p}/events`)?.jobId, 'j-1');
      assert.equal(matchRoute('GET', `${p}/logs/worker-3`)?.projectId, 'abc');
    });

    it('has the named demo jobs in the documented phases, with every phase in the set', () => {
      const byId = new Map(emu.v2Jobs().map((j) => [j.jobId, j]));
      const expected: Record<keyof typeof V2_DEMO_IDS, [V2Phase, number]> = {
        creating: ['Creating', 1], pending: ['Pending', 2], running: ['Running', 1], terminating: ['Terminating', 1], multiTask: ['Running', 4],
        failed: ['Failed', 2], abnormal: ['Abnormal', 2], large: ['Completed', 1], terminated: ['Terminated', 1], completed: ['Completed', 1],
        legacyContext: ['Completed', 1], cleared: ['Completed', 1],
      };
      assert.deepEqual(Object.keys(V2_DEMO_IDS).sort(), Object.keys(expected).sort());
      for (const [key, [phase, tasks]] of Object.entries(expected)) {
        const j = byId.get(V2_DEMO_IDS[key as keyof typeof V2_DEMO_IDS]);
        assert.ok(j, key);
        assert.equal(j.phase, phase, key);
        assert.equal(j.tasks.length, tasks, key);
        assert.equal(j.pendingDeletion, false);
      }
      assert.equal(byId.size, 13);
      assert.deepEqual(new Set([...byId.values()].map((j) => j.phase)), new Set(V2_PHASES));
      assert.deepEqual([...V2_ACTIVE_PHASES].sort(), ['Creating', 'Pending', 'Running', 'Terminating']);
    });

    it('lists the demo jobs newest first with the documented answer and JobResponse fields', async () => {
      const body = await list({ offset: 0, limit: 50, sort_by: 'create_time', order: 'desc', filters: [], workspace_id: '0' });
      assert.equal(body.total, 13);
      assert.equal(body.count, 13);
      assert.equal(body.limit, 50);
      assert.equal(body.offset, 0);
      assert.equal(body.sort_by, 'create_time');
      assert.equal(body.order, 'desc');
      assert.equal(body.group_by, '');
      const times = body.items.map((j) => j.metadata.create_time);
      assert.deepEqual(times, [...times].sort((a, b) => b - a));
      assert.deepEqual(body.items.map((j) => j.metadata.id), emu.v2Jobs().map((j) => j.jobId));
      for (const j of body.items) {
        assert.equal(j.kind, 'job');
        assert.equal(j.metadata.workspace_id, '0');
        assert.equal(j.metadata.user_name, emu.credentials.userName);
        assert.ok(j.algorithm.engine.image_url);
        assert.ok(j.spec.resource.flavor_id && j.spec.resource.flavor_name);
        assert.ok(j.status.tasks.length >= 1);
        assert.ok(j.algorithm.parameters.length > 0);
      }
    });

    it('shows a job with endpoint tokens, a secret annotation, string numbers and a failure reason', async () => {
      const multi = json<JobWire>(await signed(emu, 'GET', job(V2_DEMO_IDS.multiTask)));
      assert.deepEqual(multi.status.tasks, ['worker-0', 'worker-1', 'worker-2', 'worker-3']);
      assert.equal(multi.spec.resource.node_count, 4);
      assert.ok(multi.spec.resource.pool_id);
      assert.equal(multi.algorithm.engine.engine_name, undefined);
      assert.match(multi.endpoints?.jupyter_lab.token ?? '', /^[0-9a-f]{48}$/);
      assert.match(multi.endpoints?.tensorboard.token ?? '', /^[0-9a-f]{48}$/);
      assert.match(multi.endpoints?.jupyter_lab.url ?? '', /^https:\/\//);
      assert.equal(typeof multi.status.start_time, 'number');
      assert.equal(typeof multi.status.duration, 'number');

      const completed = json<JobWire>(await signed(emu, 'GET', job(V2_DEMO_IDS.completed)));
      assert.match(completed.metadata.annotations?.['fe-token'] ?? '', /^[0-9a-f]{64}$/);
      assert.equal(typeof completed.status.duration, 'string');
      assert.match(String(completed.status.duration), /^\d+$/);
      assert.equal(completed.algorithm.engine.engine_name, 'PyTorch');

      const listed = (await list({ filters: [{ key: 'name', operator: 'like', value: ['gpt-neox'] }] })).items[0];
      assert.equal(listed.spec.resource.node_count, '2');

      const failed = json<JobWire>(await signed(emu, 'GET', job(V2_DEMO_IDS.failed)));
      assert.deepEqual(failed.status.task_statuses, [{ task: 'worker-1', exit_code: 137, message: 'OOMKilled' }]);
      const abnormal = json<JobWire>(await signed(emu, 'GET', job(V2_DEMO_IDS.abnormal)));
      assert.equal(abnormal.status.secondary_phase, 'CreateFailed');
      assert.equal(abnormal.status.start_time, undefined);
      assert.equal(json<JobWire>(await signed(emu, 'GET', job(V2_DEMO_IDS.pending))).status.secondary_phase, 'Queuing');
    });

    it('answers an unknown job with HTTP 400 ModelArts.2775 in the v2 error shape', async () => {
      assertV2Error(await signed(emu, 'GET', job('no-such-job')), 400, 'ModelArts.2775');
      assertV2Error(await signed(emu, 'GET', `${job('nope')}/events`), 400, 'ModelArts.2775');
      assertV2Error(await signed(emu, 'GET', preview('nope')), 400, 'ModelArts.2775');
      assertNoApi(await signed(emu, 'GET', `${v2()}/training-job-searches`));
      assertNoApi(await signed(emu, 'PUT', job(V2_DEMO_IDS.completed), { body: '{"description":"x"}' }));
    });

    it('is deterministic for a seed and base time', async () => {
      const a = await startEmulator();
      const b = await startEmulator({ seed: 2 });
      try {
        const path = job(V2_DEMO_IDS.multiTask, a).replace(a.projectId, '{p}');
        const read = async (e: Emulator) => (await signed(e, 'GET', path.replace('{p}', e.projectId))).text;
        assert.equal(await read(a), await read(emu));
        assert.notEqual(await read(b), await read(emu));
        const logs = async (e: Emulator) => (await signed(e, 'GET', preview(V2_DEMO_IDS.completed, 'worker-0', e))).text;
        assert.equal(await logs(a), await logs(emu));
        assert.equal((await list({}, a)).items.map((j) => j.metadata.id).join(), (await list({})).items.map((j) => j.metadata.id).join());
      } finally {
        await a.close();
        await b.close();
      }
    });
  });

  describe('searching', () => {
    async function pages(e: Emulator, limit: number, offsetOf: (page: number) => number): Promise<string[][]> {
      const out: string[][] = [];
      for (let page = 0; ; page++) {
        const body = await list({ offset: offsetOf(page), limit }, e);
        out.push(body.items.map((j) => j.metadata.id));
        if (body.items.length < limit) {
          return out;
        }
      }
    }

    it('reads offset as a page index by default: no duplicates and no gaps across pages', async () => {
      const all = (await list({})).items.map((j) => j.metadata.id);
      const paged = await pages(emu, 5, (p) => p);
      assert.deepEqual(paged.map((p) => p.length), [5, 5, 3]);
      assert.deepEqual(paged.flat(), all);
      const second = await list({ offset: 1, limit: 5 });
      assert.equal(second.offset, 1);
      assert.equal(second.total, 13);
      assert.equal(second.count, 5);
      assert.deepEqual((await list({ offset: 3, limit: 5 })).items, []);
    });

    it('reads offset as a record offset with v2Offset "record"', async () => {
      await withEmulator({ v2Offset: 'record' }, async (e) => {
        const all = (await list({}, e)).items.map((j) => j.metadata.id);
        const paged = await pages(e, 5, (p) => p * 5);
        assert.deepEqual(paged.flat(), all);
        // What the client's detector looks for: page "1" starts with the first page's second job.
        const shifted = (await list({ offset: 1, limit: 5 }, e)).items.map((j) => j.metadata.id);
        assert.deepEqual(shifted, all.slice(1, 6));
      });
    });

    it('filters by name (case-insensitive substring) and phase, and orders ascending', async () => {
      const byName = await list({ filters: [{ key: 'name', operator: 'like', value: ['BERT'] }] });
      assert.deepEqual(byName.items.map((j) => j.metadata.name), ['deberta-v3-ner', 'bert-base-chinese-cls']);
      assert.equal(byName.total, 2);
      const active = await list({ order: 'asc', filters: [{ key: 'phase', operator: 'in', value: ['Running', 'Pending'] }] });
      assert.deepEqual(active.items.map((j) => j.metadata.name), ['llama3-8b-sft', 'whisper-small-zh', 'sdxl-lora-anime']);
      const both = await list({ filters: [{ key: 'name', operator: 'like', value: ['llama'] }, { key: 'phase', operator: 'in', value: ['Completed'] }] });
      assert.equal(both.total, 0);
      const empty = await list({ filters: [{ key: 'name', operator: 'like', value: [''] }, { key: 'phase', operator: 'in', value: [''] }] });
      assert.equal(empty.total, 13);
      const created = await list({ filters: [{ key: 'create_time', operator: 'between', value: [String(Date.UTC(2025, 5, 2, 0, 0)), ''] }] });
      assert.deepEqual(created.items.map((j) => j.metadata.name), ['mistral-7b-dpo', 'sdxl-lora-anime', 'whisper-small-zh', 'deberta-v3-ner', 'llama3-8b-sft']);
    });

    it('rejects bad bodies and parameters with the documented codes', async () => {
      const cases: [string, string][] = [
        ['{not json', 'ModelArts.2787'],
        ['[]', 'ModelArts.2787'],
        ['{"limit":0}', 'ModelArts.2788'],
        ['{"limit":51}', 'ModelArts.2788'],
        ['{"offset":-1}', 'ModelArts.2788'],
        ['{"offset":"1"}', 'ModelArts.2788'],
        ['{"order":"up"}', 'ModelArts.2788'],
        ['{"sort_by":"name"}', 'ModelArts.2790'],
        ['{"filters":[{"key":"status","operator":"eq","value":["Running"]}]}', 'ModelArts.2807'],
        ['{"filters":[{"key":"name","operator":"in","value":["x"]}]}', 'ModelArts.2808'],
        ['{"filters":[{"key":"phase","operator":"in","value":["running"]}]}', 'ModelArts.2809'],
        ['{"filters":[{"key":"name","operator":"like","value":"x"}]}', 'ModelArts.2809'],
        ['{"workspace_id":"ws-unknown"}', 'ModelArts.2788'],
      ];
      for (const [body, code] of cases) {
        assertV2Error(await signed(emu, 'POST', `${v2()}/training-job-searches`, { body }), 400, code);
      }
    });
  });

  describe('delete and batch delete', () => {
    it('answers 202 with an empty body and removes the job at once with deleteDelayMs 0', async () => {
      const r = await signed(emu, 'DELETE', job(V2_DEMO_IDS.completed));
      assert.equal(r.status, 202);
      assert.equal(r.text, '');
      assertV2Error(await signed(emu, 'GET', job(V2_DEMO_IDS.completed)), 400, 'ModelArts.2775');
      assertV2Error(await signed(emu, 'DELETE', job(V2_DEMO_IDS.completed)), 400, 'ModelArts.2775');
      assert.equal((await list({})).total, 12);
      assert.ok(!emu.v2Jobs().some((j) => j.jobId === V2_DEMO_IDS.completed));
    });

    it('keeps a deleted job listed and readable for deleteDelayMs, then it is gone', async () => {
      const clock = sandbox.useFakeTimers({ now: Date.now(), toFake: ['Date'] });
      await withEmulator({ deleteDelayMs: 3000 }, async (e) => {
        assert.equal((await signed(e, 'DELETE', job(V2_DEMO_IDS.running, e))).status, 202);
        assert.equal((await signed(e, 'DELETE', job(V2_DEMO_IDS.running, e))).status, 202);
        assert.equal((await signed(e, 'GET', job(V2_DEMO_IDS.running, e))).status, 200);
        assert.equal((await list({}, e)).total, 13);
        assert.equal(e.v2Jobs().find((j) => j.jobId === V2_DEMO_IDS.running)?.pendingDeletion, true);
        clock.tick(2999);
        assert.equal((await signed(e, 'GET', job(V2_DEMO_IDS.running, e))).status, 200);
        clock.tick(1);
        assertV2Error(await signed(e, 'GET', job(V2_DEMO_IDS.running, e)), 400, 'ModelArts.2775');
        assert.equal((await list({}, e)).total, 12);
        assert.equal(e.v2Jobs().length, 12);
      });
    });

    it('batch-deletes jobs with 202 and an empty body', async () => {
      const body = JSON.stringify({ jobs: [V2_DEMO_IDS.completed, V2_DEMO_IDS.terminated].map((id) => ({ kind: 'job', metadata: { id } })) });
      const r = await signed(emu, 'POST', `${v2()}/training-jobs/batch-delete`, { body });
      assert.equal(r.status, 202);
      assert.equal(r.text, '');
      assert.equal(emu.requests[emu.requests.length - 1].route, 'v2BatchDelete');
      assert.equal((await list({})).total, 11);
    });

    it('refuses a batch with an unknown job (deleting nothing), an empty batch and more than 100 jobs', async () => {
      const batch = (ids: string[]) => JSON.stringify({ jobs: ids.map((id) => ({ kind: 'job', metadata: { id } })) });
      const url = `${v2()}/training-jobs/batch-delete`;
      assertV2Error(await signed(emu, 'POST', url, { body: batch([V2_DEMO_IDS.completed, 'no-such-job']) }), 400, 'ModelArts.2775');
      assert.equal((await list({})).total, 13);
      assertV2Error(await signed(emu, 'POST', url, { body: batch([]) }), 400, 'ModelArts.2788');
      assertV2Error(await signed(emu, 'POST', url, { body: batch(Array.from({ length: 101 }, () => V2_DEMO_IDS.completed)) }), 400, 'ModelArts.2788');
      assertV2Error(await signed(emu, 'POST', url, { body: '{"jobs":[{"kind":"job"}]}' }), 400, 'ModelArts.2788');
      assertV2Error(await signed(emu, 'POST', url, { body: 'jobs' }), 400, 'ModelArts.2787');
      assert.equal((await signed(emu, 'POST', url, { body: batch(Array.from({ length: 100 }, () => V2_DEMO_IDS.completed)) })).status, 202);
    });

    it('answers 404 APIG.0101 for batch delete with v2BatchDelete false', async () => {
      await withEmulator({ v2BatchDelete: false }, async (e) => {
        const body = JSON.stringify({ jobs: [{ kind: 'job', metadata: { id: V2_DEMO_IDS.completed } }] });
        assertNoApi(await signed(e, 'POST', `${v2(e)}/training-jobs/batch-delete`, { body }));
        assert.equal(e.requests[e.requests.length - 1].route, 'unknown');
        assert.equal((await list({}, e)).total, 13);
        assert.equal((await signed(e, 'DELETE', job(V2_DEMO_IDS.completed, e))).status, 202);
      });
    });
  });

  describe('stop', () => {
    const stop = (id: string, e: Emulator = emu, body = '{"action_type":"terminate"}') => signed(e, 'POST', `${job(id, e)}/actions`, { body });

    it('answers 202 with the job Terminating, then Terminated after stopDelayMs with the duration frozen', async () => {
      const clock = sandbox.useFakeTimers({ now: Date.now(), toFake: ['Date'] });
      await withEmulator({ stopDelayMs: 2000 }, async (e) => {
        const before = json<JobWire>(await signed(e, 'GET', job(V2_DEMO_IDS.multiTask, e)));
        const r = await stop(V2_DEMO_IDS.multiTask, e);
        assert.equal(r.status, 202);
        const answered = json<JobWire>(r);
        assert.equal(answered.metadata.id, V2_DEMO_IDS.multiTask);
        assert.equal(answered.status.phase, 'Terminating');
        assert.equal(answered.status.secondary_phase, 'Terminating');
        assertV2Error(await stop(V2_DEMO_IDS.multiTask, e), 409, 'ModelArts.2796');
        clock.tick(1999);
        assert.equal(json<JobWire>(await signed(e, 'GET', job(V2_DEMO_IDS.multiTask, e))).status.phase, 'Terminating');
        clock.tick(1);
        const after = json<JobWire>(await signed(e, 'GET', job(V2_DEMO_IDS.multiTask, e)));
        assert.equal(after.status.phase, 'Terminated');
        assert.equal(after.status.duration, before.status.duration);
        assert.equal(e.v2Jobs().find((j) => j.jobId === V2_DEMO_IDS.multiTask)?.phase, 'Terminated');
        const log = json<{ content: string }>(await signed(e, 'GET', preview(V2_DEMO_IDS.multiTask, 'worker-2', e))).content;
        assert.match(log, /stopped by the user/);
        const events = json<{ events: EventWire[] }>(await signed(e, 'GET', `${job(V2_DEMO_IDS.multiTask, e)}/events`)).events;
        assert.equal(events[0].message, 'Training job terminated.');
      });
    });

    it('stops Creating and Pending jobs; their logs were never generated', async () => {
      for (const id of [V2_DEMO_IDS.creating, V2_DEMO_IDS.pending]) {
        assert.equal(json<JobWire>(await stop(id)).status.phase, 'Terminating');
        assert.equal(json<JobWire>(await signed(emu, 'GET', job(id))).status.phase, 'Terminated');
        assertV2Error(await signed(emu, 'GET', preview(id)), 400, 'ModelArts.2818');
      }
    });

    it('refuses to stop a job not Creating, Pending or Running with 409 ModelArts.2796', async () => {
      for (const id of [V2_DEMO_IDS.completed, V2_DEMO_IDS.failed, V2_DEMO_IDS.terminated, V2_DEMO_IDS.abnormal, V2_DEMO_IDS.terminating]) {
        assertV2Error(await stop(id), 409, 'ModelArts.2796');
      }
      assert.equal(emu.v2Jobs().find((j) => j.jobId === V2_DEMO_IDS.terminating)?.phase, 'Terminating');
    });

    it('refuses another action type, a bad body and an unknown job', async () => {
      assertV2Error(await stop(V2_DEMO_IDS.running, emu, '{"action_type":"restart"}'), 400, 'ModelArts.2812');
      assertV2Error(await stop(V2_DEMO_IDS.running, emu, '{}'), 400, 'ModelArts.2812');
      assertV2Error(await stop(V2_DEMO_IDS.running, emu, 'terminate'), 400, 'ModelArts.2787');
      assertV2Error(await stop('no-such-job'), 400, 'ModelArts.2775');
      assert.equal(emu.v2Jobs().find((j) => j.jobId === V2_DEMO_IDS.running)?.phase, 'Running');
    });
  });

  describe('log preview', () => {
    interface PreviewWire {
      content?: string;
      context?: string;
      current_size: number;
      full_size: number;
    }

    it('returns the whole log of a finished task with its sizes', async () => {
      const r = await signed(emu, 'GET', preview(V2_DEMO_IDS.completed));
      assert.equal(r.status, 200);
      const body = json<PreviewWire>(r);
      const content = body.content ?? '';
      assert.equal(body.current_size, Buffer.byteLength(content));
      assert.equal(body.full_size, body.current_size);
      assert.ok(content.split('\n').length > 100);
      assert.match(content, /loss/);
      assert.match(content, /Training end with return code: 0\n[^\n]*\n$/);
    });

    it('ends the failing task of a failed job with its error and exit code', async () => {
      const failing = json<PreviewWire>(await signed(emu, 'GET', preview(V2_DEMO_IDS.failed, 'worker-1'))).content ?? '';
      assert.match(failing, /OOMKilled/);
      assert.match(failing, /return code: 137\n$/);
      const other = json<PreviewWire>(await signed(emu, 'GET', preview(V2_DEMO_IDS.failed, 'worker-0'))).content ?? '';
      assert.match(other, /worker-1 is gone/);
      assert.doesNotMatch(other, /OOMKilled/);
    });

    it('answers the pre-2022 field "context" for the legacy job', async () => {
      const body = json<PreviewWire>(await signed(emu, 'GET', preview(V2_DEMO_IDS.legacyContext)));
      assert.equal(body.content, undefined);
      assert.ok((body.context ?? '').length > 0);
      assert.equal(body.current_size, Buffer.byteLength(body.context ?? ''));
    });

    it('caps a large log at the newest 5 MiB, starting on a whole line', async () => {
      const body = json<PreviewWire>(await signed(emu, 'GET', preview(V2_DEMO_IDS.large)));
      const content = body.content ?? '';
      assert.equal(V2_DEFAULT_PREVIEW_CAP_BYTES, 5 * 1024 * 1024);
      assert.ok(body.full_size > V2_DEFAULT_PREVIEW_CAP_BYTES, String(body.full_size));
      assert.ok(body.current_size <= V2_DEFAULT_PREVIEW_CAP_BYTES && body.current_size > V2_DEFAULT_PREVIEW_CAP_BYTES - 1000);
      assert.equal(Buffer.byteLength(content), body.current_size);
      assert.match(content, /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d{3} - INFO - /);
      assert.match(content, /return code: 0\n/);
    });

    it('truncates at v2LogPreviewCapBytes', async () => {
      await withEmulator({ v2LogPreviewCapBytes: 4096 }, async (e) => {
        const body = json<PreviewWire>(await signed(e, 'GET', preview(V2_DEMO_IDS.completed, 'worker-0', e)));
        assert.ok(body.current_size <= 4096 && body.current_size > 3000);
        assert.ok(body.full_size > 4096);
        assert.equal(Buffer.byteLength(body.content ?? ''), body.current_size);
      });
      await assert.rejects(startEmulator({ v2LogPreviewCapBytes: 0 }), RangeError);
    });

    it('answers 204 with no body while Creating or Pending', async () => {
      for (const id of [V2_DEMO_IDS.creating, V2_DEMO_IDS.pending]) {
        const r = await signed(emu, 'GET', preview(id));
        assert.equal(r.status, 204);
        assert.equal(r.text, '');
      }
    });

    it('answers 400 ModelArts.2818 for an unknown task or a log never generated, 2819 for a cleared one', async () => {
      assertV2Error(await signed(emu, 'GET', preview(V2_DEMO_IDS.completed, 'worker-1')), 400, 'ModelArts.2818');
      assertV2Error(await signed(emu, 'GET', preview(V2_DEMO_IDS.abnormal)), 400, 'ModelArts.2818');
      assertV2Error(await signed(emu, 'GET', preview(V2_DEMO_IDS.cleared)), 400, 'ModelArts.2819');
    });

    it('holds hostile-looking text in the running job\'s log', async () => {
      const content = json<PreviewWire>(await signed(emu, 'GET', preview(V2_DEMO_IDS.running))).content ?? '';
      assert.ok(content.includes(V2_HOSTILE_LOG_TEXT));
      assert.ok(content.includes('[click](command:workbench.action.terminal.new)'));
    });
  });

  describe('line-paged logs', () => {
    interface LinesWire {
      content: string;
      lines: number;
      start_line: string;
      end_line: string;
    }
    const lines = async (id: string, query: [string, string][], task = 'worker-0', e: Emulator = emu): Promise<LinesWire> => {
      const r = await signed(e, 'GET', `${job(id, e)}/logs/${task}`, { query });
      assert.equal(r.status, 200, r.text);
      return json<LinesWire>(r);
    };

    it('reads the newest lines with 19-digit string cursors above 2^53 and pages back to older lines', async () => {
      const newest = await lines(V2_DEMO_IDS.completed, [['lines', '20'], ['order', 'desc']]);
      assert.equal(newest.lines, 20);
      assert.equal(newest.content.split('\n').length, 20);
      for (const cursor of [newest.start_line, newest.end_line]) {
        assert.equal(typeof cursor, 'string');
        assert.match(cursor, /^\d{19}$/);
        assert.ok(BigInt(cursor) > TWO_POW_53);
      }
      assert.ok(BigInt(newest.start_line) < BigInt(newest.end_line));
      assert.match(newest.content, /return code: 0/);
      const older = await lines(V2_DEMO_IDS.completed, [['lines', '20'], ['order', 'desc'], ['base_line', newest.start_line]]);
      assert.equal(older.lines, 20);
      assert.equal(BigInt(older.end_line) + 1n, BigInt(newest.start_line));
      const following = await lines(V2_DEMO_IDS.completed, [['lines', '20'], ['order', 'asc'], ['base_line', older.end_line]]);
      assert.equal(following.content, newest.content);
      const end = await lines(V2_DEMO_IDS.completed, [['lines', '20'], ['order', 'asc'], ['base_line', newest.end_line]]);
      assert.deepEqual(end, { content: '', lines: 0, start_line: newest.end_line, end_line: newest.end_line });
    });

    it('pages back through a whole log without overlap, matching the full log from the OBS link', async () => {
      const chunks: string[] = [];
      let base = '';
      for (;;) {
        const page = await lines(V2_DEMO_IDS.failed, base ? [['lines', '37'], ['base_line', base]] : [['lines', '37']], 'worker-1');
        if (page.lines === 0) {
          break;
        }
        chunks.unshift(page.content);
        base = page.start_line;
      }
      const link = json<{ obs_url: string }>(await signed(emu, 'GET', logUrl(V2_DEMO_IDS.failed, 'worker-1'), { headers: { 'Content-Type': 'text/plain' } })).obs_url;
      const full = await send(emu.port, 'GET', new URL(link).pathname);
      assert.equal(`${chunks.join('\n')}\n`, full.text);
    });

    it('defaults to 50 lines, answers 204 before start, and validates its parameters', async () => {
      assert.equal((await lines(V2_DEMO_IDS.multiTask, [], 'worker-3')).lines, 50);
      const r = await signed(emu, 'GET', `${job(V2_DEMO_IDS.pending)}/logs/worker-1`);
      assert.equal(r.status, 204);
      assert.equal(r.text, '');
      const path = `${job(V2_DEMO_IDS.completed)}/logs/worker-0`;
      assertV2Error(await signed(emu, 'GET', path, { query: [['lines', '0']] }), 400, 'ModelArts.2764');
      assertV2Error(await signed(emu, 'GET', path, { query: [['lines', '501']] }), 400, 'ModelArts.2764');
      assertV2Error(await signed(emu, 'GET', path, { query: [['order', 'newest']] }), 400, 'ModelArts.2764');
      assertV2Error(await signed(emu, 'GET', path, { query: [['base_line', '1234567890123456789']] }), 400, 'ModelArts.2764');
      assertV2Error(await signed(emu, 'GET', `${job(V2_DEMO_IDS.cleared)}/logs/worker-0`), 400, 'ModelArts.2819');
      assertV2Error(await signed(emu, 'GET', `${job(V2_DEMO_IDS.completed)}/logs/worker-9`), 400, 'ModelArts.2818');
    });

    it('grows a running job\'s log: lines written later are read forward from the last cursor, and the preview\'s size grows', async () => {
      const id = V2_DEMO_IDS.running;
      const newest = await lines(id, [['lines', '3']]);
      const size = json<{ full_size: number }>(await signed(emu, 'GET', preview(id))).full_size;
      emu.appendLogLines(id, undefined, 4);
      const added = await lines(id, [['base_line', newest.end_line], ['order', 'asc'], ['lines', '500']]);
      assert.equal(added.lines, 4);
      assert.equal(BigInt(added.start_line), BigInt(newest.end_line) + 1n);
      const grown = json<{ full_size: number; content: string }>(await signed(emu, 'GET', preview(id)));
      assert.equal(grown.full_size - size, Buffer.byteLength(`${added.content}\n`));
      assert.ok(grown.content.endsWith(`${added.content}\n`));
    });

    it('answers 404 APIG.0101 with v2LineLogs false', async () => {
      await withEmulator({ v2LineLogs: false }, async (e) => {
        assertNoApi(await signed(e, 'GET', `${job(V2_DEMO_IDS.completed, e)}/logs/worker-0`));
        assert.equal((await signed(e, 'GET', preview(V2_DEMO_IDS.completed, 'worker-0', e))).status, 200);
      });
    });
  });

  describe('log link', () => {
    it('answers an obs_url for the header form, served without authentication as text/plain', async () => {
      const r = await signed(emu, 'GET', logUrl(V2_DEMO_IDS.completed), { headers: { 'Content-Type': 'text/plain' } });
      assert.equal(r.status, 200, r.text);
      const link = new URL(json<{ obs_url: string }>(r).obs_url);
      assert.equal(link.origin, emu.url);
      assert.match(link.pathname, /^\/obs\/[0-9a-f]{48}$/);
      assert.ok(link.searchParams.get('Expires'));
      const full = await send(emu.port, 'GET', link.pathname, { query: [...link.searchParams] });
      assert.equal(full.status, 200);
      assert.match(String(full.headers['content-type']), /^text\/plain/);
      assert.equal(full.text, json<{ content: string }>(await signed(emu, 'GET', preview(V2_DEMO_IDS.completed))).content);
      const record = emu.requests[emu.requests.length - 2];
      assert.equal(record.route, 'v2ObsLog');
      assert.equal(record.status, 200);
    });

    it('accepts the query form too, and a download link for application/octet-stream', async () => {
      const r = await signed(emu, 'GET', logUrl(V2_DEMO_IDS.completed), { query: [['Content-Type', 'application/octet-stream']] });
      assert.equal(r.status, 200, r.text);
      const dl = await send(emu.port, 'GET', new URL(json<{ obs_url: string }>(r).obs_url).pathname);
      assert.equal(dl.headers['content-type'], 'application/octet-stream');
      assert.match(String(dl.headers['content-disposition']), /^attachment; filename="bge-m3-rerank-ft-worker-0\.log"$/);
      assertV2Error(await signed(emu, 'GET', logUrl(V2_DEMO_IDS.completed)), 400, 'ModelArts.2764');
    });

    it('refuses the header form with 400 when v2LogUrlQueryOnly, and accepts the query form', async () => {
      await withEmulator({ v2LogUrlQueryOnly: true }, async (e) => {
        const header = await signed(e, 'GET', logUrl(V2_DEMO_IDS.completed, 'worker-0', e), { headers: { 'Content-Type': 'text/plain' } });
        assertV2Error(header, 400, 'ModelArts.2764');
        const query = await signed(e, 'GET', logUrl(V2_DEMO_IDS.completed, 'worker-0', e), { query: [['Content-Type', 'text/plain']] });
        assert.equal(query.status, 200);
        assert.ok(json(query).obs_url);
      });
    });

    it('expires links after 5 minutes and refuses unknown ones OBS-style', async () => {
      const clock = sandbox.useFakeTimers({ now: Date.now(), toFake: ['Date'] });
      const r = await signed(emu, 'GET', logUrl(V2_DEMO_IDS.multiTask, 'worker-2'), { headers: { 'Content-Type': 'text/plain' } });
      const path = new URL(json<{ obs_url: string }>(r).obs_url).pathname;
      clock.tick(V2_LOG_URL_TTL_MS - 1);
      assert.equal((await send(emu.port, 'GET', path)).status, 200);
      clock.tick(1);
      const expired = await send(emu.port, 'GET', path);
      assert.equal(expired.status, 403);
      assert.match(expired.text, /<Code>AccessDenied<\/Code>/);
      const unknown = await send(emu.port, 'GET', '/obs/0123456789abcdef');
      assert.equal(unknown.status, 404);
      assert.match(unknown.text, /<Code>NoSuchKey<\/Code>/);
    });

    it('answers 204 before start and 2775 / NoSuchKey once the job is deleted', async () => {
      assert.equal((await signed(emu, 'GET', logUrl(V2_DEMO_IDS.pending), { headers: { 'Content-Type': 'text/plain' } })).status, 204);
      const r = await signed(emu, 'GET', logUrl(V2_DEMO_IDS.terminated), { headers: { 'Content-Type': 'text/plain' } });
      const path = new URL(json<{ obs_url: string }>(r).obs_url).pathname;
      await signed(emu, 'DELETE', job(V2_DEMO_IDS.terminated));
      assert.equal((await send(emu.port, 'GET', path)).status, 404);
      assertV2Error(await signed(emu, 'GET', logUrl(V2_DEMO_IDS.terminated), { headers: { 'Content-Type': 'text/plain' } }), 400, 'ModelArts.2775');
    });
  });

  describe('events', () => {
    interface EventsWire {
      total: unknown;
      events: EventWire[];
    }
    const events = async (id: string, query: [string, string][] = []): Promise<EventsWire> => {
      const r = await signed(emu, 'GET', `${job(id)}/events`, { query });
      assert.equal(r.status, 200, r.text);
      return json<EventsWire>(r);
    };

    it('answers total as a string, newest first, with ISO times carrying an offset', async () => {
      const body = await events(V2_DEMO_IDS.failed);
      assert.equal(typeof body.total, 'string');
      assert.equal(Number(body.total), body.events.length);
      const times = body.events.map((e) => Date.parse(e.time));
      assert.deepEqual(times, [...times].sort((a, b) => b - a));
      for (const e of body.events) {
        assert.match(e.time, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+08:00$/);
        assert.ok(['Info', 'Warning', 'Error'].includes(e.level));
        assert.ok(e.source && e.message);
      }
      assert.equal(body.events[0].message, 'Training job failed.');
      assert.equal(body.events[0].level, 'Error');
      assert.ok(body.events.some((e) => e.message === '[worker-1] Training finished. Exit code 137.'));
      const asc = await events(V2_DEMO_IDS.failed, [['order', 'asc']]);
      assert.deepEqual(asc.events, [...body.events].reverse());
    });

    it('pages by page index and filters by level', async () => {
      const all = (await events(V2_DEMO_IDS.multiTask)).events;
      assert.ok(all.length > 6);
      const paged: EventWire[] = [];
      for (let page = 0; page * 4 < all.length; page++) {
        const body = await events(V2_DEMO_IDS.multiTask, [['offset', String(page)], ['limit', '4']]);
        assert.equal(body.total, String(all.length));
        paged.push(...body.events);
      }
      assert.deepEqual(paged, all);
      const warnings = await events(V2_DEMO_IDS.multiTask, [['level', 'Warning']]);
      assert.ok(warnings.events.length > 0 && warnings.events.every((e) => e.level === 'Warning'));
    });

    it('gives every demo job a few events, and the set has every level', async () => {
      const levels = new Set<string>();
      for (const j of emu.v2Jobs()) {
        const body = await events(j.jobId);
        assert.ok(body.events.length >= 2, j.name);
        body.events.forEach((e) => levels.add(e.level));
      }
      assert.deepEqual([...levels].sort(), ['Error', 'Info', 'Warning']);
    });

    it('answers bad parameters with 400 ModelArts.50004000', async () => {
      const path = `${job(V2_DEMO_IDS.completed)}/events`;
      for (const query of [[['limit', '101']], [['limit', '0']], [['offset', '-1']], [['order', 'up']], [['level', 'Debug']], [['start_time', '1']]] as [string, string][][]) {
        assertV2Error(await signed(emu, 'GET', path, { query }), 400, 'ModelArts.50004000');
      }
    });
  });

  describe('options', () => {
    it('answers every v2 route with 404 APIG.0101 when v2 is false, and still serves v1', async () => {
      await withEmulator({ v2: false }, async (e) => {
        assertNoApi(await search({}, e));
        assertNoApi(await signed(e, 'GET', job(V2_DEMO_IDS.completed, e)));
        assertNoApi(await signed(e, 'DELETE', job(V2_DEMO_IDS.completed, e)));
        assertNoApi(await signed(e, 'POST', `${job(V2_DEMO_IDS.running, e)}/actions`, { body: '{"action_type":"terminate"}' }));
        assertNoApi(await signed(e, 'GET', preview(V2_DEMO_IDS.completed, 'worker-0', e)));
        assertNoApi(await signed(e, 'GET', `${job(V2_DEMO_IDS.completed, e)}/logs/worker-0`));
        assertNoApi(await signed(e, 'GET', logUrl(V2_DEMO_IDS.completed, 'worker-0', e), { query: [['Content-Type', 'text/plain']] }));
        assertNoApi(await signed(e, 'GET', `${job(V2_DEMO_IDS.completed, e)}/events`));
        assertNoApi(await send(e.port, 'GET', '/obs/0123'));
        assert.equal((await signed(e, 'GET', `/v1/${e.projectId}/training-jobs`)).status, 200);
      });
    });

    it('empties the v1 list with v1Jobs false while v2 keeps its jobs', async () => {
      await withEmulator({ v1Jobs: false }, async (e) => {
        const v1 = json(await signed(e, 'GET', `/v1/${e.projectId}/training-jobs`));
        assert.equal(v1.job_total_count, 0);
        assert.deepEqual(v1.jobs, []);
        assert.deepEqual(e.jobs(), []);
        assert.equal((await list({}, e)).total, 13);
      });
    });

    it('serves 10,000 generated v2 jobs, rendering only the page asked for', async function () {
      this.timeout(20_000);
      await withEmulator({ v2Scale: { jobs: 10_000 } }, async (e) => {
        const started = Date.now();
        const first = await list({ offset: 0, limit: 50 }, e);
        const elapsed = Date.now() - started;
        assert.ok(elapsed < 1000, `first page took ${elapsed} ms`);
        assert.equal(first.total, 10_000);
        assert.equal(first.items.length, 50);
        assert.equal(new Set(first.items.map((j) => j.metadata.id)).size, 50);
        assert.equal((await list({ offset: 199, limit: 50 }, e)).items.length, 50);
        assert.deepEqual((await list({ offset: 200, limit: 50 }, e)).items, []);
        const one = await list({ filters: [{ key: 'name', operator: 'like', value: ['-09999'] }] }, e);
        assert.equal(one.total, 1);
        const shown = json<JobWire>(await signed(e, 'GET', job(one.items[0].metadata.id, e)));
        assert.equal(shown.metadata.name, one.items[0].metadata.name);
        assert.equal(e.v2Jobs().length, 10_000);
        assert.equal(new Set(e.v2Jobs().map((j) => j.jobId)).size, 10_000);
      });
      await assert.rejects(startEmulator({ v2Scale: { jobs: -1 } }), RangeError);
    });

    it('parses the v2 command-line flags', () => {
      const now = Date.UTC(2026, 0, 1);
      assert.deepEqual(
        parseArgs(['--no-v2', '--no-v1-jobs', '--v2-scale', '10000', '--v2-offset', 'record', '--no-v2-batch-delete', '--no-v2-line-logs', '--v2-log-url-query-only', '--v2-log-cap', '65536'], now),
        {
          quiet: false, baseTimeMs: now, v2: false, v1Jobs: false, v2Scale: { jobs: 10_000 }, v2Offset: 'record', v2BatchDelete: false,
          v2LineLogs: false, v2LogUrlQueryOnly: true, v2LogPreviewCapBytes: 65_536,
        },
      );
      assert.throws(() => parseArgs(['--v2-offset', 'rows']));
      assert.throws(() => parseArgs(['--v2-log-cap', '0']));
    });
  });

  describe('test controls', () => {
    it('sets a job\'s name and description as hostile text', async () => {
      const name = '[click](command:workbench.action.terminal.new)\u202e';
      emu.setV2JobText(V2_DEMO_IDS.completed, { name, description: 'line one\r\n# heading' });
      const shown = json<JobWire>(await signed(emu, 'GET', job(V2_DEMO_IDS.completed)));
      assert.equal(shown.metadata.name, name);
      assert.equal(shown.metadata.description, 'line one\r\n# heading');
      assert.equal((await list({ filters: [{ key: 'name', operator: 'like', value: ['CLICK'] }] })).items[0].metadata.id, V2_DEMO_IDS.completed);
      assert.throws(() => emu.setV2JobText('no-such-job', { name: 'x' }), RangeError);
    });

    it('moves a job to another phase', async () => {
      emu.setV2Phase(V2_DEMO_IDS.pending, 'Running');
      const running = json<JobWire>(await signed(emu, 'GET', job(V2_DEMO_IDS.pending)));
      assert.equal(running.status.phase, 'Running');
      assert.equal(typeof running.status.start_time, 'number');
      assert.equal((await signed(emu, 'GET', preview(V2_DEMO_IDS.pending, 'worker-1'))).status, 200);
      emu.setV2Phase(V2_DEMO_IDS.pending, 'Failed');
      const failed = json<JobWire>(await signed(emu, 'GET', job(V2_DEMO_IDS.pending)));
      assert.equal(failed.status.task_statuses?.[0].task, 'worker-0');
      emu.setV2Phase(V2_DEMO_IDS.completed, 'Pending');
      assert.equal((await signed(emu, 'GET', preview(V2_DEMO_IDS.completed))).status, 204);
      assert.equal(emu.v2Jobs().find((j) => j.jobId === V2_DEMO_IDS.completed)?.phase, 'Pending');
    });
  });

  describe('gateway checks and faults on v2 routes', () => {
    it('authenticates v2 requests like v1 ones, tokens and expiry included', async () => {
      const unsigned = await send(emu.port, 'POST', `${v2()}/training-job-searches`, { body: '{}' });
      assert.equal(unsigned.status, 401);
      assert.equal(json(unsigned).error_code, 'APIG.0301');
      const c = emu.credentials;
      const tokenAnswer = await send(emu.port, 'POST', '/v3/auth/tokens', {
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ auth: { identity: { methods: ['password'], password: { user: { name: c.userName, password: c.password, domain: { name: c.domainName } } } }, scope: { project: { name: emu.region } } } }),
      });
      const token = String(tokenAnswer.headers['x-subject-token']);
      const withToken = await send(emu.port, 'GET', job(V2_DEMO_IDS.completed), { headers: { 'X-Auth-Token': token } });
      assert.equal(withToken.status, 200);
      emu.expireTokens();
      const expired = await send(emu.port, 'GET', job(V2_DEMO_IDS.completed), { headers: { 'X-Auth-Token': token } });
      assert.equal(expired.status, 401);
      assert.equal(json(expired).error_code, 'APIG.0307');
      const wrongProject = await signed(emu, 'GET', `/v2/${'0'.repeat(32)}/training-jobs/${V2_DEMO_IDS.completed}`);
      assertV2Error(wrongProject, 400, 'ModelArts.0210');
    });

    it('answers status faults in the v2 error shape, and throttles with Retry-After', async () => {
      emu.inject({ route: 'v2ListJobs', kind: 'status', status: 429, retryAfterSeconds: 3, times: 1 });
      const throttled = await search({});
      assert.equal(throttled.status, 429);
      assert.equal(throttled.headers['retry-after'], '3');
      assert.equal(json(throttled).error_code, 'APIG.0308');
      assert.equal((await search({})).status, 200);
      emu.inject({ route: 'v2GetJob', kind: 'status', status: 500, times: 1 });
      assertV2Error(await signed(emu, 'GET', job(V2_DEMO_IDS.completed)), 500, 'ModelArts.5000');
      emu.inject({ route: 'v2StopJob', kind: 'status', status: 409, errorCode: 'ModelArts.2878', times: 1 });
      assertV2Error(await signed(emu, 'POST', `${job(V2_DEMO_IDS.running)}/actions`, { body: '{"action_type":"terminate"}' }), 409, 'ModelArts.2878');
      assert.equal(emu.v2Jobs().find((j) => j.jobId === V2_DEMO_IDS.running)?.phase, 'Running');
    });

    it('answers apiError faults in the v2 shape without acting, and a truncated delete still deletes', async () => {
      emu.inject({ route: 'v2DeleteJob', kind: 'apiError', status: 403, errorCode: 'ModelArts.2785', message: 'Authorize ModelArts first.', times: 1 });
      const denied = await signed(emu, 'DELETE', job(V2_DEMO_IDS.completed));
      assert.equal(denied.status, 403);
      assert.deepEqual(json(denied), { error_code: 'ModelArts.2785', error_msg: 'Authorize ModelArts first.' });
      assert.equal((await list({})).total, 13);
      emu.inject({ route: 'v2Events', kind: 'truncated', times: 1 });
      const cut = await signed(emu, 'GET', `${job(V2_DEMO_IDS.completed)}/events`);
      assert.throws(() => JSON.parse(cut.text));
      emu.inject({ route: 'v2BatchDelete', kind: 'truncated', times: 1 });
      const body = JSON.stringify({ jobs: [{ kind: 'job', metadata: { id: V2_DEMO_IDS.completed } }] });
      assert.equal((await signed(emu, 'POST', `${v2()}/training-jobs/batch-delete`, { body })).status, 202);
      assert.equal((await list({})).total, 12);
    });

    it('resets v2 connections, hits "*" faults, and does not let a fault bypass authentication', async () => {
      emu.inject({ route: 'v2LogPreview', kind: 'reset', times: 1 });
      await assert.rejects(signed(emu, 'GET', preview(V2_DEMO_IDS.completed)), (e: NodeJS.ErrnoException) => e.code === 'ECONNRESET' || /socket hang up/.test(e.message));
      assert.equal(emu.requests[emu.requests.length - 1].fault, 'reset');
      emu.inject({ route: '*', kind: 'html', times: 1 });
      const html = await signed(emu, 'GET', `${job(V2_DEMO_IDS.completed)}/events`);
      assert.equal(html.status, 502);
      assert.match(html.text, /^<html>/);
      emu.inject({ route: 'v2GetJob', kind: 'apiError', status: 400, times: 1 });
      assert.equal((await send(emu.port, 'GET', job(V2_DEMO_IDS.completed))).status, 401);
      assertV2Error(await signed(emu, 'GET', job(V2_DEMO_IDS.completed)), 400, 'ModelArts.5000');
      emu.inject({ route: 'v2ObsLog', kind: 'status', status: 503, times: 1 });
      assert.equal((await send(emu.port, 'GET', '/obs/abc')).status, 503);
    });
  });
});
