import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import * as http from 'node:http';
import * as path from 'node:path';
import * as sinon from 'sinon';
import { canonicalQueryString, signRequest } from '../../../src/client/signer';
import { DEMO_CREDENTIALS, startEmulator, type Emulator, type EmulatorOptions } from '../../fixtures/emulator';
import { parseArgs, UsageError } from '../../fixtures/emulator/cli';

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

/** A plain request over a fresh connection (no pooling, so a reset affects only this request). */
function send(emu: Emulator, method: string, pathname: string, options: SendOptions = {}): Promise<RawResponse> {
  const query = options.query ? canonicalQueryString(options.query) : '';
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: '127.0.0.1',
        port: emu.port,
        method,
        path: query ? `${pathname}?${query}` : pathname,
        headers: options.headers,
        agent: false,
      },
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

interface SignOptions extends SendOptions {
  readonly credentials?: { accessKey: string; secretKey: string; securityToken?: string };
  readonly date?: Date;
}

/** A request signed with the client's signer, exactly as the client sends it. */
function signed(emu: Emulator, method: string, pathname: string, options: SignOptions = {}): Promise<RawResponse> {
  const query = options.query ? canonicalQueryString(options.query) : '';
  const url = `${emu.url}${pathname}${query ? `?${query}` : ''}`;
  const headers = signRequest(
    { method, url, headers: { 'Content-Type': 'application/json', ...options.headers }, body: options.body },
    options.credentials ?? { accessKey: emu.credentials.accessKey, secretKey: emu.credentials.secretKey },
    options.date,
  );
  return send(emu, method, pathname, { query: options.query, headers, body: options.body });
}

function json(r: RawResponse): Record<string, unknown> {
  return JSON.parse(r.text) as Record<string, unknown>;
}

async function issueToken(emu: Emulator, scope: Record<string, unknown> = { project: { name: emu.region } }): Promise<RawResponse> {
  const c = emu.credentials;
  const body = JSON.stringify({
    auth: {
      identity: { methods: ['password'], password: { user: { name: c.userName, password: c.password, domain: { name: c.domainName } } } },
      scope,
    },
  });
  return send(emu, 'POST', '/v3/auth/tokens', { query: [['nocatalog', 'true']], headers: { 'Content-Type': 'application/json;charset=utf8' }, body });
}

interface JobWire {
  job_id: string | number;
  job_name: string;
  version_id: string | number;
  status: number;
  version_count: number;
}

interface VersionWire {
  version_id: string | number;
  version_name: string;
  status: number;
  model_metric_list: unknown;
  system_metric_list: unknown;
  parameter: { label: string; value: unknown }[];
}

