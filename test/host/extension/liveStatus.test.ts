/**
 * Live status against the emulator, on a fake clock: while the view is visible and the window focused,
 * each job with a running or queued row is read again (its versions, one request; a v2 job, one GET)
 * on its back-off and its rows redraw; hidden or unfocused, nothing is sent unless watched; a watched
 * version is read once a minute while hidden and one notification tells how it ended.
 */
import * as assert from 'node:assert/strict';
import * as sinon from 'sinon';
import * as vscode from 'vscode';
import { COMMANDS } from '../../../src/constants';
import { GroupNode, V2JobNode } from '../../../src/tree/nodes';
import { V2_DEMO_IDS } from '../../fixtures/emulator';
import { FakeClock } from '../../fixtures/fakeClock';
import { jobNode, startHarness, stubMessages, versionNode, type Harness, type WarningStub } from './harness';

/** Jobs of the demo project whose latest version is queued, initialising or running. */
const LIVE_JOBS = ['182626', '182644', '182702', '182748', '182789'];

describe('Live status', () => {
  const sandbox = sinon.createSandbox();
  let h: Harness;
  let clock: FakeClock;
  let warning: WarningStub;
  let info: sinon.SinonStub;

  async function start(v2 = false): Promise<void> {
    clock = new FakeClock(Date.now());
    h = await startHarness({ liveClock: clock, emulator: { v2 } });
    clock.settle = () => h.live.settled();
    ({ warning, info } = stubMessages(sandbox));
    warning.resolves(undefined);
  }

  const reads = () => h.emulator.requests.filter(r => r.method === 'GET');
  const versionReads = () => reads().filter(r => r.route === 'listVersions').map(r => r.path.split('/').at(-2)).sort();

  afterEach(async () => {
    sandbox.restore();
    await h?.dispose();
  });

  it('while visible: reads each live job\'s versions on its back-off and redraws the row that changed; nothing else', async () => {
    await start();
    await h.tree.jobs();
    const version = await versionNode(h, '182748', '278834');
    assert.match(String(h.tree.getTreeItem(version).description), /^Initializing/);
    h.live.setVisible(true);
    h.emulator.clearRequests();
    await clock.tick(5_000);
    assert.deepEqual(versionReads(), LIVE_JOBS, 'one versions read per job with a live row');
    assert.equal(reads().length, LIVE_JOBS.length, 'no job list, nothing else');
    h.emulator.setVersionStatus('182748', '278834', 8);
    h.emulator.clearRequests();
    await clock.tick(10_000);
    assert.equal(reads().length, LIVE_JOBS.length, 'the next reads 10 s later (back-off)');
    assert.match(String(h.tree.getTreeItem(await versionNode(h, '182748', '278834')).description), /^Running/);
    const job = await jobNode(h, '182748');
    assert.match(String(h.tree.getTreeItem(job).description), /^Running/, `the job row shows its latest version: ${JSON.stringify(job.job)}`);
  });

  it('sends nothing while the view is hidden or the window unfocused', async () => {
    await start();
    await h.tree.jobs();
    h.emulator.clearRequests();
    await clock.tick(10 * 60_000);
    assert.equal(h.emulator.requests.length, 0, 'hidden');
    h.live.setVisible(true);
    h.live.setFocused(false);
    await clock.tick(10 * 60_000);
    assert.equal(h.emulator.requests.length, 0, 'unfocused');
  });

  it('Watch: an eye on the row, read once a minute while hidden, one notification with the reason when it fails', async () => {
    await start();
    const node = await versionNode(h, '182748', '278834');
    await h.handlers[COMMANDS.watch](node);
    const item = h.tree.getTreeItem(node);
    assert.equal((item.iconPath as vscode.ThemeIcon).id, 'eye');
    assert.match(String(item.contextValue), /(^|;)watched(;|$)/);
    h.emulator.clearRequests();
    await clock.tick(3 * 60_000);
    assert.equal(reads().filter(r => r.route === 'getVersion').length, 3, 'once a minute while hidden');
    assert.equal(reads().length, 3, 'only the watched version');
    h.emulator.setVersionStatus('182748', '278834', 11);
    await clock.tick(60_000);
    sinon.assert.calledOnceWithMatch(warning, sinon.match(/Version "V0002" \(ID 278834\) of training job "wav2vec2-asr-librispeech" \(ID 182748\) has ended: Failed/));
    assert.deepEqual(warning.firstCall.args.slice(1), ['Show Training Log']);
    assert.notEqual((h.tree.getTreeItem(node).iconPath as vscode.ThemeIcon).id, 'eye', 'no longer watched');
    h.emulator.clearRequests();
    await clock.tick(10 * 60_000);
    assert.equal(h.emulator.requests.length, 0);
  });

  it('Watch on a running job watches its latest version: the job row shows the eye too', async () => {
    await start();
    const job = await jobNode(h, '182748');
    await h.handlers[COMMANDS.watch](job);
    assert.ok(h.live.isWatched('v1version/182748/278834'));
    assert.equal((h.tree.getTreeItem(job).iconPath as vscode.ThemeIcon).id, 'eye');
    assert.equal((h.tree.getTreeItem(await versionNode(h, '182748', '278834')).iconPath as vscode.ThemeIcon).id, 'eye');
    await h.handlers[COMMANDS.unwatch](job);
    assert.equal(h.live.isWatched('v1version/182748/278834'), false);
  });

  it('a watched version deleted meanwhile: told once that it no longer exists, then no more reads', async () => {
    await start();
    await h.handlers[COMMANDS.watch](await versionNode(h, '182748', '278834'));
    await (await h.connection.current())?.client.deleteVersion('182748', '278834');
    await clock.tick(60_000);
    sinon.assert.calledOnceWithMatch(warning, sinon.match(/Version "V0002" \(ID 278834\) of training job "wav2vec2-asr-librispeech" \(ID 182748\) no longer exists: no longer watched\./));
    assert.equal(h.live.isWatched('v1version/182748/278834'), false);
    h.emulator.clearRequests();
    await clock.tick(10 * 60_000);
    assert.equal(h.emulator.requests.length, 0);
  });

  it('a finished version cannot be watched; Unwatch stops the reads', async () => {
    await start();
    const done = await versionNode(h, '182626', '278533');
    assert.doesNotMatch(String(h.tree.getTreeItem(done).contextValue), /watchable/);
    const running = await versionNode(h, '182626', '278813');
    assert.match(String(h.tree.getTreeItem(running).contextValue), /(^|;)watchable(;|$)/);
    await h.handlers[COMMANDS.watch](running);
    await h.handlers[COMMANDS.unwatch](running);
    h.emulator.clearRequests();
    await clock.tick(10 * 60_000);
    assert.equal(h.emulator.requests.length, 0);
    sinon.assert.notCalled(info);
  });

  it('a new-version job: read with one GET while visible; its end is told when watched', async () => {
    await start(true);
    const top = await h.tree.getChildren();
    const rows = await h.tree.getChildren(top.find((n): n is GroupNode => n instanceof GroupNode && n.scope === 'v2'));
    const pending = rows.find((n): n is V2JobNode => n instanceof V2JobNode && n.job.jobId === V2_DEMO_IDS.pending);
    assert.ok(pending);
    await h.handlers[COMMANDS.watch](pending);
    h.live.setVisible(true);
    h.emulator.setV2Phase(V2_DEMO_IDS.pending, 'Failed');
    h.emulator.clearRequests();
    await clock.tick(5_000);
    assert.ok(h.emulator.requests.some(r => r.method === 'GET' && r.path.endsWith(`/training-jobs/${V2_DEMO_IDS.pending}`)));
    sinon.assert.calledWithMatch(warning, sinon.match(/has ended: Failed\. Reason: worker-0 exited with code 1/));
  });
});
