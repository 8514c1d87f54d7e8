import * as assert from 'node:assert/strict';
import * as sinon from 'sinon';
import * as vscode from 'vscode';
import { COMMANDS } from '../../../src/constants';
import type { TestApi } from '../../../src/extension';
import { ACTIVE_STATUSES, type FaultSpec } from '../../fixtures/emulator';
import { connectTo, deletesReceived, secretsIn, startCanaryEmulator, testApi, waitFor } from './helpers';

type CanaryEmulator = Awaited<ReturnType<typeof startCanaryEmulator>>;

interface Target {
  readonly jobId: string;
  readonly jobName: string;
  readonly versionId: string;
  readonly versionName: string;
}

/**
 * How long the emulator keeps a deleted version listed after accepting its DELETE, so that it leaves
 * the tree only after the extension has polled for it at least once. "Deleting…" is observed through
 * tree-change events (see `watchDescriptions`), so no timing decides whether it is seen.
 */
const DELETE_DELAY_MS = 1500;

describe('Delete Version against the emulator', () => {
  let api: TestApi;
  let emulator: CanaryEmulator;
  let sandbox: sinon.SinonSandbox;
  let confirm: sinon.SinonStub;
  let errors: sinon.SinonStub;
  const used = new Set<string>();

  before(async () => {
    api = await testApi();
    emulator = await startCanaryEmulator({ deleteDelayMs: DELETE_DELAY_MS });
    await connectTo(api, emulator);
  });

  beforeEach(() => {
    sandbox = sinon.createSandbox();
    confirm = sandbox.stub(vscode.window, 'showWarningMessage').resolves(undefined);
    errors = sandbox.stub(vscode.window, 'showErrorMessage').resolves(undefined);
    sandbox.stub(vscode.window, 'showInformationMessage').resolves(undefined);
    emulator.clearRequests();
  });

  afterEach(() => {
    sandbox.restore();
    emulator.clearFaults();
  });

  after(async () => {
    await emulator.stop();
  });

  /** The modal confirmation answers with its Delete button. */
  function confirmDelete(): void {
    confirm.callsFake(async (_message: string, options?: vscode.MessageOptions, ...items: string[]) =>
      (options?.modal && items.includes('Delete') ? 'Delete' : undefined));
  }

  /** A finished version (deletable without stopping) of a job with other versions, not used by another test. */
  function pickTarget(): Target {
    for (const job of emulator.jobs()) {
      if (job.versions.length < 2) {
        continue;
      }
      for (const version of job.versions) {
        const key = `${job.jobId}/${version.versionId}`;
        if (!ACTIVE_STATUSES.has(version.status) && !version.pendingDeletion && !used.has(key)) {
          used.add(key);
          return { jobId: job.jobId, jobName: job.jobName, versionId: version.versionId, versionName: version.versionName };
        }
      }
    }
    throw new Error('The demo data has no finished version left to delete.');
  }

  async function versionNode(target: Target) {
    const node = (await api.getVersionNodes(target.jobId)).find(n => n.version.versionId === target.versionId);
    assert.ok(node, `version ${target.versionId} of job ${target.jobId} is not in the tree`);
    return node;
  }

  const stillInEmulator = (target: Target) =>
    emulator.jobs().find(j => j.jobId === target.jobId)?.versions.find(v => v.versionId === target.versionId);

  /**
   * Records, at each change of the tree from now on, the target's description and deletion phase as
   * the view would render them then; attach it before the command runs. `stop()` ends the recording.
   */
  function watchDescriptions(node: Awaited<ReturnType<typeof versionNode>>) {
    const seen: { description: string; phase: string | undefined }[] = [];
    const listener = api.treeProvider.onDidChangeTreeData(() => seen.push({
      description: String(api.treeProvider.getTreeItem(node).description),
      phase: api.deletions.state(node.version.jobId, node.version.versionId)?.phase,
    }));
    return { seen, stop: () => listener.dispose() };
  }

  /** After the command: one DELETE; the node showed "Deleting…" once ModelArts had accepted it; then it went. */
  async function assertDeletedOnceThenGone(target: Target, watch: ReturnType<typeof watchDescriptions>): Promise<void> {
    assert.deepEqual(deletesReceived(emulator), [`${target.jobId}/${target.versionId}`]);
    await waitFor('the deleted version has left the tree',
      async () => !(await api.getVersionNodes(target.jobId)).some(n => n.version.versionId === target.versionId));
    assert.equal(stillInEmulator(target), undefined);
    assert.deepEqual(deletesReceived(emulator), [`${target.jobId}/${target.versionId}`], 'the DELETE was repeated');
    watch.stop();
    assert.ok(watch.seen.some(seen => seen.description === 'Deleting…' && seen.phase === 'deleting'),
      `the node never showed "Deleting…" while the deletion was being confirmed: ${JSON.stringify(watch.seen)}`);
    sinon.assert.notCalled(errors);
  }

  it('from the context menu: confirmed, sends exactly one DELETE for that pair; the node shows "Deleting…" and goes', async () => {
    const target = pickTarget();
    const node = await versionNode(target);
    confirmDelete();
    const watch = watchDescriptions(node);
    await vscode.commands.executeCommand(COMMANDS.deleteVersion, node);
    sinon.assert.calledOnce(confirm);
    const [message, options] = confirm.firstCall.args as [string, vscode.MessageOptions];
    assert.equal(options.modal, true);
    const text = `${message}\n${options.detail ?? ''}`;
    for (const part of [target.versionName, target.versionId, target.jobName, target.jobId, 'cannot be undone']) {
      assert.ok(text.includes(part), `the confirmation does not name ${part}: ${text}`);
    }
    await assertDeletedOnceThenGone(target, watch);
  });

  it('from the palette with { jobId, versionId }: the same single DELETE', async () => {
    const target = pickTarget();
    const watch = watchDescriptions(await versionNode(target));
    confirmDelete();
    await vscode.commands.executeCommand(COMMANDS.deleteVersionFromPalette, { jobId: target.jobId, versionId: target.versionId });
    sinon.assert.calledOnce(confirm);
    await assertDeletedOnceThenGone(target, watch);
  });

  it('Cancel in the confirmation sends nothing and leaves the version as it was', async () => {
    const target = pickTarget();
    const node = await versionNode(target);
    await vscode.commands.executeCommand(COMMANDS.deleteVersion, node);
    sinon.assert.calledOnce(confirm);
    assert.deepEqual(deletesReceived(emulator), []);
    assert.ok(stillInEmulator(target));
    assert.notEqual(api.treeProvider.getTreeItem(await versionNode(target)).description, 'Deleting…');
    sinon.assert.notCalled(errors);
  });

  it('a deletion that ends in DELETE_FAILED shows the failure on the node', async () => {
    const target = pickTarget();
    const node = await versionNode(target);
    emulator.failNextDelete(target.jobId, target.versionId, 'The OBS output folder is locked');
    confirmDelete();
    await vscode.commands.executeCommand(COMMANDS.deleteVersion, node);
    assert.deepEqual(deletesReceived(emulator), [`${target.jobId}/${target.versionId}`]);
    await waitFor('the node shows the failed deletion', async () =>
      String(api.treeProvider.getTreeItem(await versionNode(target)).description).startsWith('Delete failed'));
    assert.equal(stillInEmulator(target)?.status, 6);
  });

  /**
   * `serverActed`: the emulator deletes, then cuts the answer short (the request reached the service
   * but the reply was lost), so the tree must come to show the version gone, not "nothing deleted".
   */
  const failures: { name: string; fault: Omit<FaultSpec, 'route'>; says: RegExp; serverActed?: boolean }[] = [
    { name: '401 (credentials refused)', fault: { kind: 'status', status: 401 }, says: /401|credential|authenticat/i },
    { name: '403 (no permission)', fault: { kind: 'status', status: 403 }, says: /403|permission|not allowed|forbidden/i },
    { name: '429 (throttled)', fault: { kind: 'status', status: 429, retryAfterSeconds: 1 }, says: /429|too many|throttl/i },
    { name: '500 with an HTML page', fault: { kind: 'html', status: 500 }, says: /500|server/i },
    { name: 'a connection reset', fault: { kind: 'reset' }, says: /reset|network|connection|socket/i },
    { name: 'truncated JSON', fault: { kind: 'truncated' }, says: /JSON|response|invalid|truncat|unexpected/i, serverActed: true },
    {
      name: 'is_success: false',
      fault: { kind: 'apiError', errorCode: 'ModelArts.2763', message: 'The training job version is locked' },
      says: /ModelArts\.2763.*locked|locked.*ModelArts\.2763/i,
    },
  ];

  for (const failure of failures) {
    const outcome = failure.serverActed ? 'the tree then shows the deletion the service made' : 'nothing deleted';
    it(`${failure.name}: a clear message, exactly one DELETE, ${outcome}, and the tree recovers`, async () => {
      const target = pickTarget();
      const node = await versionNode(target);
      emulator.inject({ route: 'deleteVersion', ...failure.fault });
      confirmDelete();
      await vscode.commands.executeCommand(COMMANDS.deleteVersion, node);

      assert.deepEqual(deletesReceived(emulator), [`${target.jobId}/${target.versionId}`], 'a failed DELETE must not be repeated');
      sinon.assert.calledOnce(errors);
      const message = String(errors.firstCall.args[0]);
      assert.match(message, failure.says);
      assert.ok(message.includes('DELETE') && message.includes(`/training-jobs/${target.jobId}/versions/${target.versionId}`),
        `the message does not name the request: ${message}`);
      assert.ok(message.includes(target.versionName), `the message does not name the version: ${message}`);
      assert.ok(errors.firstCall.args.includes('Show Extension Log'), 'no Show Extension Log button');
      assert.deepEqual(secretsIn(message), []);
      emulator.clearFaults();
      if (failure.serverActed) {
        await waitFor('the emulator has finished the deletion', () => stillInEmulator(target) === undefined);
        await vscode.commands.executeCommand(COMMANDS.refreshJob, node.parent);
        assert.ok(!(await api.getVersionNodes(target.jobId)).some(n => n.version.versionId === target.versionId),
          'after a refresh the tree still shows the version the service deleted');
      } else {
        const left = stillInEmulator(target);
        assert.ok(left && !left.pendingDeletion, 'the version was deleted although the request failed');
        const again = await versionNode(target);
        const description = String(api.treeProvider.getTreeItem(again).description);
        assert.ok(!description.startsWith('Deleting') && !description.startsWith('Delete failed'), `the version still shows "${description}"`);
      }
      const children = await api.treeProvider.getChildren(node.parent);
      assert.ok(children.length > 0 && children.every(child => child.kind !== 'message'), 'the job shows an error node after the failed delete');
    });
  }
});
