/**
 * Why did it fail? A failed version or new-version job has a child row with the cause: the reason
 * ModelArts gave (no request), else the log's error lines, read on expansion only; a new-version
 * job's failed task and its newest error event. Nothing is read for what did not fail.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { GroupNode, ReasonNode, V2JobNode, type VersionNode } from '../../../src/tree/nodes';
import { V2_DEMO_IDS } from '../../fixtures/emulator';
import { startHarness, versionNode, type Harness } from './harness';

describe('Why did it fail?', () => {
  let h: Harness;

  afterEach(async () => {
    await h?.dispose();
  });

  const reasons = async (node: Parameters<Harness['tree']['getChildren']>[0]) =>
    (await h.tree.getChildren(node)).filter((n): n is ReasonNode<VersionNode | V2JobNode> => n instanceof ReasonNode).map(n => {
      const item = h.tree.getTreeItem(n);
      return `${String(item.label)}: ${String(item.description)}`;
    });

  it('a failed version whose answer gives the reason: a Reason row, with no request', async () => {
    h = await startHarness();
    const node = await versionNode(h, '182771', '278662');
    assert.equal(h.tree.getTreeItem(node).collapsibleState, vscode.TreeItemCollapsibleState.Collapsed);
    h.emulator.clearRequests();
    assert.deepEqual(await reasons(node), ['Reason: Failed to delete the output directory in OBS: access denied.']);
    assert.equal(h.emulator.requests.length, 0);
  });

  it('a failed version without a reason: the log\'s error lines, read once on expansion', async () => {
    h = await startHarness();
    const node = await versionNode(h, '182626', '278420');
    h.emulator.clearRequests();
    const rows = await reasons(node);
    assert.ok(rows.length >= 1 && rows[0].startsWith('From the log: '), rows.join('\n'));
    assert.deepEqual(h.emulator.requests.map(r => r.route), ['logFileNames', 'aomLog']);
    h.emulator.clearRequests();
    await reasons(node);
    assert.equal(h.emulator.requests.length, 0, 'read once');
  });

  it('a version that did not fail is a leaf, and costs nothing', async () => {
    h = await startHarness();
    const node = await versionNode(h, '182626', '278533');
    assert.equal(h.tree.getTreeItem(node).collapsibleState, vscode.TreeItemCollapsibleState.None);
    h.emulator.clearRequests();
    assert.deepEqual(await h.tree.getChildren(node), []);
    assert.equal(h.emulator.requests.length, 0);
  });

  it('a failed new-version job: the failed task with its exit code, and the newest error event', async () => {
    h = await startHarness({ emulator: { v2: true } });
    const top = await h.tree.getChildren();
    const rows = await h.tree.getChildren(top.find((n): n is GroupNode => n instanceof GroupNode && n.scope === 'v2'));
    const failed = rows.find((n): n is V2JobNode => n instanceof V2JobNode && n.job.jobId === V2_DEMO_IDS.failed) as V2JobNode;
    const completed = rows.find((n): n is V2JobNode => n instanceof V2JobNode && n.job.jobId === V2_DEMO_IDS.completed) as V2JobNode;
    h.emulator.clearRequests();
    const shown = await reasons(failed);
    assert.match(shown[0], /^Reason: .*exit(ed)? .*1/);
    assert.match(shown[1] ?? '', /^Newest error event: /);
    assert.deepEqual(h.emulator.requests.map(r => r.route), ['v2Events']);
    h.emulator.clearRequests();
    assert.deepEqual(await h.tree.getChildren(completed), []);
    assert.equal(h.emulator.requests.length, 0);
  });
});
