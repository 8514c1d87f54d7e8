/** The version actions beside delete: Show Details, Stop Version, Copy ID, Refresh. */
import * as assert from 'node:assert/strict';
import * as sinon from 'sinon';
import * as vscode from 'vscode';
import { COMMANDS, DETAILS_SCHEME } from '../../../src/constants';
import { detailsUri } from '../../../src/ui/detailsDocuments';
import type { VersionNode } from '../../../src/tree/nodes';
import { FakeQuickPick, startHarness, until, versionNode, type Harness } from './harness';

describe('Version actions', () => {
  const sandbox = sinon.createSandbox();
  let h: Harness;

  beforeEach(async () => {
    h = await startHarness();
  });

  afterEach(async () => {
    sandbox.restore();
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await h.dispose();
  });

  const version = (jobId: string, versionId: string): Promise<VersionNode> => versionNode(h, jobId, versionId);

  /** Runs Stop Version on `node` (requests recorded from here on), which must ask nothing and say `told`. */
  async function stopRefused(node: VersionNode, told: RegExp): Promise<void> {
    const info = sandbox.stub(vscode.window, 'showInformationMessage').resolves(undefined);
    const warning = sandbox.stub(vscode.window, 'showWarningMessage');
    h.emulator.clearRequests();
    await h.handlers[COMMANDS.stopVersion](node);
    sinon.assert.notCalled(warning);
    sinon.assert.calledWithMatch(info, sinon.match(told));
  }

  it('Show Details opens the version\'s details rendered (the Markdown preview of a read-only document), fetched fresh', async () => {
    const node = await version('182626', '278615');
    h.emulator.clearRequests();
    await h.handlers[COMMANDS.showVersionDetails](node);
    const tabs = () => vscode.window.tabGroups.all.flatMap(g => g.tabs);
    await until(() => tabs().some(t => t.input instanceof vscode.TabInputWebview && /markdown\.preview/.test(t.input.viewType)),
      'the rendered details');
    assert.ok(tabs().some(t => t.label.includes('resnet50-imagenet V0003')), `a tab names the version: ${tabs().map(t => t.label).join(', ')}`);
    const connection = await h.connection.current();
    assert.ok(connection);
    const document = await vscode.workspace.openTextDocument(detailsUri('182626', '278615', 'V0003', 'resnet50-imagenet', connection));
    assert.equal(document.uri.scheme, DETAILS_SCHEME);
    assert.equal(document.languageId, 'markdown');
    const text = document.getText();
    assert.match(text, /^# V0003 of resnet50-imagenet\n/);
    assert.match(text, /\| Version ID \| 278615 \|/);
    assert.match(text, /\| Status \| Completed \(COMPLETED, 10\) \|/);
    assert.match(text, /\| Memory \| 512 GB \|/);
    assert.match(text, /```json\n\{\n {2}"jobId": "182626"/);
    assert.equal(h.requests('getVersion').length, 1);
    assert.equal(document.isUntitled, false, 'a virtual document: nothing to save');
  });

  it('Copy Details as JSON puts every field of the version, read afresh, on the clipboard', async () => {
    const node = await version('182626', '278615');
    h.emulator.clearRequests();
    await h.handlers[COMMANDS.copyVersionJson](node);
    const copied = JSON.parse(await vscode.env.clipboard.readText()) as Record<string, unknown>;
    assert.equal(copied.versionId, '278615');
    assert.equal(copied.jobName, 'resnet50-imagenet');
    assert.deepEqual(Object.keys(copied).slice(0, 3), ['jobId', 'versionId', 'versionName']);
    assert.equal(h.requests('getVersion').length, 1);
  });

  it('Stop Version: one stop; the row shows "Stopping", then what ModelArts reports, the job row too; the end offers Delete Now', async () => {
    const node = await version('182626', '278813');
    assert.equal(node.parent.job.latestVersionId, '278813', 'the job row shows this version\'s status');
    const warning = sandbox.stub(vscode.window, 'showWarningMessage').callsFake((async (_m: string, _o: vscode.MessageOptions, ...buttons: string[]) =>
      (buttons.includes('Stop Version') ? 'Stop Version' : undefined)) as never);
    const info = sandbox.stub(vscode.window, 'showInformationMessage').resolves('Delete Now' as never);
    const rows: string[] = [];
    const listener = h.tree.onDidChangeTreeData(() =>
      rows.push(`${h.tree.getTreeItem(node).description} | ${h.tree.getTreeItem(node.parent).description}`));
    h.emulator.clearRequests();
    try {
      await h.handlers[COMMANDS.stopVersion](node);
      const [message, options] = warning.firstCall.args as unknown as [string, vscode.MessageOptions];
      assert.equal(message, 'Stop version "V0005" (ID 278813) of training job "resnet50-imagenet" (ID 182626)?');
      assert.equal(options.modal, true);
      await h.stops.whenIdle();
      await until(() => warning.callCount === 2, 'the Delete confirmation after Delete Now');
    } finally {
      listener.dispose();
    }
    const sent = h.emulator.requests.filter(r => r.method !== 'GET');
    assert.deepEqual(sent.map(r => `${r.method} ${r.path}`), [`POST /v1/${h.emulator.projectId}/training-jobs/182626/versions/278813/stop`]);
    assert.ok(rows.some(row => /^Stopping\b.* \| Stopping\b/.test(row)), `the version and its job never showed "Stopping": ${rows.join(' / ')}`);
    assert.match(String(h.tree.getTreeItem(node).description), /^Stopped\b/);
    assert.match(String(h.tree.getTreeItem(node.parent).description), /^Stopped\b/, 'the job row follows its latest version');
    assert.ok(h.requests('getVersion').length >= 1, 'followed by reading the version');
    assert.equal(h.requests('listVersions').length, 0, 'nothing reloaded');
    sinon.assert.calledWith(info as unknown as sinon.SinonStub, 'Version "V0005" (ID 278813) of training job "resnet50-imagenet" (ID 182626) has stopped. It can be deleted now.', 'Delete Now');
    // Delete Now is the usual Delete Version: it asks first, naming exactly that version (dismissed here).
    assert.equal(String(warning.secondCall.args[0]), 'Delete version "V0005" of training job "resnet50-imagenet"?');
    assert.equal(h.emulator.requests.filter(r => r.method === 'DELETE').length, 0);
  });

  it('Stop Version on a version that is not running says so and sends nothing', async () => {
    const node = await version('182626', '278615');
    await stopRefused(node, /Nothing to stop: version "V0003" .* is completed/);
    assert.deepEqual(h.emulator.requests.map(r => r.route), ['getVersion'], 'read, nothing sent');
  });

  it('Stop Version reads the version afresh: one the tree still shows running but already stopped is not stopped again', async () => {
    const node = await version('182626', '278813');
    const client = (await h.connection.current())?.client;
    await client?.stopVersion('182626', '278813');
    assert.equal(node.version.status, 8, 'the tree has not seen the stop');
    await stopRefused(node, /Nothing to stop: version "V0005" .* is stopped/);
    assert.equal(h.emulator.requests.filter(r => r.method !== 'GET').length, 0);
    assert.equal(node.version.status, 12, 'the node shows the status read');
  });

  it('Stop Version from the palette offers only running versions', async () => {
    const picker = new FakeQuickPick<vscode.QuickPickItem>();
    sandbox.stub(vscode.window, 'createQuickPick').returns(picker as never);
    let offered: string[] = [];
    sandbox.stub(vscode.window, 'showQuickPick').callsFake((async (items: readonly vscode.QuickPickItem[]) => {
      offered = items.map(i => i.label);
      return undefined;
    }) as never);
    const run = h.handlers[COMMANDS.stopVersion]();
    await until(() => picker.shown && !picker.busy && picker.items.length > 0);
    picker.pick(i => i.label === 'gpt2-small-wikitext');
    await run;
    assert.deepEqual(offered, ['V0008']);
  });

  it('Copy ID copies a version or job ID', async () => {
    const node = await version('182626', '278615');
    await h.handlers[COMMANDS.copyId](node);
    assert.equal(await vscode.env.clipboard.readText(), '278615');
    await h.handlers[COMMANDS.copyId](node.parent);
    assert.equal(await vscode.env.clipboard.readText(), '182626');
  });

  it('Refresh Versions reloads only that job', async () => {
    const node = await version('182626', '278615');
    h.emulator.clearRequests();
    h.changes.length = 0;
    await h.handlers[COMMANDS.refreshJob](node.parent);
    assert.deepEqual(h.changes, [node.parent]);
    await h.tree.getChildren(node.parent);
    assert.equal(h.requests('listVersions').length, 1);
    assert.equal(h.requests('listJobs').length, 0);
  });
});
