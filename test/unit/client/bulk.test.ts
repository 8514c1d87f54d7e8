import * as assert from 'node:assert/strict';
import { createClient, CancelledError, ModelArtsApi, NotFoundError, ThrottledError } from '../../../src/client';
import { deleteVersions, VersionRef } from '../../../src/client/bulk';
import { Emulator, startEmulator } from '../../fixtures/emulator';

const VERSION_PATH = /\/training-jobs\/(\d+)\/versions\/(\d+)$/;

function clientFor(emulator: Emulator): ModelArtsApi {
  return createClient({
    endpoint: emulator.url,
    iamEndpoint: emulator.url,
    region: emulator.region,
    projectId: emulator.projectId,
    credentials: { kind: 'aksk', accessKey: emulator.credentials.accessKey, secretKey: emulator.credentials.secretKey },
  });
}

/** Every version of the emulator's data set, oldest job first. */
function allVersions(emulator: Emulator): VersionRef[] {
  return emulator.jobs().flatMap(job => job.versions.map(v => ({ jobId: job.jobId, versionId: v.versionId })));
}

/** The DELETE requests the emulator received, as `job/version` keys with their status. */
function deletesSeen(emulator: Emulator): { key: string; status: number }[] {
  return emulator.requests
    .filter(r => r.method === 'DELETE')
    .map(r => {
      const match = VERSION_PATH.exec(r.path);
      assert.ok(match, `unexpected DELETE path ${r.path}`);
      return { key: `${match[1]}/${match[2]}`, status: r.status };
    });
}

const key = (ref: VersionRef): string => `${ref.jobId}/${ref.versionId}`;

/** A `delay` that records what it was asked to wait and returns at once. */
function recordingDelay(): { waits: number[]; delay: (ms: number) => Promise<void> } {
  const waits: number[] = [];
  return { waits, delay: async (ms: number) => { waits.push(ms); } };
}

