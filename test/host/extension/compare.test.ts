/**
 * Compare: two selected versions (or two new-version jobs) open VS Code's diff editor on sorted
 * `key: value` documents read afresh; Compare with Previous Version; Toggle Differences Only. Also
 * Open in Console where no console is known.
 */
import * as assert from 'node:assert/strict';
import * as sinon from 'sinon';
import * as vscode from 'vscode';
import { COMMANDS } from '../../../src/constants';
import { GroupNode, V2JobNode } from '../../../src/tree/nodes';
import { V2_DEMO_IDS } from '../../fixtures/emulator';
import { startHarness, stubMessages, versionNode, type Harness } from './harness';

/** The open diff editor's two sides, as text. */
async function openDiff(): Promise<{ left: string; right: string; label: string }> {
  const tab = vscode.window.tabGroups.activeTabGroup.activeTab;
  assert.ok(tab?.input instanceof vscode.TabInputTextDiff, `a diff editor is active (${tab?.label})`);
  const input = tab.input;
  const [left, right] = await Promise.all([input.original, input.modified].map(async uri => (await vscode.workspace.openTextDocument(uri)).getText()));
  return { left, right, label: tab.label };
}

describe('Compare', () => {
  const sandbox = sinon.createSandbox();
  let h: Harness;
  let info: sinon.SinonStub;

  afterEach(async () => {
    sandbox.restore();
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await h?.dispose();
  });

  it('two versions of a job: a diff editor on their fields, read afresh; then the differences only', async () => {
    h = await startHarness();
    ({ info } = stubMessages(sandbox));
    const a = await versionNode(h, '182626', '278533');
    const b = await versionNode(h, '182626', '278615');
    h.emulator.clearRequests();
    await h.handlers[COMMANDS.compare](a, [a, b]);
    assert.deepEqual(h.emulator.requests.filter(r => r.route === 'getVersion').map(r => r.path.split('/').at(-1)).sort(), ['278533', '278615']);
    const all = await openDiff();
    assert.match(all.label, /V0002 of resnet50-imagenet ↔ V0003 of resnet50-imagenet/);
    assert.match(all.left, /^# V0002 of resnet50-imagenet\n/);
    assert.match(all.left, /^parameter\./m);
    assert.match(all.left, /^engine: TensorFlow/m);
    const keys = all.left.split('\n').slice(1).filter(Boolean).map(line => line.slice(0, line.indexOf(': ')));
    assert.deepEqual(keys, [...keys].sort(), 'sorted by key');
    await h.handlers[COMMANDS.toggleDifferences]();
    const only = await openDiff();
    assert.match(only.label, /\(differences only\)$/);
    assert.ok(only.left.split('\n').length < all.left.split('\n').length, 'fewer lines');
    assert.ok(only.left.split('\n').slice(1).filter(Boolean).every(line => all.left.includes(line)));
    sinon.assert.notCalled(info);
  });

  it('Compare with Previous Version compares a version with the one before it', async () => {
    h = await startHarness();
    stubMessages(sandbox);
    await h.handlers[COMMANDS.compareWithPrevious](await versionNode(h, '182631', '278790'));
    const diff = await openDiff();
    assert.match(diff.label, /^V0002 of bert-finetune-squad ↔ V0003 of bert-finetune-squad/);
  });

  it('the first version has nothing to compare with, and says so', async () => {
    h = await startHarness();
    ({ info } = stubMessages(sandbox));
    await h.handlers[COMMANDS.compareWithPrevious](await versionNode(h, '182631', '278431'));
    sinon.assert.calledWithMatch(info, /is the first version of training job "bert-finetune-squad": nothing to compare it with/);
  });

  it('Open in Console with a custom endpoint (the emulator) says no console is known, and opens nothing', async () => {
    h = await startHarness();
    ({ info } = stubMessages(sandbox));
    const opened = sandbox.stub(vscode.env, 'openExternal').resolves(true);
    await h.handlers[COMMANDS.openInConsole](await versionNode(h, '182631', '278431'));
    sinon.assert.notCalled(opened);
    sinon.assert.calledWithMatch(info, /Cannot open training job "bert-finetune-squad" in the console: no console address is known for this cloud/);
  });

  it('two new-version jobs: their parameters, inputs and spec side by side, no token', async () => {
    h = await startHarness({ emulator: { v2: true } });
    stubMessages(sandbox);
    const top = await h.tree.getChildren();
    const rows = await h.tree.getChildren(top.find((n): n is GroupNode => n instanceof GroupNode && n.scope === 'v2'));
    const pick = (id: string) => rows.find((n): n is V2JobNode => n instanceof V2JobNode && n.job.jobId === id) as V2JobNode;
    const [a, b] = [pick(V2_DEMO_IDS.failed), pick(V2_DEMO_IDS.completed)];
    await h.handlers[COMMANDS.compare](a, [a, b]);
    const diff = await openDiff();
    assert.match(diff.left, /^status: Failed$/m);
    assert.match(diff.right, /^status: Completed$/m);
    assert.match(diff.left, /^parameter\./m);
    assert.match(diff.left, /^input\.data_url: obs:\/\//m);
    assert.doesNotMatch(diff.left + diff.right, /token/i);
  });
});
