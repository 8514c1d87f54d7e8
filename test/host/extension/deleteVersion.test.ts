/**
 * Delete Version against the emulator: the confirmed pair is deleted with exactly one DELETE and the
 * job refreshed; a dismissed dialog sends nothing; a failure is shown with its code and message and
 * the job still refreshed; the palette pickers; running versions; `{ jobId, versionId }` arguments.
 */
import * as assert from 'node:assert/strict';
import * as sinon from 'sinon';
import * as vscode from 'vscode';
import { COMMANDS } from '../../../src/constants';
import { JobNode, VersionNode } from '../../../src/tree/nodes';
import { startHarness, type Harness } from './harness';

/** The path the emulator must record for deleting `versionId` of `jobId`. */
const deletePath = (h: Harness, jobId: string, versionId: string) =>
  `/v1/${h.emulator.projectId}/training-jobs/${jobId}/versions/${versionId}`;

async function versionNode(h: Harness, jobId: string, versionId: string): Promise<VersionNode> {
  const node = (await h.tree.versions(jobId)).find(v => v.version.versionId === versionId);
  assert.ok(node, `version ${versionId} of job ${jobId} is in the tree`);
  return node;
}

type WarningStub = sinon.SinonStub<Parameters<typeof vscode.window.showWarningMessage>, ReturnType<typeof vscode.window.showWarningMessage>>;

/** The message, options and buttons of a showWarningMessage call. */
function dialog(stub: WarningStub, call = 0): { message: string; modal: boolean; detail: string; buttons: unknown[] } {
  const [message, options, ...buttons] = stub.getCall(call).args as unknown as [string, vscode.MessageOptions, ...unknown[]];
  return { message, modal: options?.modal === true, detail: options?.detail ?? '', buttons };
}

