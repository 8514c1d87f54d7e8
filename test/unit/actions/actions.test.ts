/**
 * The safety rules of every change, without any dialog (plain Node, a real client against the
 * emulator, the real tracker; the tree's refreshes recorded): each change is claimed so a second one
 * sends nothing, refused when the connection changed since its target was read, sent exactly once,
 * released and its parent refreshed on failure, and followed to its end.
 */
import * as assert from 'node:assert/strict';
import { Actions } from '../../../src/actions/actions';
import { DeletionTracker } from '../../../src/actions/deletionTracker';
import { StopFollower } from '../../../src/actions/stopFollower';
import { readJob, readVersion } from '../../../src/actions/targets';
import { createClient, type ModelArtsApi } from '../../../src/client';
import type { TrainingJobVersion } from '../../../src/client/types';
import type { V2Job } from '../../../src/client/v2Types';
import type { Connection, TargetConnection } from '../../../src/model/connection';
import type { JobTarget, VersionTarget } from '../../../src/model/targets';
import { Logger } from '../../../src/util/logger';
import { startEmulator, type Emulator } from '../../fixtures/emulator';

const quietSink = { info: () => undefined, warn: () => undefined, error: () => undefined, show: () => undefined };

describe('actions', () => {
  let emulator: Emulator;
  let connection: TargetConnection;
  let current: Connection | undefined;
  let refreshed: string[];
  let tracker: DeletionTracker;
  let stops: StopFollower;
  /** Each version the tree was told to show, as `versionId:status`. */
  let shown: string[];
  let actions: Actions;

  const deletes = () => emulator.requests.filter(r => r.method === 'DELETE').map(r => r.path);
  const jobPath = (jobId: string) => `/v1/${emulator.projectId}/training-jobs/${jobId}`;

  async function versionTarget(jobId: string, versionId: string): Promise<VersionTarget> {
    const version = await readVersion(connection, jobId, versionId);
    assert.ok(version !== 'gone');
    return { jobId, jobName: version.jobName, version, connection };
  }

  async function jobTarget(jobId: string): Promise<JobTarget> {
    const job = await readJob(connection, jobId);
    assert.ok(job !== 'gone');
    return job;
  }

  beforeEach(async () => {
    emulator = await startEmulator({ deleteDelayMs: 30 });
    const client: ModelArtsApi = createClient({
      endpoint: emulator.url, iamEndpoint: emulator.url, region: emulator.region, projectId: emulator.projectId,
      credentials: { kind: 'aksk', accessKey: emulator.credentials.accessKey, secretKey: emulator.credentials.secretKey },
    });
    connection = { client, cloud: 'custom', region: emulator.region, fingerprint: 'A', id: 'a', projectId: emulator.projectId };
    current = connection;
    refreshed = [];
    shown = [];
    tracker = new DeletionTracker({ logger: new Logger(quietSink), delaysMs: [10, 20, 40, 80] });
    const tree = {
      refreshJob: (jobId: string) => refreshed.push(jobId),
      refresh: () => refreshed.push('*'),
      updateVersion: (version: TrainingJobVersion) => shown.push(`${version.versionId}:${version.status}`),
      updateV2Job: (job: V2Job) => shown.push(`${job.jobId}:${job.phase}`),
    };
    stops = new StopFollower({ logger: new Logger(quietSink), delaysMs: [10, 20, 40, 80], onProgress: tree.updateVersion, onV2Progress: tree.updateV2Job });
    actions = new Actions({ connection: { current: async () => current }, tracker, stops, tree, logger: new Logger(quietSink) });
    emulator.clearRequests();
  });

  afterEach(async () => {
    await tracker.whenIdle();
    await stops.whenIdle();
    tracker.dispose();
    stops.dispose();
    await emulator.close();
  });

  describe('deleteVersion', () => {
    it('sends exactly one DELETE for the confirmed pair and follows it until it is gone', async () => {
      const target = await versionTarget('182626', '278702');
      const outcome = await actions.deleteVersion(target);
      assert.equal(outcome.kind, 'accepted');
      assert.deepEqual(tracker.state('182626', '278702'), { phase: 'deleting' });
      assert.equal(outcome.kind === 'accepted' ? await outcome.followed : undefined, 'gone');
      assert.deepEqual(deletes(), [`${jobPath('182626')}/versions/278702`]);
      assert.equal(tracker.state('182626', '278702'), undefined);
      assert.deepEqual(refreshed, []);
    });

    it('a second deletion of the same pair while the first runs is busy and sends nothing', async () => {
      const target = await versionTarget('182626', '278702');
      const [first, second] = await Promise.all([actions.deleteVersion(target), actions.deleteVersion(target)]);
      assert.deepEqual([first.kind, second.kind].sort(), ['accepted', 'busy']);
      assert.equal(deletes().length, 1);
    });

    it('is refused, sending nothing and keeping no claim, when the connection changed since the target was read', async () => {
      const target = await versionTarget('182626', '278702');
      current = { ...connection, fingerprint: 'B', id: 'b' };
      const outcome = await actions.deleteVersion(target);
      assert.equal(outcome.kind, 'refused');
      assert.match(outcome.kind === 'refused' ? outcome.error.message : '', /changed after you confirmed .* Nothing was sent/);
      assert.deepEqual(deletes(), []);
      assert.equal(tracker.state('182626', '278702'), undefined);
    });

    it('is refused when no connection is current any more (signed out)', async () => {
      const target = await versionTarget('182626', '278702');
      current = undefined;
      assert.equal((await actions.deleteVersion(target)).kind, 'refused');
      assert.deepEqual(deletes(), []);
    });

    it('on a failure releases the claim and refreshes the job, never sending twice', async () => {
      const target = await versionTarget('182631', '278540');
      emulator.inject({ route: 'deleteVersion', kind: 'apiError', status: 400, errorCode: 'ModelArts.0107', message: 'invalid' });
      const outcome = await actions.deleteVersion(target);
      assert.equal(outcome.kind, 'failed');
      assert.equal(deletes().length, 1);
      assert.equal(tracker.state('182631', '278540'), undefined);
      assert.deepEqual(refreshed, ['182631']);
    });
  });

  describe('deleteJob', () => {
    it('sends exactly one DELETE of the job, and no version of it can be claimed meanwhile', async () => {
      const target = await jobTarget('182631');
      const outcome = await actions.deleteJob(target);
      assert.equal(outcome.kind, 'accepted');
      const version = await actions.deleteVersion(await versionTarget('182631', '278540'));
      assert.equal(version.kind, 'busy');
      assert.equal(outcome.kind === 'accepted' ? await outcome.followed : undefined, 'gone');
      assert.deepEqual(deletes(), [jobPath('182631')]);
    });

    it('on a failure refreshes the whole list', async () => {
      const target = await jobTarget('182631');
      emulator.inject({ route: 'deleteJob', kind: 'status', status: 503 });
      assert.equal((await actions.deleteJob(target)).kind, 'failed');
      assert.deepEqual(refreshed, ['*']);
      assert.equal(tracker.jobState('182631'), undefined);
    });
  });

  describe('deleteVersions', () => {
    it('claims every pair, leaves out those being deleted, sends each once with bounded concurrency, and follows them', async () => {
      const targets = [await versionTarget('182626', '278702'), await versionTarget('182626', '278615'), await versionTarget('182631', '278540')];
      assert.ok(tracker.claim('182631', '278540'), 'one is being deleted already');
      const outcome = await actions.deleteVersions(targets, connection, { concurrency: 2 });
      assert.equal(outcome.refused, undefined);
      assert.deepEqual(outcome.claimed.map(t => t.version.versionId), ['278702', '278615']);
      assert.deepEqual(deletes().sort(), [`${jobPath('182626')}/versions/278615`, `${jobPath('182626')}/versions/278702`]);
      assert.deepEqual((await outcome.followed).map(f => f.outcome), ['gone', 'gone']);
      tracker.release('182631', '278540');
    });

    it('sends nothing when the connection changed, and keeps no claim', async () => {
      const targets = [await versionTarget('182626', '278702')];
      current = { ...connection, fingerprint: 'B', id: 'b' };
      const outcome = await actions.deleteVersions(targets, connection, { concurrency: 2 });
      assert.ok(outcome.refused);
      assert.deepEqual(deletes(), []);
      assert.equal(tracker.state('182626', '278702'), undefined);
    });

    it('reports failures (their jobs refreshed) and pairs cancelled before they were sent', async () => {
      const targets = [await versionTarget('182626', '278702'), await versionTarget('182631', '278540'), await versionTarget('182626', '278615')];
      emulator.inject({ route: 'deleteVersion', kind: 'apiError', status: 400, errorCode: 'ModelArts.0107', times: 1 });
      const abort = new AbortController();
      const outcome = await actions.deleteVersions(targets, connection, { concurrency: 1, signal: abort.signal, onResult: () => abort.abort() });
      assert.equal(outcome.failed.length, 1);
      assert.equal(outcome.cancelled.length, 2);
      assert.deepEqual(refreshed, ['182626']);
      assert.equal(deletes().length, 1);
      assert.ok(targets.every(t => tracker.state(t.jobId, t.version.versionId) === undefined), 'no claim left behind');
    });
  });

  describe('stop', () => {
    it('sends one stop, shows the version stopping at once, and follows it until it has stopped', async () => {
      const target = await versionTarget('182626', '278813');
      const outcome = await actions.stop(target);
      assert.equal(outcome.kind, 'accepted');
      assert.equal(emulator.requests.filter(r => r.route === 'stopVersion').length, 1);
      assert.deepEqual(shown, ['278813:9'], '"Stopping" as soon as ModelArts accepted the stop');
      const ended = outcome.kind === 'accepted' ? await outcome.followed : undefined;
      assert.equal(ended?.kind, 'stopped');
      assert.equal(ended?.kind === 'stopped' ? ended.version.status : undefined, 12);
      assert.equal(shown.at(-1), '278813:12', 'the row shows what ModelArts then reports');
      assert.ok(emulator.requests.filter(r => r.route === 'getVersion').length >= 1);
      assert.deepEqual(refreshed, [], 'nothing reloaded: the version read is shown');
    });

    it('a stop that ModelArts refuses is a failure, and the job is refreshed (it may have acted)', async () => {
      const target = await versionTarget('182626', '278813');
      emulator.inject({ route: 'stopVersion', kind: 'apiError', status: 400, errorCode: 'ModelArts.0104', message: 'not running', times: 1 });
      const outcome = await actions.stop(target);
      assert.equal(outcome.kind, 'failed');
      assert.deepEqual(refreshed, ['182626']);
      assert.deepEqual(shown, []);
    });

    it('ends as cancelled, not as stopped, when the client is closed (sign-out, another connection)', async () => {
      const target = await versionTarget('182626', '278813');
      emulator.inject({ route: 'getVersion', kind: 'status', status: 503 });
      const outcome = await actions.stop(target);
      assert.equal(outcome.kind, 'accepted');
      connection.client.close();
      assert.deepEqual(outcome.kind === 'accepted' ? await outcome.followed : undefined, { kind: 'cancelled' });
    });

    it('is refused when the connection changed: nothing is sent', async () => {
      const target = await versionTarget('182626', '278813');
      current = { ...connection, fingerprint: 'B', id: 'b' };
      assert.equal((await actions.stop(target)).kind, 'refused');
      assert.equal(emulator.requests.filter(r => r.route === 'stopVersion').length, 0);
      assert.deepEqual(shown, []);
    });
  });
});
