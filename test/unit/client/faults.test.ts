import * as assert from 'node:assert/strict';
import {
  ApiError, AuthenticationError, CancelledError, InvalidIdError, InvalidResponseError, ModelArtsClient, NetworkError,
  NotFoundError, PermissionError, ServerError, ThrottledError, toSdkResult, type ModelArtsApi, type RequestLogEntry,
} from '../../../src/client';
import { classifyNetworkError, parseRetryAfter } from '../../../src/client/failures';
import { startEmulator, type Emulator, type RouteName } from '../../fixtures/emulator';
import {
  clientFor, freePort, proxyTo, rejectsWith, silentServer, type LoopbackServer,
} from './clientFixtures';

function count(emulator: Emulator, route: RouteName): number {
  return emulator.requests.filter(r => r.route === route).length;
}

describe('client faults, retries and errors', () => {
  let emulator: Emulator;
  let client: ModelArtsClient;
  let log: RequestLogEntry[];
  let jobId: string;
  let versionId: string;
  let listPath: string;
  let versionPath: string;

  beforeEach(async () => {
    emulator = await startEmulator();
    ({ client, log } = clientFor(emulator));
    const job = emulator.jobs().find(j => j.versions.length >= 2);
    assert.ok(job);
    jobId = job.jobId;
    versionId = job.versions[job.versions.length - 1].versionId;
    listPath = `/v1/${emulator.projectId}/training-jobs`;
    versionPath = `${listPath}/${jobId}/versions/${versionId}`;
  });

  afterEach(async () => {
    await emulator.close();
  });

  describe('typed errors', () => {
    it('maps a bad secret key to AuthenticationError with advice, without retrying', async () => {
      ({ client } = clientFor(emulator, 'aksk', {
        credentials: { kind: 'aksk', accessKey: emulator.credentials.accessKey, secretKey: 'not-the-right-secret' },
      }));
      const err = await rejectsWith(client.listJobs(), AuthenticationError);
      assert.equal(err.status, 401);
      assert.equal(err.errorCode, 'APIG.0301');
      assert.match(err.message, new RegExp(`^GET ${listPath} was refused: authentication failed \\(HTTP 401, APIG\\.0301`));
      assert.match(err.message, /Check the access key and secret key, that this computer's clock is correct \(requests more than 15 minutes off are refused\)/);
      assert.deepEqual(err.request, { method: 'GET', path: listPath });
      assert.equal(count(emulator, 'listJobs'), 1);
    });

    it('maps a skewed clock to AuthenticationError', async () => {
      ({ client } = clientFor(emulator, 'aksk', { now: () => new Date(Date.now() - 20 * 60_000) }));
      const err = await rejectsWith(client.listJobs(), AuthenticationError);
      assert.match(err.message, /clock is correct/);
    });

    it('gives temporary keys their own advice', async () => {
      const temporary = emulator.credentials.temporary;
      ({ client } = clientFor(emulator, 'aksk', {
        credentials: { kind: 'aksk', accessKey: temporary.accessKey, secretKey: temporary.secretKey, securityToken: 'expired-security-token' },
      }));
      const err = await rejectsWith(client.listJobs(), AuthenticationError);
      assert.match(err.message, /temporary access key, secret key and security token/);
    });

    it('maps a ModelArts.02xx code to AuthenticationError naming the region', async () => {
      emulator.inject({ route: 'listJobs', kind: 'apiError', status: 401, errorCode: 'ModelArts.0207', message: 'Token must contain project info of current region.' });
      const err = await rejectsWith(client.listJobs(), AuthenticationError);
      assert.equal(err.serverMessage, 'Token must contain project info of current region.');
      assert.match(err.message, new RegExp(`scoped to the project of region ${emulator.region}`));
    });

    it('maps 403 to PermissionError', async () => {
      emulator.inject({ route: 'deleteVersion', kind: 'status', status: 403 });
      const err = await rejectsWith(client.deleteVersion(jobId, versionId), PermissionError);
      assert.equal(err.errorCode, 'APIG.0302');
      assert.match(err.message, new RegExp(`^DELETE ${versionPath} was refused: permission denied \\(HTTP 403`));
      assert.match(err.message, /ask the account administrator/);
    });

    it('maps 404 and ModelArts.0015 to NotFoundError', async () => {
      const missing = await rejectsWith(client.getVersion(jobId, '987654321'), NotFoundError);
      assert.equal(missing.status, 404);
      assert.match(missing.message, new RegExp(`^GET ${listPath}/${jobId}/versions/987654321: not found \\(HTTP 404`));
      assert.match(missing.message, /refresh the list/);

      emulator.inject({ route: 'getVersion', kind: 'apiError', status: 200, errorCode: 'ModelArts.0015', times: 1 });
      const coded = await rejectsWith(client.getVersion(jobId, versionId), NotFoundError);
      assert.equal(coded.errorCode, 'ModelArts.0015');
    });

    it('maps 500 to ServerError without retrying', async () => {
      emulator.inject({ route: 'listJobs', kind: 'status', status: 500 });
      const err = await rejectsWith(client.listJobs(), ServerError);
      assert.equal(err.errorCode, 'ModelArts.0010');
      assert.match(err.message, new RegExp(`^GET ${listPath}: the service failed \\(HTTP 500, ModelArts\\.0010: Internal error\\.\\)`));
      assert.equal(count(emulator, 'listJobs'), 1);
    });

    it('maps a 502 HTML page to ServerError with the status, retrying a GET up to 3 attempts', async () => {
      emulator.inject({ route: 'listJobs', kind: 'html', status: 502 });
      const err = await rejectsWith(client.listJobs(), ServerError);
      assert.equal(err.status, 502);
      assert.match(err.message, /HTTP 502, the answer was not JSON/);
      assert.equal(count(emulator, 'listJobs'), 3);
      assert.deepEqual(log.map(e => [e.attempt, e.status]), [[1, 502], [2, 502], [3, 502]]);
    });

    it('recovers when a retried GET succeeds', async () => {
      emulator.inject({ route: 'listJobs', kind: 'status', status: 503, times: 2 });
      const page = await client.listJobs();
      assert.ok(page.jobs.length > 0);
      assert.deepEqual(emulator.requests.map(r => r.status), [503, 503, 200]);
    });

    it('maps an HTML page with status 200 to InvalidResponseError', async () => {
      emulator.inject({ route: 'listJobs', kind: 'html', status: 200 });
      const err = await rejectsWith(client.listJobs(), InvalidResponseError);
      assert.match(err.message, new RegExp(`^GET ${listPath} answered HTTP 200 but with an HTML page instead of JSON`));
    });

    it('maps truncated JSON to InvalidResponseError with the status', async () => {
      emulator.inject({ route: 'listVersions', kind: 'truncated' });
      const err = await rejectsWith(client.listVersions(jobId), InvalidResponseError);
      assert.equal(err.status, 200);
      assert.match(err.message, /answered HTTP 200 but with a body that is not valid JSON/);
    });

    it('maps is_success:false with a ModelArts code to ApiError "code: message"', async () => {
      emulator.inject({ route: 'deleteVersion', kind: 'apiError', status: 200, errorCode: 'ModelArts.0105', message: 'Error string' });
      const err = await rejectsWith(client.deleteVersion(jobId, versionId), ApiError);
      assert.equal(err.message,
        `ModelArts.0105: Error string (DELETE ${versionPath}, HTTP 200). See "ModelArts: Show Extension Log" for details.`);
      assert.equal(err.errorCode, 'ModelArts.0105');
      assert.equal(err.serverMessage, 'Error string');
      assert.equal(count(emulator, 'deleteVersion'), 1);
    });

    const advice = [
      { status: 400, errorCode: 'ModelArts.0104', message: 'Parameter error.', advice: /Check the job and version IDs and the parameters/ },
      { status: 409, errorCode: 'ModelArts.0105', message: 'Version is busy.', advice: /Conflict: the job or version is busy .*try again when it has finished\./ },
      { status: 422, errorCode: 'ModelArts.0105', message: 'Error string', advice: /See "ModelArts: Show Extension Log" for details\.$/ },
      { status: 200, errorCode: 'ModelArts.0105', message: 'Error string', advice: /See "ModelArts: Show Extension Log" for details\.$/ },
    ] as const;
    for (const c of advice) {
      it(`tells what to do about an ApiError answered HTTP ${c.status}, naming method, path, code and message`, async () => {
        emulator.inject({ route: 'deleteVersion', kind: 'apiError', status: c.status, errorCode: c.errorCode, message: c.message });
        const err = await rejectsWith(client.deleteVersion(jobId, versionId), ApiError);
        assert.ok(err.message.startsWith(`${c.errorCode}: ${c.message} (DELETE ${versionPath}, HTTP ${c.status}). `), err.message);
        assert.match(err.message, c.advice);
        assert.equal(err.status, c.status);
      });
    }

    it('advises on an ApiError without a code or message too', async () => {
      emulator.inject({ route: 'stopVersion', kind: 'html', status: 409 });
      const err = await rejectsWith(client.stopVersion(jobId, versionId), ApiError);
      assert.equal(err.errorCode, undefined);
      assert.match(err.message, new RegExp(`^HTTP 409: the request failed without a message \\(POST ${versionPath}/stop, HTTP 409\\)\\. Conflict:`));
    });

    it('maps a connection reset on a GET to NetworkError after 3 attempts', async () => {
      emulator.inject({ route: 'listJobs', kind: 'reset' });
      const err = await rejectsWith(client.listJobs(), NetworkError);
      assert.equal(err.failure, 'reset');
      assert.equal(err.beforeSend, false);
      assert.match(err.message, new RegExp(`^GET ${listPath}: the connection was reset`));
      assert.equal(count(emulator, 'listJobs'), 3);
    });

    it('converts results and errors to the SDK shape', async () => {
      assert.deepEqual(await toSdkResult(client.deleteVersion(jobId, versionId)), { is_success: true });
      emulator.inject({ route: 'deleteVersion', kind: 'apiError', status: 400, errorCode: 'ModelArts.0104', message: 'Parameter error.' });
      const failed = await toSdkResult(client.deleteVersion(jobId, versionId));
      assert.deepEqual(failed, {
        is_success: false, error_code: 'ModelArts.0104',
        error_msg: `ModelArts.0104: Parameter error. (DELETE ${versionPath}, HTTP 400). Check the job and version IDs and the parameters ` +
          '(refresh the list: they may be out of date).',
      });
      const refused = await toSdkResult(client.deleteVersion('..', versionId));
      assert.equal(refused.is_success, false);
      assert.equal(refused.error_code, undefined);
      assert.match(refused.error_msg ?? '', /job ID "\.\." is not valid/);
      await assert.rejects(toSdkResult(Promise.reject(new TypeError('bug'))), TypeError);
    });
  });

  describe('throttling', () => {
    it('honours Retry-After of a 429 on a GET', async () => {
      ({ client } = clientFor(emulator, 'aksk', { retry: { maxAttempts: 3, baseDelayMs: 1, maxDelayMs: 5_000 } }));
      emulator.inject({ route: 'listJobs', kind: 'status', status: 429, retryAfterSeconds: 1, times: 1 });
      const page = await client.listJobs();
      assert.ok(page.jobs.length > 0);
      const [first, second] = emulator.requests;
      assert.deepEqual([first.status, second.status], [429, 200]);
      // A lower bound only: the client must not come back before the server said it may.
      assert.ok(second.at - first.at >= 990, `retried after ${second.at - first.at} ms`);
    });

    it('never sends before a Retry-After longer than the retry cap: fails at once, saying when to try again', async () => {
      ({ client } = clientFor(emulator, 'aksk', { retry: { maxAttempts: 3, baseDelayMs: 1, maxDelayMs: 400 } }));
      emulator.inject({ route: 'listJobs', kind: 'status', status: 429, retryAfterSeconds: 2 });
      const started = Date.now();
      const err = await rejectsWith(client.listJobs(), ThrottledError);
      assert.equal(err.retryAfterMs, 2000);
      assert.equal(err.errorCode, 'APIG.0308');
      assert.match(err.message, /too many requests \(HTTP 429, APIG\.0308: The request is throttled\)\. Wait 2 s and try again\./);
      assert.equal(count(emulator, 'listJobs'), 1, 'not sent again before the 2 s were up');
      assert.ok(Date.now() - started < 1000, 'and not waited out either');
    });

    it('gives up after 3 attempts with ThrottledError when each short Retry-After is waited out', async () => {
      ({ client } = clientFor(emulator, 'aksk', { retry: { maxAttempts: 3, baseDelayMs: 1, maxDelayMs: 5_000 } }));
      emulator.inject({ route: 'listJobs', kind: 'status', status: 429, retryAfterSeconds: 0 });
      const err = await rejectsWith(client.listJobs(), ThrottledError);
      assert.equal(err.retryAfterMs, 0);
      assert.equal(count(emulator, 'listJobs'), 3);
    });

    it('parses Retry-After as seconds or as an HTTP date', () => {
      const now = new Date('2025-06-02T09:00:00Z');
      assert.equal(parseRetryAfter('3', now), 3000);
      assert.equal(parseRetryAfter('Mon, 02 Jun 2025 09:00:05 GMT', now), 5000);
      assert.equal(parseRetryAfter('Mon, 02 Jun 2025 08:00:00 GMT', now), 0);
      assert.equal(parseRetryAfter('soon', now), undefined);
      assert.equal(parseRetryAfter(undefined, now), undefined);
    });
  });

  describe('DELETE and POST are never duplicated', () => {
    it('sends a DELETE once when the connection is reset after sending', async () => {
      emulator.inject({ route: 'deleteVersion', kind: 'reset' });
      const err = await rejectsWith(client.deleteVersion(jobId, versionId), NetworkError);
      assert.equal(err.failure, 'reset');
      assert.equal(err.beforeSend, false);
      assert.match(err.message, /may or may not have been applied: refresh to check/);
      assert.equal(emulator.requests.filter(r => r.method === 'DELETE').length, 1);
    });

    for (const fault of [{ kind: 'status', status: 429 }, { kind: 'status', status: 503 }, { kind: 'html', status: 502 }] as const) {
      it(`sends a DELETE once when answered ${fault.status}`, async () => {
        emulator.inject({ route: 'deleteVersion', ...fault });
        await assert.rejects(client.deleteVersion(jobId, versionId));
        assert.equal(count(emulator, 'deleteVersion'), 1);
      });
    }

    it('sends a stop (POST) once when the connection is reset', async () => {
      emulator.inject({ route: 'stopVersion', kind: 'reset' });
      await rejectsWith(client.stopVersion(jobId, versionId), NetworkError);
      assert.equal(count(emulator, 'stopVersion'), 1);
    });

    it('treats a truncated answer to a DELETE as a failure it does not repeat', async () => {
      emulator.inject({ route: 'deleteVersion', kind: 'truncated' });
      await rejectsWith(client.deleteVersion(jobId, versionId), InvalidResponseError);
      assert.equal(count(emulator, 'deleteVersion'), 1);
    });
  });

  describe('network failures', () => {
    let extra: LoopbackServer | undefined;

    afterEach(async () => {
      await extra?.close();
      extra = undefined;
    });

    /**
     * Points `client` (3 attempts, 20 ms apart) at a free port that refuses the first attempt and then
     * proxies to the emulator; `basePath` is appended to the ModelArts endpoint. Returns the request log.
     */
    async function refusedOnce(basePath = ''): Promise<RequestLogEntry[]> {
      const port = await freePort();
      const url = `http://127.0.0.1:${port}`;
      const entries: RequestLogEntry[] = [];
      const onLog = (entry: RequestLogEntry): void => {
        entries.push(entry);
        // The first attempt was refused: open the port (the bind completes before the retry fires).
        if (entry.attempt === 1 && !extra) {
          void proxyTo(emulator.port, port).then(server => { extra = server; });
        }
      };
      ({ client } = clientFor(emulator, 'aksk', {
        endpoint: `${url}${basePath}`, iamEndpoint: url, log: onLog, retry: { maxAttempts: 3, baseDelayMs: 20, maxDelayMs: 20 },
      }));
      return entries;
    }

    it('maps a refused connection to NetworkError(refused, beforeSend) and retries a GET', async () => {
      const port = await freePort();
      const url = `http://127.0.0.1:${port}`;
      ({ client, log } = clientFor(emulator, 'aksk', { endpoint: url, iamEndpoint: url }));
      const err = await rejectsWith(client.listJobs({ search: 'private words' }), NetworkError);
      assert.equal(err.failure, 'refused');
      assert.equal(err.beforeSend, true);
      assert.match(err.message, new RegExp(`^GET ${listPath}: the connection to 127\\.0\\.0\\.1:${port} was refused`));
      assert.deepEqual(log.map(e => [e.attempt, e.error]), [[1, 'NetworkError (refused)'], [2, 'NetworkError (refused)'], [3, 'NetworkError (refused)']]);
    });

    it('retries a refused DELETE and counts a 404 on the retry as done', async () => {
      const entries = await refusedOnce();

      await client.deleteVersion(jobId, '987654321');

      assert.deepEqual(entries.map(e => [e.attempt, e.status, e.error]), [[1, undefined, 'NetworkError (refused)'], [2, 404, 'NotFoundError (404 ModelArts.0015)']]);
      const deletes = emulator.requests.filter(r => r.method === 'DELETE');
      assert.deepEqual(deletes.map(r => r.status), [404]);
    });

    it('does not count a gateway 404 APIG.0101 on a retried DELETE as done: it says the endpoint or path is wrong', async () => {
      // A base path the gateway does not know: every API under it is "not found" (APIG.0101).
      const entries = await refusedOnce('/no-such-base');

      const err = await rejectsWith(client.deleteVersion(jobId, versionId), NotFoundError);

      assert.equal(err.errorCode, 'APIG.0101');
      assert.match(err.message, new RegExp(`^DELETE ${versionPath}: not found \\(HTTP 404, APIG\\.0101`));
      assert.match(err.message, /endpoint or path is wrong.*Check the ModelArts endpoint URL/);
      assert.deepEqual(entries.map(e => [e.attempt, e.status, e.error]), [[1, undefined, 'NetworkError (refused)'], [2, 404, 'NotFoundError (404 APIG.0101)']]);
      assert.deepEqual(emulator.requests.filter(r => r.method === 'DELETE').map(r => [r.path, r.status]), [[`/no-such-base${versionPath}`, 404]]);
      assert.equal(emulator.jobs().find(j => j.jobId === jobId)?.versions.some(v => v.versionId === versionId), true);
    });

    it('retries a refused DELETE that then succeeds, deleting once', async () => {
      const entries = await refusedOnce();

      await client.deleteVersion(jobId, versionId);

      assert.deepEqual(entries.map(e => [e.attempt, e.status, e.error]), [[1, undefined, 'NetworkError (refused)'], [2, 200, undefined]]);
      assert.deepEqual(emulator.requests.filter(r => r.method === 'DELETE').map(r => r.status), [200]);
      assert.equal(emulator.jobs().find(j => j.jobId === jobId)?.versions.some(v => v.versionId === versionId), false);
    });

    it('times out a server that never answers: a GET 3 times, a DELETE once', async () => {
      extra = await silentServer();
      ({ client } = clientFor(emulator, 'aksk', { endpoint: extra.url, iamEndpoint: extra.url, timeoutMs: 100 }));

      const err = await rejectsWith(client.listJobs(), NetworkError);
      assert.equal(err.failure, 'timeout');
      assert.equal(err.beforeSend, false);
      assert.match(err.message, new RegExp(`^GET ${listPath}: no answer within 100 ms`));
      assert.equal(extra.connections, 3);

      const del = await rejectsWith(client.deleteVersion(jobId, versionId), NetworkError);
      assert.equal(del.failure, 'timeout');
      assert.match(del.message, /no answer within 100 ms\. If this was a change \(delete or stop\), it may or may not have been applied: refresh to check/);
      assert.equal(extra.connections, 4);
    });

    it('classifies socket error codes; only DNS failures and refusals are before sending', () => {
      assert.deepEqual(classifyNetworkError('ENOTFOUND'), { failure: 'dns', beforeSend: true });
      assert.deepEqual(classifyNetworkError('EAI_AGAIN'), { failure: 'dns', beforeSend: true });
      assert.deepEqual(classifyNetworkError('ECONNREFUSED'), { failure: 'refused', beforeSend: true });
      assert.deepEqual(classifyNetworkError('ECONNRESET'), { failure: 'reset', beforeSend: false });
      assert.deepEqual(classifyNetworkError('ETIMEDOUT'), { failure: 'timeout', beforeSend: false });
      assert.deepEqual(classifyNetworkError('EHOSTUNREACH'), { failure: 'other', beforeSend: false });
      assert.deepEqual(classifyNetworkError(undefined), { failure: 'other', beforeSend: false });
    });
  });

  describe('closing the client (sign-out, a changed connection, deactivation)', () => {
    it('aborts a read in flight at once, and sends nothing afterwards', async () => {
      emulator.inject({ route: 'listJobs', kind: 'latency', latencyMs: 5_000 });
      const started = Date.now();
      const reading = client.listJobs();
      await new Promise(resolve => setTimeout(resolve, 50));
      client.close();
      await rejectsWith(reading, CancelledError);
      assert.ok(Date.now() - started < 2_000);
      emulator.clearRequests();
      const err = await rejectsWith(client.deleteVersion(jobId, versionId), CancelledError);
      assert.match(err.message, /was not sent: the ModelArts connection was closed/);
      assert.deepEqual(emulator.requests, []);
    });

    it('lets a DELETE in flight finish: cut off, its outcome would be unknown', async () => {
      emulator.inject({ route: 'deleteVersion', kind: 'latency', latencyMs: 200 });
      const deleting = client.deleteVersion(jobId, versionId);
      await new Promise(resolve => setTimeout(resolve, 50));
      client.close();
      await deleting;
      assert.deepEqual(emulator.requests.filter(r => r.method === 'DELETE').map(r => r.status), [200]);
    });
  });

  describe('cancellation', () => {
    it('cancels a request in flight with CancelledError and does not retry', async () => {
      emulator.inject({ route: 'listJobs', kind: 'latency', latencyMs: 2_000 });
      const controller = new AbortController();
      const pending = client.listJobs({ signal: controller.signal });
      // Abort once the request has reached the server.
      while (count(emulator, 'listJobs') === 0) {
        await new Promise(resolve => setTimeout(resolve, 5));
      }
      controller.abort();
      const err = await rejectsWith(pending, CancelledError);
      assert.match(err.message, new RegExp(`^GET ${listPath} was cancelled`));
      assert.equal(count(emulator, 'listJobs'), 1);
    });

    it('sends nothing for an already aborted signal', async () => {
      const controller = new AbortController();
      controller.abort();
      await rejectsWith(client.deleteVersion(jobId, versionId, { signal: controller.signal }), CancelledError);
      assert.equal(emulator.requests.length, 0);
    });

    it('stops waiting between retries when cancelled', async () => {
      ({ client, log } = clientFor(emulator, 'aksk', { retry: { maxAttempts: 3, baseDelayMs: 60_000, maxDelayMs: 60_000 } }));
      emulator.inject({ route: 'listJobs', kind: 'status', status: 429, retryAfterSeconds: 60 });
      const controller = new AbortController();
      const pending = client.listJobs({ signal: controller.signal });
      while (log.length === 0) {
        await new Promise(resolve => setTimeout(resolve, 5));
      }
      controller.abort();
      await rejectsWith(pending, CancelledError);
      assert.equal(count(emulator, 'listJobs'), 1);
    });
  });

  describe('safe paths', () => {
    const BAD_IDS = ['..', '.', '/', '1/2', '?', '1?a=b', '#', '1#x', '', ' 1', '1e3', '-1', '0x10', '%2e%2e', '1\n2'];

    it('refuses every malformed ID before any request, including the project lookup', async () => {
      const api: ModelArtsApi = clientFor(emulator, 'aksk', { projectId: undefined }).client;
      const calls: [string, (bad: string) => Promise<unknown>][] = [
        ['listVersions(job)', bad => api.listVersions(bad)],
        ['getVersion(job)', bad => api.getVersion(bad, versionId)],
        ['getVersion(version)', bad => api.getVersion(jobId, bad)],
        ['deleteVersion(job)', bad => api.deleteVersion(bad, versionId)],
        ['deleteVersion(version)', bad => api.deleteVersion(jobId, bad)],
        ['deleteJob(job)', bad => api.deleteJob(bad)],
        ['stopVersion(job)', bad => api.stopVersion(bad, versionId)],
        ['stopVersion(version)', bad => api.stopVersion(jobId, bad)],
        ['listLogFiles(version)', bad => api.listLogFiles(jobId, bad)],
        ['getLogLines(version)', bad => api.getLogLines(jobId, bad, { logFile: 'x' })],
      ];
      for (const [name, call] of calls) {
        for (const bad of BAD_IDS) {
          const err = await rejectsWith(call(bad), InvalidIdError);
          assert.match(err.message, /Nothing was sent\./, `${name} with ${JSON.stringify(bad)}`);
        }
      }
      assert.equal(emulator.requests.length, 0);
    });

    it('accepts IDs given as numbers', async () => {
      const api = client as unknown as { getVersion(job: number, version: number): Promise<{ versionId: string }> };
      const details = await api.getVersion(Number(jobId), Number(versionId));
      assert.equal(details.versionId, versionId);
    });

    it('refuses invalid list options before any request', async () => {
      await assert.rejects(client.listJobs({ perPage: 0 }), /perPage must be a whole number from 1 to 1000/);
      await assert.rejects(client.listJobs({ page: 1.5 }), /page must be a whole number/);
      await assert.rejects(client.listJobs({ search: 'x'.repeat(65) }), /at most 64 characters/);
      await assert.rejects(client.listJobs({ sortBy: 'evil' as never }), /cannot sort by/);
      await assert.rejects(client.listVersions(jobId, { page: 0 }), /page must be a whole number from 1/);
      await assert.rejects(client.getLogLines(jobId, versionId, { logFile: '' }), /log file name is required/);
      assert.equal(emulator.requests.length, 0);
    });
  });

  describe('request log', () => {
    it('logs each attempt once with method, path, status and attempt, never the query', async () => {
      emulator.inject({ route: 'listJobs', kind: 'status', status: 502, times: 1 });
      await client.listJobs({ search: 'confidential project name' });
      assert.equal(log.length, 2);
      assert.deepEqual(log.map(e => [e.method, e.path, e.status, e.attempt, e.error]), [
        ['GET', listPath, 502, 1, 'ServerError (502 APIG.0201)'],
        ['GET', listPath, 200, 2, undefined],
      ]);
      for (const entry of log) {
        assert.deepEqual(Object.keys(entry).sort(), entry.error ? ['attempt', 'durationMs', 'error', 'method', 'path', 'status'] : ['attempt', 'durationMs', 'method', 'path', 'status']);
        assert.equal(typeof entry.durationMs, 'number');
        assert.ok(!JSON.stringify(entry).includes('confidential'));
      }
    });

    it('keeps working when the log callback throws', async () => {
      ({ client } = clientFor(emulator, 'aksk', { log: () => { throw new Error('logger broke'); } }));
      const page = await client.listJobs();
      assert.ok(page.jobs.length > 0);
    });
  });
});