describe('Delete Version', () => {
  const sandbox = sinon.createSandbox();
  let h: Harness;
  let warning: WarningStub;
  let info: sinon.SinonStub;
  let error: sinon.SinonStub;

  beforeEach(async () => {
    h = await startHarness();
    warning = sandbox.stub(vscode.window, 'showWarningMessage') as unknown as WarningStub;
    info = sandbox.stub(vscode.window, 'showInformationMessage').resolves(undefined);
    error = sandbox.stub(vscode.window, 'showErrorMessage').resolves(undefined);
  });

  afterEach(async () => {
    sandbox.restore();
    await h.dispose();
  });

  it('on Delete sends exactly one DELETE for the confirmed pair, shows "Deleting…", then the version is gone', async () => {
    const node = await versionNode(h, '182626', '278702');
    const job = node.parent;
    h.emulator.clearRequests();
    h.changes.length = 0;
    warning.resolves('Delete' as never);

    await h.handlers[COMMANDS.deleteVersion](node);

    sinon.assert.calledOnce(warning);
    const shown = dialog(warning);
    assert.equal(shown.modal, true);
    assert.deepEqual(shown.buttons, ['Delete']);
    assert.equal(shown.message, 'Delete version "V0004" of training job "resnet50-imagenet"?');
    assert.match(shown.detail, /V0004 \(ID 278702\)/);
    assert.match(shown.detail, /resnet50-imagenet \(ID 182626\)/);
    assert.match(shown.detail, /This cannot be undone\./);
    assert.doesNotMatch(shown.detail, /no versions left/);
    const deletes = h.emulator.requests.filter(r => r.method === 'DELETE');
    assert.equal(deletes.length, 1);
    assert.equal(deletes[0].path, deletePath(h, '182626', '278702'));
    assert.equal(deletes[0].status, 200);
    assert.ok(h.changes.includes(job), 'the job (parent) was refreshed');
    assert.equal(h.tree.getTreeItem(node).description, 'Deleting…');
    assert.equal(h.tree.getTreeItem(node).contextValue, 'deleting;version', 'no second delete from the menu');
    sinon.assert.notCalled(error);

    assert.equal(await h.deletions.track('182626', '278702'), 'gone');
    const after = await h.tree.versions('182626');
    assert.ok(!after.some(v => v.version.versionId === '278702'), 'the deleted version left the tree');
    assert.equal(after.length, 4);
    assert.equal(job.job.versionCount, 4);
    assert.equal(h.emulator.requests.filter(r => r.method === 'DELETE').length, 1);
  });

  it('sends nothing when the confirmation is dismissed', async () => {
    const node = await versionNode(h, '182626', '278702');
    h.emulator.clearRequests();
    warning.resolves(undefined);
    await h.handlers[COMMANDS.deleteVersion](node);
    sinon.assert.calledOnce(warning);
    assert.equal(h.emulator.requests.length, 0);
    assert.equal(h.deletions.state('182626', '278702'), undefined);
    sinon.assert.notCalled(error);
  });

  it('on an API failure shows the error code and message with Show Logs, and still refreshes the job', async () => {
    const node = await versionNode(h, '182631', '278540');
    h.emulator.inject({ route: 'deleteVersion', kind: 'apiError', status: 400, errorCode: 'ModelArts.0107', message: 'The values of the request parameters (job_id,version_id) are invalid.' });
    h.emulator.clearRequests();
    h.changes.length = 0;
    warning.resolves('Delete' as never);

    await h.handlers[COMMANDS.deleteVersion](node);

    sinon.assert.calledOnce(error);
    const [message, ...buttons] = error.firstCall.args as [string, ...string[]];
    assert.match(message, /^Could not delete version "V0002" \(ID 278540\) of training job "bert-finetune-squad" \(ID 182631\): /);
    assert.match(message, /ModelArts\.0107/);
    assert.match(message, /The values of the request parameters \(job_id,version_id\) are invalid\./);
    assert.ok(buttons.includes('Show Logs'));
    assert.equal(h.emulator.requests.filter(r => r.method === 'DELETE').length, 1, 'never retried');
    assert.ok(h.changes.includes(node.parent), 'the job was refreshed after the failure');
    assert.equal(h.deletions.state('182631', '278540'), undefined, 'not shown as deleting');
    const versions = await h.tree.versions('182631');
    assert.equal(h.requests('listVersions').length, 1, 'the versions were listed again');
    assert.ok(versions.some(v => v.version.versionId === '278540'), 'nothing was deleted');
    assert.ok(h.logger.lines.some(line => line.includes('ModelArts.0107')));
  });

  it('on rejected credentials offers Configure Credentials as well as Show Logs', async () => {
    const node = await versionNode(h, '182631', '278540');
    await h.store.set({ kind: 'aksk', accessKey: h.emulator.credentials.accessKey, secretKey: 'rotated-secret-key' });
    h.emulator.clearRequests();
    warning.resolves('Delete' as never);
    await h.handlers[COMMANDS.deleteVersion](node);
    sinon.assert.calledOnce(error);
    const [message, ...buttons] = error.firstCall.args as [string, ...string[]];
    assert.match(message, /APIG\.0301/);
    assert.ok(!message.includes('rotated-secret-key'));
    assert.deepEqual(buttons, ['Configure Credentials', 'Show Logs']);
    // The new client first resolves the project ID, which the rotated key already fails.
    assert.equal(h.emulator.requests.filter(r => r.method === 'DELETE').length, 0);
    assert.ok(h.changes.includes(node.parent), 'the job was refreshed anyway');
  });

  it('from the palette picks a job (searchable, with status) then a version', async () => {
    h.emulator.clearRequests();
    const quickPick = sandbox.stub(vscode.window, 'showQuickPick');
    let jobItems: vscode.QuickPickItem[] = [];
    let jobOptions: vscode.QuickPickOptions | undefined;
    quickPick.onFirstCall().callsFake((async (items: readonly vscode.QuickPickItem[] | Thenable<readonly vscode.QuickPickItem[]>, options?: vscode.QuickPickOptions) => {
      jobItems = [...await items];
      jobOptions = options;
      return jobItems.find(i => i.label === 'bert-finetune-squad');
    }) as never);
    quickPick.onSecondCall().callsFake((async (items: readonly vscode.QuickPickItem[] | Thenable<readonly vscode.QuickPickItem[]>) =>
      (await items).find(i => i.label === 'V0002')) as never);
    warning.resolves('Delete' as never);

    await h.handlers[COMMANDS.deleteVersionFromPalette]();

    assert.equal(jobItems.length, 13);
    assert.equal(jobOptions?.matchOnDescription, true);
    assert.equal(jobOptions?.matchOnDetail, true);
    const bert = jobItems.find(i => i.label === 'bert-finetune-squad');
    assert.match(String(bert?.description), /^Completed/);
    assert.match(String(bert?.detail), /Job ID 182631 · 3 versions/);
    sinon.assert.calledTwice(quickPick);
    assert.match(dialog(warning).detail, /V0002 \(ID 278540\)/);
    const deletes = h.emulator.requests.filter(r => r.method === 'DELETE');
    assert.deepEqual(deletes.map(r => r.path), [deletePath(h, '182631', '278540')]);
  });

  it('from the palette sends nothing when a picker is dismissed', async () => {
    sandbox.stub(vscode.window, 'showQuickPick').resolves(undefined);
    await h.handlers[COMMANDS.deleteVersionFromPalette]();
    sinon.assert.notCalled(warning);
    assert.equal(h.emulator.requests.filter(r => r.method !== 'GET').length, 0);
  });

  it('does not delete a running version: it says so and offers Stop Version instead', async () => {
    const node = await versionNode(h, '182626', '278813');
    h.emulator.clearRequests();
    warning.resolves(undefined);
    await h.handlers[COMMANDS.deleteVersion](node);
    const shown = dialog(warning);
    assert.equal(shown.modal, true);
    assert.match(shown.message, /"V0005" of training job "resnet50-imagenet" is running and cannot be deleted yet/);
    assert.match(shown.detail, /Stop .* first; once it has stopped, delete it/);
    assert.deepEqual(shown.buttons, ['Stop Version']);
    assert.equal(h.emulator.requests.length, 0, 'dismissed: nothing sent');

    warning.resetHistory();
    warning.resolves('Stop Version' as never);
    await h.handlers[COMMANDS.deleteVersion](node);
    const sent = h.emulator.requests.filter(r => r.method !== 'GET');
    assert.deepEqual(sent.map(r => `${r.method} ${r.path}`), [`POST ${deletePath(h, '182626', '278813')}/stop`]);
    sinon.assert.calledWithMatch(info, sinon.match(/Stop requested for version "V0005" \(ID 278813\).*can be deleted once it has stopped/));
  });

  it('accepts { jobId, versionId } arguments and warns when it is the job\'s last version', async () => {
    h.emulator.clearRequests();
    warning.resolves('Delete' as never);
    await h.handlers[COMMANDS.deleteVersionFromPalette]({ jobId: '182650', versionId: 278460 });
    const shown = dialog(warning);
    assert.equal(shown.message, 'Delete version "V0001" of training job "mnist-quickstart"?');
    assert.match(shown.detail, /the job will have no versions left/);
    const deletes = h.emulator.requests.filter(r => r.method === 'DELETE');
    assert.deepEqual(deletes.map(r => r.path), [deletePath(h, '182650', '278460')]);
  });

  it('rejects malformed arguments without sending anything', async () => {
    h.emulator.clearRequests();
    await h.handlers[COMMANDS.deleteVersionFromPalette]({ jobId: '182650', versionId: '../278460' });
    sinon.assert.notCalled(warning);
    sinon.assert.calledOnce(error);
    assert.match(error.firstCall.args[0] as string, /versionId/);
    assert.deepEqual(error.firstCall.args.slice(1), ['Show Logs'], 'not a credentials problem');
    assert.equal(h.emulator.requests.length, 0);
  });

  it('shows DELETE_FAILED on the node, with the reason, when the service cannot delete', async () => {
    const node = await versionNode(h, '182715', '278481');
    h.emulator.failNextDelete('182715', '278481', 'Failed to delete the output directory in OBS: access denied.');
    warning.resolves('Delete' as never);
    await h.handlers[COMMANDS.deleteVersion](node);
    assert.equal(await h.deletions.track('182715', '278481'), 'failed');
    const refreshed = await versionNode(h, '182715', '278481');
    const rendered = h.tree.getTreeItem(refreshed);
    assert.match(String(rendered.description), /^Delete failed: /);
    assert.equal((rendered.iconPath as vscode.ThemeIcon).id, 'error');
    assert.match(String(rendered.contextValue), /(^|;)deletable(;|$)/, 'it can be deleted again');
    sinon.assert.calledWithMatch(warning, sinon.match(/could not delete version "V0001" \(ID 278481\)/));
  });

  it('does nothing from the tree for a job node (no version to delete)', async () => {
    const job = (await h.tree.jobs())[0];
    assert.ok(job instanceof JobNode);
    const quickPick = sandbox.stub(vscode.window, 'showQuickPick').resolves(undefined);
    await h.handlers[COMMANDS.deleteVersion](job);
    sinon.assert.calledOnce(quickPick);
    sinon.assert.notCalled(warning);
    assert.equal(h.emulator.requests.filter(r => r.method === 'DELETE').length, 0);
  });
});
