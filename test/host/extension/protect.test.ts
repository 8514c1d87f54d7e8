/**
 * Protect and Unprotect: a protected version, job or new-version job shows a lock, offers no Delete,
 * and every deletion path refuses it before asking anything — the context menu, the Delete key, a
 * multi-selection (left out and listed), the palette with arguments, Delete Training Job on its job —
 * and `Actions` refuses it again; protection is kept in global state per cloud, region, project, kind
 * and ID, and a protected job protects its versions.
 */
import * as assert from 'node:assert/strict';
import * as sinon from 'sinon';
import * as vscode from 'vscode';
import { Protections } from '../../../src/actions/protections';
import { COMMANDS, GLOBAL_STATE_KEYS } from '../../../src/constants';
import { GroupNode, V2JobNode } from '../../../src/tree/nodes';
import { V2_DEMO_IDS } from '../../fixtures/emulator';
import { deletes, dialog, jobNode, startHarness, stubMessages, stubTypedConfirmation, until, versionNode, type Harness, type WarningStub } from './harness';

describe('Protect from Deletion', () => {
  const sandbox = sinon.createSandbox();
  let h: Harness;
  let warning: WarningStub;
  let info: sinon.SinonStub;
  let typed: sinon.SinonStub;

  beforeEach(async () => {
    h = await startHarness({ emulator: { v2: true } });
    ({ warning, info } = stubMessages(sandbox));
    typed = stubTypedConfirmation(sandbox);
    warning.callsFake((async (_m: string, options?: vscode.MessageOptions) => (options?.modal ? 'Delete…' : undefined)) as never);
  });

  afterEach(async () => {
    sandbox.restore();
    await h?.dispose();
  });

  const refusedWith = (pattern: RegExp) => sinon.assert.calledWithMatch(info, sinon.match(pattern));

  it('shows a protected version with a lock and no Delete, keeps it per cloud, region, project and ID, and Unprotect undoes it', async () => {
    const node = await versionNode(h, '182626', '278702');
    const before = h.tree.getTreeItem(node).description;
    await h.handlers[COMMANDS.protect](node);
    const item = h.tree.getTreeItem(node);
    assert.equal((item.iconPath as vscode.ThemeIcon).id, 'lock');
    assert.equal(item.contextValue, 'protected;version', 'no deletable: Delete is not offered');
    assert.equal(item.description, before, 'the status stays first in the description');
    assert.match((item.tooltip as vscode.MarkdownString).value, /\*\*Protected:\*\* every deletion refuses it/);
    assert.deepEqual(h.globalState.get(GLOBAL_STATE_KEYS.protected),
      [`custom|${h.emulator.region}|${h.emulator.projectId}|version|182626|278702`]);
    // Kept across a reload: a new store over the same global state sees it.
    assert.ok(new Protections(h.globalState).isProtected({ cloud: 'custom', region: h.emulator.region, projectId: h.emulator.projectId },
      { kind: 'version', jobId: '182626', versionId: '278702' }));
    assert.ok(!new Protections(h.globalState).isProtected({ cloud: 'custom', region: h.emulator.region, projectId: 'another-project' },
      { kind: 'version', jobId: '182626', versionId: '278702' }), 'the same IDs in another project are not protected');
    await h.handlers[COMMANDS.unprotect](node);
    assert.equal(h.tree.getTreeItem(node).contextValue, 'deletable;version');
    assert.deepEqual(h.globalState.get(GLOBAL_STATE_KEYS.protected), []);
  });

  it('with nothing selected (the palette, the walkthrough) says to select a job or version, and protects nothing', async () => {
    await h.handlers[COMMANDS.protect](undefined);
    refusedWith(/Select a training job or version in the Training Jobs view first, then run Protect from Deletion/);
    assert.deepEqual(h.globalState.get(GLOBAL_STATE_KEYS.protected) ?? [], []);
  });

  it('refuses a protected version from the context menu, the Delete key and the palette with arguments, asking and sending nothing', async () => {
    const node = await versionNode(h, '182626', '278702');
    await h.handlers[COMMANDS.protect](node);
    h.emulator.clearRequests();
    await h.handlers[COMMANDS.deleteVersion](node);
    refusedWith(/^Nothing was deleted: version "V0004" \(ID 278702\) of training job "resnet50-imagenet" \(ID 182626\) is protected\. Unprotect it first/);
    h.select(node);
    await h.handlers[COMMANDS.deleteSelection]();
    const result = await h.handlers[COMMANDS.deleteVersionFromPalette]({ jobId: '182626', versionId: '278702' }) as { is_success: boolean; error_msg?: string };
    assert.equal(result.is_success, false, 'the SDK shape of a refusal');
    assert.match(String(result.error_msg), /is protected/);
    sinon.assert.notCalled(warning);
    sinon.assert.notCalled(typed);
    assert.equal(info.callCount, 3);
    assert.equal(deletes(h).length, 0);
  });

  it('leaves a protected version out of a multi-selection, names it in the dialog and the report, and deletes the others', async () => {
    const nodes = [await versionNode(h, '182626', '278702'), await versionNode(h, '182626', '278615'), await versionNode(h, '182631', '278540')];
    await h.handlers[COMMANDS.protect](nodes[0]);
    h.emulator.clearRequests();
    await h.handlers[COMMANDS.deleteVersion](nodes[1], nodes);
    assert.match(dialog(warning).detail, /Not deleted: 1 protected \(unprotect it first\):\n• V0004 \(ID 278702\) of resnet50-imagenet \(ID 182626\)/);
    assert.equal(typed.firstCall.args[0].placeHolder, '2');
    assert.deepEqual(deletes(h).map(r => r.path.split('/').slice(-3).join('/')).sort(), ['182626/versions/278615', '182631/versions/278540']);
    await h.deletions.whenIdle();
    await until(() => warning.getCalls().some(c => c.args[0] === '2 of 3 versions deleted; 1 left out (protected).'), 'the summary');
  });

  it('refuses Delete Training Job on a job with a protected version, and every version of a protected job', async () => {
    const version = await versionNode(h, '182626', '278702');
    await h.handlers[COMMANDS.protect](version);
    h.emulator.clearRequests();
    await h.handlers[COMMANDS.deleteJob](await jobNode(h, '182626'));
    refusedWith(/^Nothing was deleted: training job "resnet50-imagenet" \(ID 182626\) has a protected version \(V0004\)\./);
    await h.handlers[COMMANDS.unprotect](version);

    const job = await jobNode(h, '182626');
    await h.handlers[COMMANDS.protect](job);
    assert.equal(h.tree.getTreeItem(job).contextValue, 'job;protected;watchable');
    const other = await versionNode(h, '182626', '278615');
    assert.equal(h.tree.getTreeItem(other).contextValue, 'protected;protectedByJob;version', 'protected by its job: no Unprotect on the version');
    await h.handlers[COMMANDS.deleteVersion](other);
    refusedWith(/belongs to a protected training job\. Unprotect the job first/);
    await h.handlers[COMMANDS.deleteJobFromPalette]({ jobId: '182626' });
    refusedWith(/^Nothing was deleted: training job "resnet50-imagenet" \(ID 182626\) is protected\./);
    sinon.assert.notCalled(warning);
    assert.equal(deletes(h).length, 0);
  });

  it('Actions refuses a protected item too, whatever a command asked', async () => {
    const node = await versionNode(h, '182626', '278702');
    await h.handlers[COMMANDS.protect](node);
    const connection = await h.connection.current();
    assert.ok(connection);
    const target = { jobId: '182626', jobName: 'resnet50-imagenet', version: node.version, connection: { ...connection, projectId: h.emulator.projectId } };
    const outcome = await h.actions.deleteVersion(target);
    assert.equal(outcome.kind, 'refused');
    assert.match(String((outcome as { error: Error }).error.message), /is protected from deletion\. Nothing was sent\./);
    const batch = await h.actions.deleteVersions([target], target.connection, { concurrency: 2 });
    assert.deepEqual(batch.failed.map(f => (f.error as Error).name), ['ProtectedError']);
    assert.equal(deletes(h).length, 0);
  });

  it('protects a new-version job: Delete Training Job and a selection leave it alone', async () => {
    const top = await h.tree.getChildren();
    const v2Rows = await h.tree.getChildren(top.find((n): n is GroupNode => n instanceof GroupNode && n.scope === 'v2'));
    const row = (id: string) => v2Rows.find((n): n is V2JobNode => n instanceof V2JobNode && n.job.jobId === id) as V2JobNode;
    const locked = row(V2_DEMO_IDS.completed);
    await h.handlers[COMMANDS.protect](locked);
    assert.equal(h.tree.getTreeItem(locked).contextValue, 'hasLog;protected;v2job');
    h.emulator.clearRequests();
    await h.handlers[COMMANDS.deleteJob](locked);
    refusedWith(/^Nothing was deleted: training job "bge-m3-rerank-ft" \(ID [^)]+\) is protected\./);
    h.select(locked, row(V2_DEMO_IDS.terminated));
    await h.handlers[COMMANDS.deleteSelection]();
    assert.match(dialog(warning).detail, /Not deleted: 1 protected \(unprotect it first\):\n• bge-m3-rerank-ft/);
    const sent = h.emulator.requests.filter(r => r.method === 'DELETE' || r.path.endsWith('/batch-delete'));
    assert.equal(sent.length, 1);
    assert.ok(!sent[0].body.includes(V2_DEMO_IDS.completed) && !sent[0].path.includes(V2_DEMO_IDS.completed), 'the protected job was not sent');
  });
});