describe('ModelArts emulator', () => {
  const sandbox = sinon.createSandbox();
  let emu: Emulator;
  const jobs = (emulator = emu) => `/v1/${emulator.projectId}/training-jobs`;

  async function withEmulator(options: EmulatorOptions, body: (e: Emulator) => Promise<void>): Promise<void> {
    const e = await startEmulator(options);
    try {
      await body(e);
    } finally {
      await e.close();
    }
  }

  beforeEach(async () => {
    emu = await startEmulator();
  });

  afterEach(async () => {
    sandbox.restore();
    await emu.close();
  });

  describe('listing', () => {
    it('binds to 127.0.0.1 and lists the demo jobs page by page with the total', async () => {
      assert.match(emu.url, /^http:\/\/127\.0\.0\.1:\d+$/);
      const names: string[] = [];
      for (const page of ['1', '2', '3']) {
        const r = await signed(emu, 'GET', jobs(), { query: [['per_page', '5'], ['page', page], ['sortBy', 'job_name'], ['order', 'asc']] });
        assert.equal(r.status, 200);
        const body = json(r);
        assert.equal(body.is_success, true);
        assert.equal(body.job_total_count, 13);
        assert.equal(body.quotas, 100);
        assert.equal(body.job_count_limit, 87);
        names.push(...(body.jobs as JobWire[]).map((j) => j.job_name));
      }
      assert.equal(names.length, 13);
      assert.deepEqual(names, [...names].sort());
      assert.ok(names.includes('resnet50-imagenet') && names.includes('bert-finetune-squad'));
    });

    it('defaults to 10 per page and filters by status and search text', async () => {
      const all = json(await signed(emu, 'GET', jobs()));
      assert.equal((all.jobs as JobWire[]).length, 10);
      const running = json(await signed(emu, 'GET', jobs(), { query: [['status', '8']] }));
      const runningNames = (running.jobs as JobWire[]).map((j) => j.job_name).sort();
      assert.deepEqual(runningNames, ['gpt2-small-wikitext', 'llama2-7b-lora-custom-image', 'resnet50-imagenet']);
      assert.equal(running.job_total_count, 3);
      const search = json(await signed(emu, 'GET', jobs(), { query: [['search_content', 'RESNET']] }));
      assert.deepEqual((search.jobs as JobWire[]).map((j) => j.job_name).sort(), ['horovod-resnet101-distributed', 'resnet50-imagenet']);
    });

    it('sorts by create_time descending', async () => {
      const body = json(await signed(emu, 'GET', jobs(), { query: [['per_page', '100'], ['sortBy', 'create_time'], ['order', 'desc']] }));
      const times = (body.jobs as { create_time: number }[]).map((j) => j.create_time);
      assert.deepEqual(times, [...times].sort((a, b) => b - a));
      assert.equal((body.jobs as JobWire[])[0].job_name, 'efficientnet-b0-legacy-import');
    });

    it('rejects bad paging parameters with ModelArts.0104 / 0101 and error_message', async () => {
      const range = await signed(emu, 'GET', jobs(), { query: [['per_page', '1001']] });
      assert.equal(range.status, 400);
      assert.equal(json(range).error_code, 'ModelArts.0104');
      assert.equal(json(range).is_success, false);
      assert.match(String(json(range).error_message), /per_page/);
      const syntax = await signed(emu, 'GET', jobs(), { query: [['page', 'abc']] });
      assert.equal(json(syntax).error_code, 'ModelArts.0101');
      const sort = await signed(emu, 'GET', jobs(), { query: [['sortBy', 'job_id']] });
      assert.equal(json(sort).error_code, 'ModelArts.0104');
      const versions = await signed(emu, 'GET', `${jobs()}/182626/versions`, { query: [['page', '-1']] });
      assert.equal(versions.status, 400);
    });

    it('lists versions newest first with the documented fields, paged or not', async () => {
      const all = json(await signed(emu, 'GET', `${jobs()}/182626/versions`));
      assert.equal(all.is_success, true);
      assert.equal(all.job_name, 'resnet50-imagenet');
      assert.equal(all.version_count, 5);
      const versions = all.versions as VersionWire[];
      assert.deepEqual(versions.map((v) => v.version_name), ['V0005', 'V0004', 'V0003', 'V0002', 'V0001']);
      assert.deepEqual(versions.map((v) => v.status), [8, 12, 10, 10, 11]);
      const completed = versions[2];
      assert.equal(typeof completed.model_metric_list, 'string');
      assert.ok((JSON.parse(completed.model_metric_list as string) as { total_metric: unknown }).total_metric);
      assert.equal(typeof completed.system_metric_list, 'string');
      for (const field of ['engine_name', 'engine_version', 'spec_id', 'gpu_num', 'worker_server_num', 'train_url', 'create_time', 'duration', 'pre_version_id', 'resource_id', 'spec_code', 'flavor_info']) {
        assert.ok(field in completed, `${field} missing`);
      }
      assert.ok(completed.parameter.length > 0);
      assert.equal((versions[4] as unknown as { pre_version_id: unknown }).pre_version_id, null);
      const paged = json(await signed(emu, 'GET', `${jobs()}/182626/versions`, { query: [['per_page', '2'], ['page', '2']] }));
      assert.deepEqual((paged.versions as VersionWire[]).map((v) => v.version_name), ['V0003', 'V0002']);
      assert.equal(paged.version_count, 5);
    });

    it('returns version details as one flat object with system_metric_list as an object', async () => {
      const r = await signed(emu, 'GET', `${jobs()}/182626/versions/278813`);
      assert.equal(r.status, 200);
      const body = json(r);
      assert.equal(body.is_success, true);
      assert.equal(body.job_name, 'resnet50-imagenet');
      assert.equal(String(body.job_id), '182626');
      assert.equal(String(body.version_id), '278813');
      assert.equal(body.version_name, 'V0005');
      assert.equal(body.status, 8);
      assert.equal(typeof body.system_metric_list, 'object');
      assert.ok(Array.isArray((body.system_metric_list as { cpuUsage: unknown }).cpuUsage));
      assert.equal('gpu' in body, false);
    });

    it('writes some IDs as strings and some as numbers, and IDs above 2^53 as bare integers', async () => {
      const list = await signed(emu, 'GET', jobs(), { query: [['per_page', '100']] });
      assert.match(list.text, /"job_id":182626[,}]/);
      assert.match(list.text, /"job_id":"182631"/);
      assert.match(list.text, /"job_id":9007199254740993,/);
      assert.match(list.text, /"version_id":9007199254741003,/);
      const versions = await signed(emu, 'GET', `${jobs()}/9007199254740993/versions`);
      assert.equal(versions.status, 200);
      assert.match(versions.text, /"version_id":9007199254741003,/);
      assert.match(versions.text, /"pre_version_id":9007199254740995,/);
      const details = await signed(emu, 'GET', `${jobs()}/9007199254740993/versions/9007199254740995`);
      assert.match(details.text, /"job_id":9007199254740993,/);
    });

    it('has null optional fields and undocumented extras', async () => {
      const body = json(await signed(emu, 'GET', jobs(), { query: [['search_content', 'xgboost']] }));
      const job = (body.jobs as Record<string, unknown>[])[0];
      assert.equal(job.job_desc, null);
      assert.deepEqual(job.user, { name: DEMO_CREDENTIALS.userName });
      const init = json(await signed(emu, 'GET', `${jobs()}/182748/versions/278834`));
      assert.equal(init.status, 1);
      assert.equal(init.start_time, null);
      assert.equal(init.duration, null);
      assert.equal(init.is_zombie, false);
    });

    it('answers 404 ModelArts.0015 for an unknown job or version', async () => {
      const job = await signed(emu, 'GET', `${jobs()}/999999/versions`);
      assert.equal(job.status, 404);
      assert.deepEqual(json(job), { is_success: false, error_code: 'ModelArts.0015', error_message: 'The resource you requested is not exist' });
      const version = await signed(emu, 'GET', `${jobs()}/182626/versions/1`);
      assert.equal(json(version).error_code, 'ModelArts.0015');
    });

    it('is deterministic for a seed', async () => {
      await withEmulator({ seed: 7 }, async (a) => {
        await withEmulator({ seed: 7 }, async (b) => {
          const ra = await signed(a, 'GET', `${jobs(a)}/182702/versions`);
          const rb = await signed(b, 'GET', `${jobs(b)}/182702/versions`);
          assert.equal(ra.text, rb.text);
        });
      });
    });
  });

  describe('gateway checks', () => {
    function assertGateway401(r: RawResponse, code = 'APIG.0301'): void {
      assert.equal(r.status, 401);
      const body = json(r);
      assert.deepEqual(Object.keys(body).sort(), ['error_code', 'error_msg', 'request_id']);
      assert.equal(body.error_code, code);
      assert.match(String(body.request_id), /^[0-9a-f]{32}$/);
    }

    it('answers an unknown path or method with 404 APIG.0101', async () => {
      const r = await signed(emu, 'GET', '/v1/whatever');
      assert.equal(r.status, 404);
      assert.equal(json(r).error_code, 'APIG.0101');
      assert.ok(json(r).error_msg);
      const method = await signed(emu, 'PATCH', `${jobs()}/182626`);
      assert.equal(method.status, 404);
    });

    it('tells a local caller its region, project and demo credentials at GET /emulator/info', async () => {
      const r = await send(emu, 'GET', '/emulator/info');
      assert.equal(r.status, 200);
      assert.deepEqual(json(r), {
        region: emu.region,
        projectId: emu.projectId,
        credentials: { accessKey: emu.credentials.accessKey, secretKey: emu.credentials.secretKey },
      });
      assert.equal((await send(emu, 'DELETE', '/emulator/info')).status, 404);
    });

    it('rejects a wrong secret key, an unknown AK and missing authentication', async () => {
      assertGateway401(await signed(emu, 'GET', jobs(), { credentials: { accessKey: emu.credentials.accessKey, secretKey: 'wrong-secret' } }));
      assertGateway401(await signed(emu, 'GET', jobs(), { credentials: { accessKey: 'UNKNOWNACCESSKEY', secretKey: emu.credentials.secretKey } }));
      assertGateway401(await send(emu, 'GET', jobs()));
    });

    it('rejects a request changed after signing', async () => {
      const url = `${emu.url}${jobs()}?page=1`;
      const headers = signRequest({ method: 'GET', url, headers: {} }, emu.credentials);
      assertGateway401(await send(emu, 'GET', jobs(), { query: [['page', '2']], headers }));
      const stopUrl = `${emu.url}${jobs()}/182626/versions/278813/stop`;
      const stopHeaders = signRequest({ method: 'POST', url: stopUrl, headers: {}, body: '{}' }, emu.credentials);
      assertGateway401(await send(emu, 'POST', `${jobs()}/182626/versions/278813/stop`, { headers: stopHeaders, body: '{"x":1}' }));
    });

    it('accepts query strings with encoded characters and a signed body', async () => {
      const r = await signed(emu, 'GET', jobs(), { query: [['search_content', 'bert finetune/ü'], ['order', 'asc']] });
      assert.equal(r.status, 200);
      const stop = await signed(emu, 'POST', `${jobs()}/182626/versions/278813/stop`, { body: '{}' });
      assert.equal(stop.status, 200);
    });

    it('rejects a clock more than 15 minutes off and accepts one 14 minutes off', async () => {
      assertGateway401(await signed(emu, 'GET', jobs(), { date: new Date(Date.now() - 16 * 60_000) }));
      assertGateway401(await signed(emu, 'GET', jobs(), { date: new Date(Date.now() + 16 * 60_000) }));
      assert.equal((await signed(emu, 'GET', jobs(), { date: new Date(Date.now() - 14 * 60_000) })).status, 200);
      const malformed = signRequest({ method: 'GET', url: `${emu.url}${jobs()}`, headers: { 'X-Sdk-Date': '2024-01-01' } }, emu.credentials);
      assertGateway401(await send(emu, 'GET', jobs(), { headers: malformed }));
    });

    it('requires the right security token with a temporary AK', async () => {
      const t = emu.credentials.temporary;
      assert.equal((await signed(emu, 'GET', jobs(), { credentials: t })).status, 200);
      assertGateway401(await signed(emu, 'GET', jobs(), { credentials: { ...t, securityToken: 'another-token' } }));
      assertGateway401(await signed(emu, 'GET', jobs(), { credentials: { accessKey: t.accessKey, secretKey: t.secretKey } }));
    });

    it('answers a project ID that does not match with ModelArts.0210', async () => {
      const r = await signed(emu, 'GET', '/v1/00000000000000000000000000000000/training-jobs');
      assert.equal(r.status, 400);
      assert.deepEqual(json(r), { is_success: false, error_code: 'ModelArts.0210', error_msg: 'Invalid project ID.' });
      const header = await signed(emu, 'GET', jobs(), { headers: { 'X-Project-Id': '00000000000000000000000000000000' } });
      assert.equal(json(header).error_code, 'ModelArts.0210');
    });

    it('accepts overridden credentials only', async () => {
      const canary = { accessKey: 'CANARYAK', secretKey: 'canary-secret-0001' };
      await withEmulator({ credentials: canary }, async (e) => {
        assert.equal((await signed(e, 'GET', jobs(e), { credentials: canary })).status, 200);
        assert.equal((await signed(e, 'GET', jobs(e), { credentials: { accessKey: DEMO_CREDENTIALS.accessKey, secretKey: DEMO_CREDENTIALS.secretKey } })).status, 401);
      });
    });
  });

  describe('IAM', () => {
    it('issues a project-scoped token with 201, X-Subject-Token and expires_at, and ModelArts accepts it', async () => {
      const r = await issueToken(emu);
      assert.equal(r.status, 201);
      const token = r.headers['x-subject-token'];
      assert.equal(typeof token, 'string');
      const body = json(r) as { token: { expires_at: string; project: { id: string; name: string }; catalog?: unknown } };
      const ttl = Date.parse(body.token.expires_at) - Date.now();
      assert.ok(ttl > 23 * 3600_000 && ttl <= 24 * 3600_000, `expires_at ${body.token.expires_at}`);
      assert.deepEqual({ id: body.token.project.id, name: body.token.project.name }, { id: emu.projectId, name: 'eu-de' });
      assert.equal(body.token.catalog, undefined);
      const list = await send(emu, 'GET', jobs(), { headers: { 'X-Auth-Token': token as string } });
      assert.equal(list.status, 200);
      const byId = await issueToken(emu, { project: { id: emu.projectId } });
      assert.equal(byId.status, 201);
    });

    it('answers 401 for a wrong password, user or account', async () => {
      const c = emu.credentials;
      for (const user of [
        { name: c.userName, password: 'wrong', domain: { name: c.domainName } },
        { name: 'nobody', password: c.password, domain: { name: c.domainName } },
        { name: c.userName, password: c.password, domain: { name: 'other-account' } },
      ]) {
        const body = JSON.stringify({ auth: { identity: { methods: ['password'], password: { user } }, scope: { project: { name: 'eu-de' } } } });
        const r = await send(emu, 'POST', '/v3/auth/tokens', { body });
        assert.equal(r.status, 401);
        assert.equal((json(r).error as { code: number }).code, 401);
        assert.equal(r.headers['x-subject-token'], undefined);
      }
      assert.equal((await send(emu, 'POST', '/v3/auth/tokens', { body: 'not json' })).status, 400);
    });

    it('rejects expired, unknown and wrongly scoped tokens', async () => {
      const token = (await issueToken(emu)).headers['x-subject-token'] as string;
      const unknown = await send(emu, 'GET', jobs(), { headers: { 'X-Auth-Token': 'MIIunknown' } });
      assert.equal(unknown.status, 401);
      assert.equal(json(unknown).error_code, 'APIG.0301');
      const domain = (await issueToken(emu, { domain: { name: emu.credentials.domainName } })).headers['x-subject-token'] as string;
      const noProject = await send(emu, 'GET', jobs(), { headers: { 'X-Auth-Token': domain } });
      assert.equal(noProject.status, 401);
      assert.equal(json(noProject).error_code, 'ModelArts.0212');
      const sub = (await issueToken(emu, { project: { name: 'eu-de_demo-sub' } })).headers['x-subject-token'] as string;
      const mismatch = await send(emu, 'GET', jobs(), { headers: { 'X-Auth-Token': sub } });
      assert.equal(mismatch.status, 403);
      assert.equal(json(mismatch).error_code, 'ModelArts.0210');
      emu.expireTokens();
      const expired = await send(emu, 'GET', jobs(), { headers: { 'X-Auth-Token': token } });
      assert.equal(expired.status, 401);
      assert.deepEqual(Object.keys(json(expired)).sort(), ['error_code', 'error_msg', 'request_id']);
      assert.equal(json(expired).error_code, 'APIG.0307');
      const fresh = (await issueToken(emu)).headers['x-subject-token'] as string;
      assert.equal((await send(emu, 'GET', jobs(), { headers: { 'X-Auth-Token': fresh } })).status, 200);
    });

    it('expires tokens after tokenTtlMs', async () => {
      const clock = sandbox.useFakeTimers({ now: Date.now(), toFake: ['Date'] });
      await withEmulator({ tokenTtlMs: 60_000 }, async (e) => {
        const token = (await issueToken(e)).headers['x-subject-token'] as string;
        assert.equal((await send(e, 'GET', jobs(e), { headers: { 'X-Auth-Token': token } })).status, 200);
        clock.tick(60_001);
        assert.equal(json(await send(e, 'GET', jobs(e), { headers: { 'X-Auth-Token': token } })).error_code, 'APIG.0307');
      });
    });

    it('looks the project up by region name with AK/SK or a token', async () => {
      const r = await signed(emu, 'GET', '/v3/projects', { query: [['name', 'eu-de']] });
      assert.equal(r.status, 200);
      const projects = json(r).projects as { id: string; name: string; domain_id: string }[];
      assert.equal(projects.length, 1);
      assert.equal(projects[0].id, emu.projectId);
      assert.equal(projects[0].name, 'eu-de');
      const token = (await issueToken(emu, { domain: { name: emu.credentials.domainName } })).headers['x-subject-token'] as string;
      const byToken = await send(emu, 'GET', '/v3/projects', { query: [['name', 'eu-de']], headers: { 'X-Auth-Token': token } });
      assert.deepEqual((json(byToken).projects as { id: string }[]).map((p) => p.id), [emu.projectId]);
      assert.equal((json(await signed(emu, 'GET', '/v3/projects', { query: [['name', 'eu-nl']] })).projects as unknown[]).length, 0);
      assert.equal((await send(emu, 'GET', '/v3/projects', { query: [['name', 'eu-de']] })).status, 401);
    });
  });

  describe('faults', () => {
    it('answers 429 APIG.0308 with Retry-After for the given number of times', async () => {
      emu.inject({ route: 'listJobs', kind: 'status', status: 429, retryAfterSeconds: 7, times: 1 });
      const r = await signed(emu, 'GET', jobs());
      assert.equal(r.status, 429);
      assert.equal(r.headers['retry-after'], '7');
      assert.equal(json(r).error_code, 'APIG.0308');
      assert.ok(json(r).error_msg);
      assert.equal((await signed(emu, 'GET', jobs())).status, 200);
    });

    it('hits only its own route, and "*" hits every route', async () => {
      emu.inject({ route: 'listVersions', kind: 'status', status: 503 });
      assert.equal((await signed(emu, 'GET', jobs())).status, 200);
      assert.equal((await signed(emu, 'GET', `${jobs()}/182626/versions`)).status, 503);
      emu.clearFaults();
      emu.inject({ route: '*', kind: 'status', status: 500, times: 2 });
      assert.equal((await issueToken(emu)).status, 500);
      const r = await signed(emu, 'GET', `${jobs()}/182626/versions`);
      assert.equal(r.status, 500);
      assert.equal(json(r).error_code, 'ModelArts.0010');
      assert.equal((await signed(emu, 'GET', jobs())).status, 200);
    });

    it('answers 502 and 500 with an HTML page', async () => {
      emu.inject({ route: 'getVersion', kind: 'html', times: 1 });
      emu.inject({ route: 'listJobs', kind: 'html', status: 500, times: 1 });
      const bad = await signed(emu, 'GET', `${jobs()}/182626/versions/278813`);
      assert.equal(bad.status, 502);
      assert.match(String(bad.headers['content-type']), /^text\/html/);
      assert.match(bad.text, /^<html>/);
      assert.throws(() => JSON.parse(bad.text));
      const internal = await signed(emu, 'GET', jobs());
      assert.equal(internal.status, 500);
      assert.match(internal.text, /500 Internal Server Error/);
    });

    it('resets the connection without an answer', async () => {
      emu.inject({ route: 'listJobs', kind: 'reset', times: 1 });
      await assert.rejects(signed(emu, 'GET', jobs()), (e: NodeJS.ErrnoException) => e.code === 'ECONNRESET' || /socket hang up/.test(e.message));
      const last = emu.requests[emu.requests.length - 1];
      assert.equal(last.status, 0);
      assert.equal(last.fault, 'reset');
      assert.equal((await signed(emu, 'GET', jobs())).status, 200);
    });

    it('truncates the JSON body, and a truncated delete still deletes', async () => {
      emu.inject({ route: 'listJobs', kind: 'truncated', times: 1 });
      const cut = await signed(emu, 'GET', jobs());
      assert.equal(cut.status, 200);
      const full = await signed(emu, 'GET', jobs());
      assert.ok(cut.text.length > 0 && cut.text.length < full.text.length);
      assert.ok(full.text.startsWith(cut.text));
      assert.throws(() => JSON.parse(cut.text));
      emu.inject({ route: 'deleteVersion', kind: 'truncated', times: 1 });
      const del = await signed(emu, 'DELETE', `${jobs()}/182626/versions/278420`);
      assert.throws(() => JSON.parse(del.text));
      assert.equal(json(await signed(emu, 'GET', `${jobs()}/182626/versions`)).version_count, 4);
    });

    it('answers is_success:false with the given ModelArts code, with 200 or 400', async () => {
      emu.inject({ route: 'deleteVersion', kind: 'apiError', errorCode: 'ModelArts.0107', message: 'The values are invalid.', times: 1 });
      emu.inject({ route: 'deleteVersion', kind: 'apiError', status: 400, errorCode: 'ModelArts.0112', message: 'Policy does not allow it.', times: 1 });
      const ok = await signed(emu, 'DELETE', `${jobs()}/182626/versions/278420`);
      assert.equal(ok.status, 200);
      assert.deepEqual(json(ok), { is_success: false, error_code: 'ModelArts.0107', error_message: 'The values are invalid.' });
      const bad = await signed(emu, 'DELETE', `${jobs()}/182626/versions/278420`);
      assert.equal(bad.status, 400);
      assert.equal(json(bad).error_code, 'ModelArts.0112');
      assert.equal(json(await signed(emu, 'GET', `${jobs()}/182626/versions`)).version_count, 5);
    });

    it('delays a request with a latency fault while others are answered', async () => {
      emu.inject({ route: 'listJobs', kind: 'latency', latencyMs: 500, times: 1 });
      const order: string[] = [];
      await Promise.all([
        signed(emu, 'GET', jobs()).then((r) => order.push(`jobs ${r.status}`)),
        signed(emu, 'GET', `${jobs()}/182626/versions`).then((r) => order.push(`versions ${r.status}`)),
      ]);
      assert.deepEqual(order, ['versions 200', 'jobs 200']);
    });

    it('does not let a fault bypass authentication', async () => {
      emu.inject({ route: 'listJobs', kind: 'apiError', times: 1 });
      assert.equal((await send(emu, 'GET', jobs())).status, 401);
      assert.equal(json(await signed(emu, 'GET', jobs())).is_success, false);
    });
  });

  describe('asynchronous delete and stop', () => {
    it('deletes at once with deleteDelayMs 0, and the job list count drops', async () => {
      const del = await signed(emu, 'DELETE', `${jobs()}/182626/versions/278420`);
      assert.equal(del.status, 200);
      assert.deepEqual(json(del), { is_success: true });
      const versions = json(await signed(emu, 'GET', `${jobs()}/182626/versions`));
      assert.equal(versions.version_count, 4);
      assert.ok(!(versions.versions as VersionWire[]).some((v) => String(v.version_id) === '278420'));
      const list = json(await signed(emu, 'GET', jobs(), { query: [['search_content', 'resnet50']] }));
      assert.equal((list.jobs as JobWire[])[0].version_count, 4);
      assert.equal((await signed(emu, 'GET', `${jobs()}/182626/versions/278420`)).status, 404);
    });

    it('keeps a deleted version listed for deleteDelayMs, then removes it', async () => {
      const clock = sandbox.useFakeTimers({ now: Date.now(), toFake: ['Date'] });
      await withEmulator({ deleteDelayMs: 3000 }, async (e) => {
        assert.deepEqual(json(await signed(e, 'DELETE', `${jobs(e)}/182631/versions/278540`)), { is_success: true });
        const during = json(await signed(e, 'GET', `${jobs(e)}/182631/versions`));
        assert.equal(during.version_count, 3);
        const pending = (during.versions as VersionWire[]).find((v) => String(v.version_id) === '278540');
        assert.equal(pending?.status, 11);
        assert.equal(e.jobs().find((j) => j.jobId === '182631')?.versions.find((v) => v.versionId === '278540')?.pendingDeletion, true);
        clock.tick(3000);
        const after = json(await signed(e, 'GET', `${jobs(e)}/182631/versions`));
        assert.equal(after.version_count, 2);
        assert.ok(!(after.versions as VersionWire[]).some((v) => String(v.version_id) === '278540'));
      });
    });

    it('shows a version being deleted with status_message "Deleting" and its status unchanged, then removes it', async () => {
      const clock = sandbox.useFakeTimers({ now: Date.now(), toFake: ['Date'] });
      await withEmulator({ deleteDelayMs: 3000 }, async (e) => {
        const versionPath = `${jobs(e)}/182631/versions/278540`;
        assert.equal((json(await signed(e, 'GET', versionPath)) as { status_message?: unknown }).status_message, undefined);
        assert.deepEqual(json(await signed(e, 'DELETE', versionPath)), { is_success: true });
        clock.tick(2999);

        const listed = json(await signed(e, 'GET', `${jobs(e)}/182631/versions`)).versions as (VersionWire & { status_message?: string })[];
        const deleting = listed.filter((v) => v.status_message === 'Deleting').map((v) => [String(v.version_id), v.status]);
        assert.deepEqual(deleting, [['278540', 11]]);
        const details = json(await signed(e, 'GET', versionPath));
        assert.deepEqual([details.status, details.status_message], [11, 'Deleting']);

        clock.tick(1);
        const after = json(await signed(e, 'GET', `${jobs(e)}/182631/versions`));
        assert.ok(!(after.versions as VersionWire[]).some((v) => String(v.version_id) === '278540'));
        assert.equal((await signed(e, 'GET', versionPath)).status, 404);
      });
    });

    it('ends in status 6 DELETE_FAILED after failNextDelete', async () => {
      const clock = sandbox.useFakeTimers({ now: Date.now(), toFake: ['Date'] });
      await withEmulator({ deleteDelayMs: 1000 }, async (e) => {
        e.failNextDelete('182631', '278540', 'OBS bucket is locked');
        assert.equal(json(await signed(e, 'DELETE', `${jobs(e)}/182631/versions/278540`)).is_success, true);
        assert.equal(json(await signed(e, 'GET', `${jobs(e)}/182631/versions/278540`)).status_message, 'Deleting');
        clock.tick(1000);
        const details = json(await signed(e, 'GET', `${jobs(e)}/182631/versions/278540`));
        assert.equal(details.status, 6);
        assert.equal(details.status_message, 'OBS bucket is locked');
        assert.equal(json(await signed(e, 'GET', `${jobs(e)}/182631/versions`)).version_count, 3);
        // Only the next delete fails: a retry succeeds.
        await signed(e, 'DELETE', `${jobs(e)}/182631/versions/278540`);
        clock.tick(1000);
        assert.equal(json(await signed(e, 'GET', `${jobs(e)}/182631/versions`)).version_count, 2);
      });
    });

    it('answers 404 ModelArts.0015 with error_message for a missing version', async () => {
      const r = await signed(emu, 'DELETE', `${jobs()}/182626/versions/123456`);
      assert.equal(r.status, 404);
      assert.deepEqual(json(r), { is_success: false, error_code: 'ModelArts.0015', error_message: 'The resource you requested is not exist' });
      const bad = await signed(emu, 'DELETE', `${jobs()}/182626/versions/1.5`);
      assert.equal(json(bad).error_code, 'ModelArts.0101');
    });

    it('removes a job whose last version is deleted, and deletes whole jobs', async () => {
      await signed(emu, 'DELETE', `${jobs()}/182650/versions/278460`);
      assert.equal((await signed(emu, 'GET', `${jobs()}/182650/versions`)).status, 404);
      assert.deepEqual(json(await signed(emu, 'DELETE', `${jobs()}/182715`)), { is_success: true });
      const list = json(await signed(emu, 'GET', jobs(), { query: [['per_page', '100']] }));
      assert.equal(list.job_total_count, 11);
      assert.equal(emu.jobs().length, 11);
      assert.equal((await signed(emu, 'DELETE', `${jobs()}/182715`)).status, 404);
    });

    it('stops a running version through 9 KILLING to 12 KILLED, and refuses a finished one', async () => {
      const clock = sandbox.useFakeTimers({ now: Date.now(), toFake: ['Date'] });
      await withEmulator({ stopDelayMs: 2000 }, async (e) => {
        assert.deepEqual(json(await signed(e, 'POST', `${jobs(e)}/182626/versions/278813/stop`)), { is_success: true });
        assert.equal(json(await signed(e, 'GET', `${jobs(e)}/182626/versions/278813`)).status, 9);
        clock.tick(2000);
        assert.equal(json(await signed(e, 'GET', `${jobs(e)}/182626/versions/278813`)).status, 12);
        const done = await signed(e, 'POST', `${jobs(e)}/182626/versions/278615/stop`);
        assert.equal(done.status, 400);
        assert.equal(json(done).error_code, 'ModelArts.0104');
      });
    });
  });

  describe('logs', () => {
    it('lists one log file per worker, none before start', async () => {
      const files = json(await signed(emu, 'GET', `${jobs()}/182702/versions/278827/log/file-names`));
      assert.deepEqual(files.log_file_list, [0, 1, 2, 3].map((i) => `gpt2-small-wikitext-V0008.${i}`));
      const none = json(await signed(emu, 'GET', `${jobs()}/182748/versions/278834/log/file-names`));
      assert.deepEqual(none.log_file_list, []);
    });

    it('reads the newest lines and pages backward and forward with opaque big-number cursors', async () => {
      const p = `${jobs()}/182626/versions/278615/aom-log`;
      const file = 'resnet50-imagenet-V0003.0';
      const newest = await signed(emu, 'GET', p, { query: [['log_file', file], ['lines', '20']] });
      assert.equal(newest.status, 200);
      const start = /"start_line":(\d{19}),/.exec(newest.text)?.[1];
      const end = /"end_line":"(\d{19})"/.exec(newest.text)?.[1];
      assert.ok(start && end, newest.text.slice(0, 200));
      const body = json(newest);
      assert.equal(body.lines, '20');
      assert.equal(String(body.content).split('\n').length, 20);
      assert.match(String(body.content), /Training end with return code: 0$/);
      const back = json(await signed(emu, 'GET', p, { query: [['log_file', file], ['base_line', start], ['order', 'asc'], ['lines', '5']] }));
      assert.equal(String(back.content).split('\n').length, 5);
      assert.equal(BigInt(back.end_line as string) + 1n, BigInt(start));
      const forward = json(await signed(emu, 'GET', p, { query: [['log_file', file], ['base_line', back.end_line as string], ['order', 'desc'], ['lines', '2']] }));
      assert.equal(String(forward.content).split('\n')[0], String(body.content).split('\n')[0]);
      const unknown = await signed(emu, 'GET', p, { query: [['log_file', 'other.0']] });
      assert.equal(json(unknown).error_code, 'ModelArts.0806');
    });

    it('grows a running version\'s log: lines written later follow the cursor of the last line read, which stays valid', async () => {
      const p = `${jobs()}/182702/versions/278827/aom-log`;
      const file = 'gpt2-small-wikitext-V0008.0';
      const first = json(await signed(emu, 'GET', p, { query: [['log_file', file], ['lines', '5']] }));
      const cursor = first.end_line as string;
      const nothing = json(await signed(emu, 'GET', p, { query: [['log_file', file], ['base_line', cursor], ['order', 'desc'], ['lines', '500']] }));
      assert.equal(nothing.content, '');
      emu.appendLogLines('182702', '278827', 3);
      const raw = await signed(emu, 'GET', p, { query: [['log_file', file], ['base_line', cursor], ['order', 'desc'], ['lines', '500']] });
      const added = json(raw);
      assert.equal(added.lines, '3');
      assert.match(String(added.content), /^(.* INFO epoch \d+\/\d+ step \d+ loss=[\d.]+\n?){3}$/);
      assert.equal(BigInt(/"start_line":(\d{19}),/.exec(raw.text)?.[1] ?? '0'), BigInt(cursor) + 1n, 'the first new line comes right after the cursor');
    });

    it('a run that starts later gets log files, a log that grows, and its failure at the end', async () => {
      emu.setVersionStatus('182748', '278834', 8);
      const files = json(await signed(emu, 'GET', `${jobs()}/182748/versions/278834/log/file-names`)).log_file_list as string[];
      assert.ok(files.length >= 1);
      const p = `${jobs()}/182748/versions/278834/aom-log`;
      const read = async () => String(json(await signed(emu, 'GET', p, { query: [['log_file', files[0]], ['lines', '500']] })).content).split('\n');
      assert.equal((await read()).length, 2, 'its first lines only');
      emu.appendLogLines('182748', '278834', 40);
      emu.setVersionStatus('182748', '278834', 11);
      const lines = await read();
      assert.equal(lines.length, 44);
      assert.match(lines.at(-2) ?? '', /CUDA out of memory/);
    });

    it('with logLinesPerSecond, running logs grow by themselves over time', async () => {
      await withEmulator({ logLinesPerSecond: 100 }, async (e) => {
        const p = `/v1/${e.projectId}/training-jobs/182702/versions/278827/aom-log`;
        const count = async () => Number(json(await signed(e, 'GET', p, { query: [['log_file', 'gpt2-small-wikitext-V0008.0'], ['lines', '500']] })).lines);
        await count();
        const first = await signed(e, 'GET', p, { query: [['log_file', 'gpt2-small-wikitext-V0008.0'], ['lines', '1']] });
        await new Promise((resolve) => setTimeout(resolve, 300));
        const after = json(await signed(e, 'GET', p, { query: [['log_file', 'gpt2-small-wikitext-V0008.0'], ['base_line', json(first).end_line as string], ['order', 'desc'], ['lines', '500']] }));
        assert.ok(Number(after.lines) >= 20, `grew by ${String(after.lines)} lines in 300 ms at 100 lines/s`);
      });
    });
  });

  describe('recording and scale', () => {
    it('records method, path, query, lower-case headers, body, route and status', async () => {
      emu.clearRequests();
      await signed(emu, 'GET', jobs(), { query: [['search_content', 'a b'], ['page', '1']] });
      await issueToken(emu);
      await send(emu, 'GET', '/nowhere');
      assert.equal(emu.requests.length, 3);
      const [list, token, unknown] = emu.requests;
      assert.equal(list.method, 'GET');
      assert.equal(list.path, jobs());
      assert.deepEqual(list.query, { page: '1', search_content: 'a b' });
      assert.equal(list.route, 'listJobs');
      assert.equal(list.status, 200);
      assert.match(list.headers.authorization, /^SDK-HMAC-SHA256 Access=EMULATORDEMOACCESSKEY, /);
      assert.ok(list.headers['x-sdk-date']);
      assert.equal(token.route, 'iamToken');
      assert.equal(token.status, 201);
      assert.match(token.body, /"methods":\["password"\]/);
      assert.equal(unknown.route, 'unknown');
      assert.equal(unknown.status, 404);
      assert.ok(list.at <= token.at);
    });

    it('logs one line per request without headers, keys or tokens when not quiet', async () => {
      const lines: string[] = [];
      await withEmulator({ quiet: false, log: (l) => lines.push(l) }, async (e) => {
        const token = (await issueToken(e)).headers['x-subject-token'] as string;
        await send(e, 'GET', jobs(e), { headers: { 'X-Auth-Token': token } });
        await signed(e, 'GET', jobs(e));
        assert.equal(lines.length, 3);
        assert.match(lines[1], /^GET \/v1\/\w+\/training-jobs -> 200/);
        for (const line of lines) {
          for (const secret of [token, e.credentials.secretKey, e.credentials.password, e.credentials.accessKey]) {
            assert.ok(!line.includes(secret));
          }
        }
      });
    });

    it('serves 10,000 jobs x 20 versions with the right totals', async () => {
      await withEmulator({ scale: { jobs: 10_000, versionsPerJob: 20 } }, async (e) => {
        const first = json(await signed(e, 'GET', jobs(e), { query: [['per_page', '1000'], ['page', '10']] }));
        assert.equal(first.job_total_count, 10_000);
        assert.equal((first.jobs as JobWire[]).length, 1000);
        const beyond = json(await signed(e, 'GET', jobs(e), { query: [['per_page', '1000'], ['page', '11']] }));
        assert.deepEqual(beyond.jobs, []);
        const job = (first.jobs as JobWire[])[0];
        assert.equal(job.version_count, 20);
        const versions = json(await signed(e, 'GET', `${jobs(e)}/${job.job_id}/versions`, { query: [['page', '0']] }));
        assert.equal(versions.version_count, 20);
        assert.equal((versions.versions as VersionWire[]).length, 20);
        assert.equal(String((versions.versions as VersionWire[])[0].version_id), String(job.version_id));
      });
    });
  });

  describe('cli', () => {
    it('parses its flags', () => {
      const now = Date.UTC(2026, 10, 27, 18, 42, 5, 123);
      assert.deepEqual(parseArgs(['--port', '8123', '--scale', '10000x20', '--latency', '20', '--delete-delay', '3000', '--seed', '5'], now), {
        quiet: false,
        baseTimeMs: Date.UTC(2026, 10, 27, 18, 42),
        port: 8123,
        scale: { jobs: 10_000, versionsPerJob: 20 },
        latencyMs: 20,
        deleteDelayMs: 3000,
        seed: 5,
      });
      assert.equal(parseArgs(['--fixed-time'], now).baseTimeMs, undefined);
      assert.throws(() => parseArgs(['--scale', '10000']), UsageError);
      assert.throws(() => parseArgs(['--port', 'x']), UsageError);
      assert.throws(() => parseArgs(['--bogus']), UsageError);
    });

    it('prints its URL, project and demo credentials, and exits cleanly on SIGTERM', async () => {
      const child = spawn(process.execPath, [path.join(__dirname, '../../fixtures/emulator/cli.js'), '--port', '0', '--quiet'], { stdio: ['ignore', 'pipe', 'pipe'] });
      let out = '';
      await new Promise<void>((resolve, reject) => {
        child.stdout.on('data', (d: Buffer) => {
          out += d.toString();
          if (out.includes('Ctrl+C')) {
            resolve();
          }
        });
        child.once('exit', (code) => reject(new Error(`exited early with ${code}: ${out}`)));
      });
      assert.match(out, /listening on http:\/\/127\.0\.0\.1:\d+/);
      assert.ok(out.includes(DEMO_CREDENTIALS.accessKey));
      assert.ok(out.includes('e1a2b3c4d5e6f708192a3b4c5d6e7f80'));
      const code = await new Promise<number | null>((resolve) => {
        child.removeAllListeners('exit');
        child.once('exit', (c) => resolve(c));
        child.kill('SIGTERM');
      });
      assert.equal(code, 0);
    });
  });
});