describe('deleteVersions', () => {
  let emulator: Emulator;
  let api: ModelArtsApi;

  beforeEach(async () => {
    emulator = await startEmulator({ scale: { jobs: 4, versionsPerJob: 5 } });
    api = clientFor(emulator);
  });

  afterEach(async () => {
    await emulator.close();
  });

  it('deletes exactly the given pairs, once each, and leaves every other version alone', async () => {
    const before = allVersions(emulator);
    const chosen = before.filter((_, i) => i % 2 === 0);
    emulator.clearRequests();

    const results = await deleteVersions(api, chosen, { concurrency: 3 });

    assert.deepEqual(results.map(r => [key(r), r.ok, r.attempts]), chosen.map(c => [key(c), true, 1]));
    const seen = deletesSeen(emulator);
    assert.deepEqual(seen.map(s => s.key).sort(), chosen.map(key).sort());
    assert.ok(seen.every(s => s.status === 200));
    const remaining = new Set(allVersions(emulator).map(key));
    for (const ref of before) {
      assert.equal(remaining.has(key(ref)), !chosen.some(c => key(c) === key(ref)), `version ${key(ref)}`);
    }
  });

  it('sends a pair listed twice once, and gives both entries its result', async () => {
    const [a, b] = allVersions(emulator);
    emulator.clearRequests();

    const results = await deleteVersions(api, [a, b, { ...a }], { concurrency: 2 });

    assert.deepEqual(deletesSeen(emulator).map(s => s.key).sort(), [key(a), key(b)].sort());
    assert.equal(results.length, 3);
    assert.deepEqual(results[2], results[0]);
    assert.ok(results.every(r => r.ok));
  });

  it('keeps at most `concurrency` requests in flight, and uses all of them', async () => {
    await emulator.close();
    emulator = await startEmulator({ scale: { jobs: 3, versionsPerJob: 4 }, latencyMs: 15 });
    const real = clientFor(emulator);
    let inFlight = 0;
    let maxInFlight = 0;
    const counting: Pick<ModelArtsApi, 'deleteVersion'> = {
      deleteVersion: async (jobId, versionId, options) => {
        inFlight++;
        maxInFlight = Math.max(maxInFlight, inFlight);
        try {
          await real.deleteVersion(jobId, versionId, options);
        } finally {
          inFlight--;
        }
      },
    };

    const results = await deleteVersions(counting, allVersions(emulator), { concurrency: 3 });

    assert.equal(results.length, 12);
    assert.ok(results.every(r => r.ok));
    assert.equal(maxInFlight, 3);
  });

  it('honours Retry-After of a 429, then sends that pair again and deletes it once', async () => {
    const [a, b, c] = allVersions(emulator);
    emulator.clearRequests();
    emulator.inject({ route: 'deleteVersion', kind: 'status', status: 429, retryAfterSeconds: 2, times: 1 });
    const waits: number[] = [];
    let pausing = false;
    let sentWhilePausing = 0;
    const delay = (ms: number) => {
      waits.push(ms);
      pausing = true;
      return new Promise<void>(resolve => setTimeout(() => {
        pausing = false;
        resolve();
      }, 10));
    };
    const watching: Pick<ModelArtsApi, 'deleteVersion'> = {
      deleteVersion: (jobId, versionId, options) => {
        sentWhilePausing += pausing ? 1 : 0;
        return api.deleteVersion(jobId, versionId, options);
      },
    };

    const results = await deleteVersions(watching, [a, b, c], { concurrency: 1, delay });

    assert.deepEqual(waits, [2000]);
    assert.equal(sentWhilePausing, 0);
    assert.deepEqual(deletesSeen(emulator), [
      { key: key(a), status: 429 },
      { key: key(a), status: 200 },
      { key: key(b), status: 200 },
      { key: key(c), status: 200 },
    ]);
    assert.deepEqual(results.map(r => [r.ok, r.attempts, r.throttled]), [[true, 2, 1], [true, 1, 0], [true, 1, 0]]);
  });

  it('sends nothing from any worker while a 429 pause lasts', async () => {
    emulator.inject({ route: 'deleteVersion', kind: 'status', status: 429, retryAfterSeconds: 1, times: 1 });
    let calls = 0;
    const counting: Pick<ModelArtsApi, 'deleteVersion'> = {
      deleteVersion: (jobId, versionId, options) => {
        calls++;
        return api.deleteVersion(jobId, versionId, options);
      },
    };
    const pauses: { callsAtPause: number; callsAtResume: number }[] = [];
    const delay = async (): Promise<void> => {
      const callsAtPause = calls;
      // Long enough for the other workers to finish what they had sent and try to send more.
      await new Promise(resolve => setTimeout(resolve, 50));
      pauses.push({ callsAtPause, callsAtResume: calls });
    };

    const results = await deleteVersions(counting, allVersions(emulator), { concurrency: 3, delay });

    assert.equal(pauses.length, 1);
    assert.equal(pauses[0].callsAtResume, pauses[0].callsAtPause);
    assert.ok(results.every(r => r.ok));
    const ok = deletesSeen(emulator).filter(s => s.status === 200).map(s => s.key);
    assert.equal(new Set(ok).size, ok.length, 'no pair deleted twice');
    assert.equal(ok.length, 20);
  });

  it('waits longer on each 429 without Retry-After, and gives up after maxThrottleRetries', async () => {
    const [a] = allVersions(emulator);
    emulator.inject({ route: 'deleteVersion', kind: 'status', status: 429 });
    const { waits, delay } = recordingDelay();

    const [result] = await deleteVersions(api, [a], { concurrency: 1, maxThrottleRetries: 2, defaultRetryAfterMs: 100, delay });

    assert.equal(result.ok, false);
    assert.ok(result.error instanceof ThrottledError);
    assert.equal(result.attempts, 3);
    assert.equal(result.throttled, 3);
    assert.deepEqual(waits, [100, 200]);
  });

  it('never sends before a Retry-After longer than maxRetryAfterMs: that pair and every unsent one end throttled', async () => {
    const pairs = allVersions(emulator).slice(0, 4);
    emulator.clearRequests();
    emulator.inject({ route: 'deleteVersion', kind: 'status', status: 429, retryAfterSeconds: 3600 });
    const { waits, delay } = recordingDelay();

    const results = await deleteVersions(api, pairs, { concurrency: 1, maxRetryAfterMs: 60_000, delay });

    assert.deepEqual(waits, [], 'an hour is not waited out');
    assert.equal(deletesSeen(emulator).length, 1, 'nothing sent after the 429');
    assert.ok(results.every(r => !r.ok && r.error instanceof ThrottledError));
    assert.deepEqual(results.map(r => r.attempts), [1, 0, 0, 0]);
    assert.match(String((results[0].error as ThrottledError).message), /Wait 3600 s and try again/);
  });

  it('stops once the waits would add up to more than maxTotalWaitMs, sending nothing more', async () => {
    const pairs = allVersions(emulator).slice(0, 3);
    emulator.clearRequests();
    emulator.inject({ route: 'deleteVersion', kind: 'status', status: 429, retryAfterSeconds: 2 });
    const { waits, delay } = recordingDelay();

    const results = await deleteVersions(api, pairs, { concurrency: 1, maxTotalWaitMs: 5_000, maxThrottleRetries: 10, delay });

    assert.deepEqual(waits, [2000, 2000], 'two waits fit in 5 s, the third would not');
    assert.equal(deletesSeen(emulator).length, 3);
    assert.ok(results.every(r => !r.ok && r.error instanceof ThrottledError));
  });

  it('reports a failed pair and still deletes the others', async () => {
    const [a, b] = allVersions(emulator);
    const missing = { jobId: a.jobId, versionId: '987654321' };
    const results = await deleteVersions(api, [a, missing, b], { concurrency: 2 });

    assert.deepEqual(results.map(r => r.ok), [true, false, true]);
    assert.ok(results[1].error instanceof NotFoundError);
    assert.equal(results[1].attempts, 1);
  });

  it('on abort, sends nothing more and reports the unsent pairs as cancelled', async () => {
    const pairs = allVersions(emulator).slice(0, 4);
    emulator.clearRequests();
    const controller = new AbortController();

    const results = await deleteVersions(api, pairs, {
      concurrency: 1,
      signal: controller.signal,
      onResult: () => controller.abort(),
    });

    assert.deepEqual(deletesSeen(emulator).map(s => s.key), [key(pairs[0])]);
    assert.equal(results[0].ok, true);
    for (const r of results.slice(1)) {
      assert.equal(r.ok, false);
      assert.ok(r.error instanceof CancelledError);
      assert.equal(r.attempts, 0);
    }
  });

  it('refuses a concurrency below 1 before sending anything', async () => {
    const pairs = allVersions(emulator).slice(0, 1);
    emulator.clearRequests();
    await assert.rejects(deleteVersions(api, pairs, { concurrency: 0 }), RangeError);
    assert.equal(emulator.requests.length, 0);
  });
});
