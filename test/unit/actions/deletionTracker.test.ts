/** DeletionTracker in plain Node, polling the emulator with a real client. */
import * as assert from 'node:assert/strict';
import { DeletionTracker, type DeletionChange } from '../../../src/actions/deletionTracker';
import { createClient, isGone, NotFoundError, type ModelArtsApi } from '../../../src/client';
import { Logger } from '../../../src/util/logger';
import { startEmulator, type Emulator } from '../../fixtures/emulator';

describe('DeletionTracker', () => {
  let emulator: Emulator;
  let client: ModelArtsApi;
  let tracker: DeletionTracker;
  let changes: DeletionChange[];
  let logged: string[];

  async function start(deleteDelayMs: number, delaysMs: readonly number[]): Promise<void> {
    emulator = await startEmulator({ deleteDelayMs });
    client = createClient({
      endpoint: emulator.url, iamEndpoint: emulator.url, region: emulator.region, projectId: emulator.projectId,
      credentials: { kind: 'aksk', accessKey: emulator.credentials.accessKey, secretKey: emulator.credentials.secretKey },
    });
    logged = [];
    const sink = { info: (l: string) => logged.push(l), warn: (l: string) => logged.push(l), error: (l: string) => logged.push(l), show: () => undefined };
    tracker = new DeletionTracker({ logger: new Logger(sink), delaysMs });
    changes = [];
    tracker.onDidChange(change => changes.push(change));
  }

  afterEach(async () => {
    await tracker.whenIdle();
    tracker.dispose();
    await emulator.close();
  });

  it('claims a pair once; a job being deleted blocks claims of its versions; release drops only a claim not yet accepted', async () => {
    await start(0, [5]);
    assert.equal(tracker.claim('1', '2'), true);
    assert.equal(tracker.claim('1', '2'), false);
    assert.deepEqual(tracker.state('1', '2'), { phase: 'sending' });
    tracker.release('1', '2');
    assert.equal(tracker.state('1', '2'), undefined);
    assert.equal(tracker.claimJob('1'), true);
    assert.equal(tracker.claim('1', '3'), false, 'a version of a job being deleted');
    assert.equal(tracker.isBusy('1', '3'), true);
    tracker.release('1');
    assert.equal(tracker.isJobBusy('1'), false);
    assert.deepEqual(changes.map(c => [c.jobId, c.versionId]), [['1', '2'], ['1', '2'], ['1', undefined], ['1', undefined]]);
  });

  it('follows an accepted version deletion until the version is absent from its job\'s list', async () => {
    await start(40, [10, 20, 40, 80, 160]);
    await client.deleteVersion('182626', '278702');
    assert.equal(await tracker.track(client, '182626', '278702'), 'gone');
    assert.equal(tracker.state('182626', '278702'), undefined);
    const last = changes.at(-1);
    assert.deepEqual({ outcome: last?.outcome, versionCount: last?.versionCount }, { outcome: 'gone', versionCount: 4 });
  });

  it('ends in DELETE_FAILED with the service\'s reason', async () => {
    await start(20, [10, 20, 40, 80]);
    emulator.failNextDelete('182715', '278481', 'access denied to the output bucket');
    await client.deleteVersion('182715', '278481');
    assert.equal(await tracker.track(client, '182715', '278481'), 'failed');
    assert.deepEqual(tracker.state('182715', '278481'), { phase: 'failed', reason: 'access denied to the output bucket' });
  });

  it('stays unconfirmed when the polls run out, and a refresh forgets that', async () => {
    await start(60_000, [5, 5]);
    await client.deleteVersion('182626', '278702');
    assert.equal(await tracker.track(client, '182626', '278702'), 'timeout');
    assert.deepEqual(tracker.state('182626', '278702'), { phase: 'unconfirmed' });
    tracker.forgetSettled('182626');
    assert.equal(tracker.state('182626', '278702'), undefined);
  });

  it('does not take a gateway 404 (no such API) for "gone"', async () => {
    await start(0, [5, 5, 5]);
    emulator.inject({ route: 'listVersions', kind: 'status', status: 404, errorCode: 'APIG.0101' });
    assert.equal(await tracker.track(client, '182626'), 'timeout');
    assert.ok(logged.some(line => line.startsWith('Checking the deletion of job 182626 failed')));
  });

  it('follows a job until ModelArts says it is gone', async () => {
    await start(30, [10, 20, 40, 80]);
    await client.deleteJob('182631');
    assert.equal(await tracker.track(client, '182631'), 'gone');
    assert.equal(changes.at(-1)?.jobGone, true);
  });

  it('stops at once, sending nothing more, when the client is closed (sign-out, changed connection)', async () => {
    await start(60_000, [20, 20, 20, 20, 20, 20]);
    await client.deleteVersion('182626', '278702');
    const following = tracker.track(client, '182626', '278702');
    await new Promise(resolve => setTimeout(resolve, 30));
    client.close();
    const closedAt = Date.now();
    assert.equal(await following, 'cancelled');
    assert.equal(tracker.state('182626', '278702'), undefined);
    assert.deepEqual(emulator.requests.filter(r => r.at > closedAt), []);
  });

  it('isGone is ModelArts\'s own "not found" (v1 and v2 codes) only', () => {
    assert.equal(isGone(new NotFoundError('x', { status: 404, errorCode: 'ModelArts.0015' })), true);
    assert.equal(isGone(new NotFoundError('x', { status: 400, errorCode: 'ModelArts.2775' })), true);
    assert.equal(isGone(new NotFoundError('x', { status: 404, errorCode: 'APIG.0101' })), false);
    assert.equal(isGone(new NotFoundError('x', { status: 404 })), false);
    assert.equal(isGone(new Error('x')), false);
  });
});
