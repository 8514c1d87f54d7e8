/**
 * Delete Version against the emulator: the confirmed pair is deleted with exactly one DELETE, to the
 * project and region confirmed, and followed until ModelArts confirms it; a dismissed dialog sends
 * nothing; a failure is shown with its code and message and the job refreshed; the palette's
 * searchable job picker; job nodes; running versions (read afresh); `{ jobId, versionId }`
 * arguments; concurrent invocations; a changed connection; deletions that fail or stay unconfirmed;
 * a multi-version selection.
 */
import * as assert from 'node:assert/strict';
import * as sinon from 'sinon';
import * as vscode from 'vscode';
import { COMMANDS } from '../../../src/constants';
import { JobNode, UNCONFIRMED_TEXT, VersionNode } from '../../../src/tree/nodes';
import {
  FakeQuickPick, deletes, dialog, jobNode, startHarness, stubMessages, stubTypedConfirmation, until, versionNode, type Harness, type HarnessOptions,
  type WarningStub,
} from './harness';
import { settingsVisible } from '../settingsVisible';

/** The path the emulator must record for deleting `versionId` of `jobId`. */
const deletePath = (h: Harness, jobId: string, versionId: string) =>
  `/v1/${h.emulator.projectId}/training-jobs/${jobId}/versions/${versionId}`;

/** The tracker's polls: the version list read whole (the tree reads pages of the page size). */
const polls = (h: Harness) => h.requests('listVersions').filter(r => r.query.per_page === '1000');

/** The texts of every non-modal warning (notifications, not confirmations). */
function notifications(stub: WarningStub): string[] {
  return stub.getCalls().map(call => call.args as unknown as [string, unknown]).filter(([, options]) =>
    !(typeof options === 'object' && options !== null && (options as vscode.MessageOptions).modal)).map(([message]) => message);
}

describe('Delete Version', () => {
  const sandbox = sinon.createSandbox();
  let h: Harness;
  let warning: WarningStub;
  let info: sinon.SinonStub;
  let error: sinon.SinonStub;

  async function start(options?: HarnessOptions): Promise<void> {
    h = await startHarness(options);
    ({ warning, info, error } = stubMessages(sandbox));
  }

  afterEach(async () => {
    sandbox.restore();
    await h?.dispose();
  });

  describe('one version', () => {
    beforeEach(() => start());

    it('on Delete sends exactly one DELETE for the confirmed pair, shows "Deleting…" without reloading, then drops the version', async () => {
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
      assert.match(shown.detail, new RegExp(`Project ${h.emulator.projectId} in region ${h.emulator.region}`));
      assert.match(shown.detail, /This cannot be undone\./);
      assert.doesNotMatch(shown.detail, /only version/);
      assert.equal(deletes(h).length, 1);
      assert.equal(deletes(h)[0].path, deletePath(h, '182626', '278702'));
      assert.equal(deletes(h)[0].status, 200);
      assert.equal(h.requests('getVersion').length, 1, 'the version was read afresh before deciding');
      assert.ok(h.changes.includes(node), 'the version was redrawn');
      assert.equal(h.tree.getTreeItem(node).description, 'Deleting…');
      assert.equal(h.tree.getTreeItem(node).contextValue, 'deleting;version', 'no second delete from the menu');
      sinon.assert.notCalled(error);

      await h.deletions.whenIdle();
      assert.equal(h.deletions.state('182626', '278702'), undefined);
      assert.ok(polls(h).length >= 1, 'the job\'s version list was polled');
      assert.equal(h.requests('getVersion').length, 1, 'no version details polled');
      const after = await h.tree.versions('182626');
      assert.deepEqual(after.map(v => v.version.versionId), ['278813', '278615', '278533', '278420']);
      assert.equal(job.job.versionCount, 4);
      assert.equal(h.requests('listVersions').length, polls(h).length, 'the loaded versions were kept, not listed again');
      assert.equal(deletes(h).length, 1);
    });

    it('sends nothing when the confirmation is dismissed', async () => {
      const node = await versionNode(h, '182626', '278702');
      h.emulator.clearRequests();
      warning.resolves(undefined);
      await h.handlers[COMMANDS.deleteVersion](node);
      sinon.assert.calledOnce(warning);
      assert.deepEqual(h.emulator.requests.map(r => r.route), ['getVersion'], 'only the version was read');
      assert.equal(h.deletions.state('182626', '278702'), undefined);
      assert.equal(h.tree.getTreeItem(node).contextValue, 'deletable;version');
      sinon.assert.notCalled(error);
    });

    it('on an API failure shows the error code and message with Show Extension Log, and refreshes the job', async () => {
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
      assert.ok(buttons.includes('Show Extension Log'));
      assert.equal(deletes(h).length, 1, 'never retried');
      assert.ok(h.changes.includes(node.parent), 'the job was refreshed after the failure');
      assert.equal(h.deletions.state('182631', '278540'), undefined, 'not shown as deleting');
      const versions = await h.tree.versions('182631');
      assert.equal(h.requests('listVersions').length, 1, 'the versions were listed again');
      assert.ok(versions.some(v => v.version.versionId === '278540'), 'nothing was deleted');
      assert.ok(h.logger.lines.some(line => line.includes('ModelArts.0107')));
    });

    it('on rejected credentials sends nothing and offers Configure Credentials as well as Show Extension Log', async () => {
      const node = await versionNode(h, '182631', '278540');
      await h.store.set({ kind: 'aksk', accessKey: h.emulator.credentials.accessKey, secretKey: 'rotated-secret-key' });
      h.emulator.clearRequests();
      warning.resolves('Delete' as never);
      await h.handlers[COMMANDS.deleteVersion](node);
      sinon.assert.calledOnce(error);
      const [message, ...buttons] = error.firstCall.args as [string, ...string[]];
      assert.match(message, /APIG\.0301/);
      assert.ok(!message.includes('rotated-secret-key'));
      assert.deepEqual(buttons, ['Configure Credentials', 'Show Extension Log']);
      sinon.assert.notCalled(warning);
      assert.equal(deletes(h).length, 0);
    });

    it('reads a version node afresh: a version the tree still shows running but now stopped can be deleted', async () => {
      const node = await versionNode(h, '182626', '278813');
      assert.equal(node.version.status, 8, 'the tree loaded it running');
      const client = (await h.connection.current())?.client;
      await client?.stopVersion('182626', '278813');
      assert.equal(node.version.status, 8, 'the tree has not seen the stop');
      h.emulator.clearRequests();
      warning.resolves(undefined);

      await h.handlers[COMMANDS.deleteVersion](node);

      const shown = dialog(warning);
      assert.equal(shown.message, 'Delete version "V0005" of training job "resnet50-imagenet"?', 'the delete confirmation, not "is running"');
      assert.deepEqual(shown.buttons, ['Delete']);
      assert.equal(node.version.status, 12, 'the node shows the status read');
      assert.deepEqual(h.emulator.requests.map(r => r.route), ['getVersion']);
    });

    it('sends exactly one DELETE when the same version is deleted twice at once (two right-clicks, two argument calls)', async () => {
      const node = await versionNode(h, '182626', '278702');
      h.emulator.inject({ route: 'deleteVersion', kind: 'latency', latencyMs: 500 });
      h.emulator.clearRequests();
      warning.resolves('Delete' as never);

      await Promise.all([h.handlers[COMMANDS.deleteVersion](node), h.handlers[COMMANDS.deleteVersion](node)]);
      await Promise.all([
        h.handlers[COMMANDS.deleteVersionFromPalette]({ jobId: '182631', versionId: '278540' }),
        h.handlers[COMMANDS.deleteVersionFromPalette]({ jobId: '182631', versionId: '278540' }),
      ]);

      assert.deepEqual(deletes(h).map(r => r.path), [deletePath(h, '182626', '278702'), deletePath(h, '182631', '278540')]);
      assert.equal(info.getCalls().filter(c => /already in progress/.test(String(c.args[0]))).length, 2);
      sinon.assert.notCalled(error);
    });

    it('refuses, sending nothing, when the connection changed between the confirmation and the request', async () => {
      const node = await versionNode(h, '182626', '278702');
      h.emulator.clearRequests();
      const temporary = h.emulator.credentials.temporary;
      warning.callsFake((async () => {
        await h.store.set({ kind: 'aksk', ...temporary });
        return 'Delete';
      }) as never);

      await h.handlers[COMMANDS.deleteVersion](node);

      assert.equal(deletes(h).length, 0);
      sinon.assert.calledOnce(error);
      const message = String(error.firstCall.args[0]);
      assert.match(message, /^Did not delete version "V0004" \(ID 278702\)/);
      assert.match(message, new RegExp(`changed after you confirmed \\(you confirmed for project ${h.emulator.projectId} in region ${h.emulator.region}\\)`));
      assert.match(message, /Nothing was sent/);
      assert.equal(h.deletions.state('182626', '278702'), undefined, 'the claim was released');
    });

    it('from the palette searches jobs as the user types, then picks a version', async () => {
      h.emulator.clearRequests();
      const picker = new FakeQuickPick<vscode.QuickPickItem>();
      sandbox.stub(vscode.window, 'createQuickPick').returns(picker as never);
      const versionPick = sandbox.stub(vscode.window, 'showQuickPick').callsFake((async (items: readonly vscode.QuickPickItem[]) =>
        items.find(i => i.label === 'V0002')) as never);
      warning.resolves('Delete' as never);

      const run = h.handlers[COMMANDS.deleteVersionFromPalette]();
      await until(() => picker.shown && !picker.busy && picker.items.length > 0, 'the first page of jobs');
      assert.equal(picker.items.length, 13);
      assert.equal(picker.matchOnDescription, true);
      assert.equal(picker.matchOnDetail, true);
      const bert = picker.items.find(i => i.label === 'bert-finetune-squad');
      assert.match(String(bert?.description), /^Completed/);
      assert.match(String(bert?.detail), /Job ID 182631 · 3 versions/);
      assert.equal(h.requests('listJobs')[0].query.search_content, undefined, 'no search while the box is empty');

      picker.type('bert');
      assert.equal(picker.busy, true, 'busy while the search is pending');
      await until(() => !picker.busy, 'the search');
      assert.deepEqual(picker.items.map(i => i.label), ['bert-finetune-squad']);
      assert.deepEqual(h.requests('listJobs').map(r => r.query.search_content), [undefined, 'bert']);
      picker.pick(i => i.label === 'bert-finetune-squad');
      await run;

      sinon.assert.calledOnce(versionPick);
      assert.ok(picker.disposed);
      assert.match(dialog(warning).detail, /V0002 \(ID 278540\)/);
      assert.deepEqual(deletes(h).map(r => r.path), [deletePath(h, '182631', '278540')]);
    });

    it('from the palette sends nothing when the job picker is dismissed', async () => {
      const picker = new FakeQuickPick<vscode.QuickPickItem>();
      sandbox.stub(vscode.window, 'createQuickPick').returns(picker as never);
      const run = h.handlers[COMMANDS.deleteVersionFromPalette]();
      await until(() => picker.shown && !picker.busy);
      picker.hide();
      await run;
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
      assert.equal(h.emulator.requests.filter(r => r.method !== 'GET').length, 0, 'dismissed: nothing sent');

      warning.resetHistory();
      warning.resolves('Stop Version' as never);
      await h.handlers[COMMANDS.deleteVersion](node);
      const sent = h.emulator.requests.filter(r => r.method !== 'GET');
      assert.deepEqual(sent.map(r => `${r.method} ${r.path}`), [`POST ${deletePath(h, '182626', '278813')}/stop`]);
      await h.stops.whenIdle();
      sinon.assert.calledWithMatch(info, sinon.match(/^Version "V0005" \(ID 278813\) .* has stopped\. It can be deleted now\.$/), 'Delete Now');
    });

    it('accepts { jobId, versionId } arguments and says when it is the job\'s last version', async () => {
      h.emulator.clearRequests();
      warning.resolves('Delete' as never);
      await h.handlers[COMMANDS.deleteVersionFromPalette]({ jobId: '182650', versionId: 278460 });
      const shown = dialog(warning);
      assert.equal(shown.message, 'Delete version "V0001" of training job "mnist-quickstart"?');
      assert.match(shown.detail, /This is the job's only version\./);
      assert.deepEqual(shown.buttons, ['Delete'], 'one destructive button');
      assert.deepEqual(deletes(h).map(r => r.path), [deletePath(h, '182650', '278460')]);
    });

    it('with { jobId, versionId } resolves to the SDK\'s result, as delete_job_version() returns it', async () => {
      warning.resolves('Delete' as never);
      assert.deepEqual(await h.handlers[COMMANDS.deleteVersionFromPalette]({ jobId: '182626', versionId: '278702' }), { is_success: true });

      h.emulator.inject({ route: 'deleteVersion', kind: 'apiError', status: 400, errorCode: 'ModelArts.0107', message: 'The values of the request parameters are invalid.', times: 1 });
      const failed = await h.handlers[COMMANDS.deleteVersionFromPalette]({ jobId: '182626', versionId: '278615' }) as Record<string, unknown>;
      assert.equal(failed.is_success, false);
      assert.equal(failed.error_code, 'ModelArts.0107');
      assert.match(String(failed.error_msg), /The values of the request parameters are invalid\./);
      sinon.assert.calledOnce(error);

      warning.resolves(undefined);
      assert.equal(await h.handlers[COMMANDS.deleteVersionFromPalette]({ jobId: '182626', versionId: '278533' }), undefined, 'dismissed: nothing');
      const missing = await h.handlers[COMMANDS.deleteVersionFromPalette]({ jobId: '182626', versionId: '999999' }) as Record<string, unknown>;
      assert.deepEqual([missing.is_success, missing.error_code], [false, 'ModelArts.0015']);
      assert.deepEqual(deletes(h).map(r => r.path), [deletePath(h, '182626', '278702'), deletePath(h, '182626', '278615')]);
    });

    it('drops the job from the tree once its last version is deleted', async () => {
      const node = await versionNode(h, '182650', '278460');
      assert.ok((await h.tree.jobs()).includes(node.parent));
      warning.resolves('Delete' as never);
      h.changes.length = 0;
      await h.handlers[COMMANDS.deleteVersion](node);
      await h.deletions.whenIdle();
      assert.ok(h.changes.includes(undefined), 'the jobs list was redrawn');
      const jobs = await h.tree.jobs();
      assert.ok(!jobs.some(j => j.job.jobId === '182650'), 'the job node is gone');
      assert.equal(jobs.length, 12);
      assert.equal(h.tree.findJob('182650'), undefined);
    });

    it('rejects malformed arguments without sending anything', async () => {
      h.emulator.clearRequests();
      await h.handlers[COMMANDS.deleteVersionFromPalette]({ jobId: '182650', versionId: '../278460' });
      sinon.assert.notCalled(warning);
      sinon.assert.calledOnce(error);
      assert.match(error.firstCall.args[0] as string, /versionId/);
      assert.deepEqual(error.firstCall.args.slice(1), ['Show Extension Log'], 'not a credentials problem');
      assert.equal(h.emulator.requests.length, 0);
    });

    it('shows DELETE_FAILED on the node and in the notification, with the service\'s reason, Retry Delete and Show Training Log', async () => {
      const node = await versionNode(h, '182715', '278481');
      h.emulator.failNextDelete('182715', '278481', 'Failed to delete the output directory in OBS: access denied.');
      warning.callsFake((async (_m: string, options?: vscode.MessageOptions) => (options?.modal ? 'Delete' : 'Retry Delete')) as never);
      await h.handlers[COMMANDS.deleteVersion](node);
      await h.deletions.whenIdle();
      assert.equal(h.deletions.state('182715', '278481')?.phase, 'failed');
      const refreshed = await versionNode(h, '182715', '278481');
      const rendered = h.tree.getTreeItem(refreshed);
      assert.match(String(rendered.description), /^Delete failed: Failed to delete the output directory in OBS: access denied\./);
      assert.equal((rendered.iconPath as vscode.ThemeIcon).id, 'error');
      assert.match(String(rendered.contextValue), /(^|;)deletable(;|$)/, 'it can be deleted again');
      await until(() => warning.callCount >= 3, 'Retry Delete asking again');
      const failure = warning.getCall(1).args as unknown as [string, ...string[]];
      assert.deepEqual(failure, [
        'ModelArts could not delete version "V0001" (ID 278481) of training job "xgboost-churn-prediction" (ID 182715): ' +
        'Failed to delete the output directory in OBS: access denied.', 'Retry Delete', 'Show Training Log',
      ]);
      // Retry Delete is Delete Version again: the confirmation names exactly that version, and a second DELETE follows it.
      assert.equal(dialog(warning, 2).message, 'Delete version "V0001" of training job "xgboost-churn-prediction"?');
      await until(() => deletes(h).length === 2, 'the second DELETE');
      assert.deepEqual(deletes(h).map(r => r.path), [deletePath(h, '182715', '278481'), deletePath(h, '182715', '278481')]);
    });

    it('says plainly when ModelArts gives no reason for DELETE_FAILED; Show Training Log opens that version\'s log', async () => {
      const node = await versionNode(h, '182715', '278481');
      h.emulator.failNextDelete('182715', '278481', null);
      warning.callsFake((async (_m: string, options?: vscode.MessageOptions) => (options?.modal ? 'Delete' : 'Show Training Log')) as never);
      await h.handlers[COMMANDS.deleteVersion](node);
      await h.deletions.whenIdle();
      assert.match(String(h.tree.getTreeItem(await versionNode(h, '182715', '278481')).description), /^Delete failed: ModelArts gave no reason\b/);
      assert.match(notifications(warning)[0], /: ModelArts gave no reason\.$/);
      await until(() => h.requests('logFileNames').length > 0, 'the training log being read');
      assert.ok(h.requests('logFileNames').every(r => r.path.includes('/182715/versions/278481/')));
    });

    it('invoked on a job node, preselects that job and goes straight to its versions', async () => {
      const job = (await h.tree.jobs()).find(j => j.job.jobId === '182626');
      assert.ok(job instanceof JobNode);
      const createQuickPick = sandbox.spy(vscode.window, 'createQuickPick');
      let offered: string[] = [];
      let title: string | undefined;
      const versionPick = sandbox.stub(vscode.window, 'showQuickPick').callsFake((async (items: readonly vscode.QuickPickItem[], options?: vscode.QuickPickOptions) => {
        offered = items.map(i => i.label);
        title = options?.title;
        return items.find(i => i.label === 'V0003');
      }) as never);
      warning.resolves('Delete' as never);
      h.emulator.clearRequests();

      await h.handlers[COMMANDS.deleteVersion](job);

      sinon.assert.notCalled(createQuickPick);
      sinon.assert.calledOnce(versionPick);
      assert.deepEqual(offered, ['V0005', 'V0004', 'V0003', 'V0002', 'V0001']);
      assert.match(String(title), /Version of "resnet50-imagenet"/);
      assert.deepEqual(deletes(h).map(r => r.path), [deletePath(h, '182626', '278615')]);
    });
  });

  describe('following a deletion', () => {
    it('polls the job\'s version list only with the client that sent the DELETE, and stops once the credentials change', async () => {
      await start({ emulator: { deleteDelayMs: 60_000 } });
      const node = await versionNode(h, '182626', '278702');
      warning.resolves('Delete' as never);
      h.emulator.clearRequests();
      await h.handlers[COMMANDS.deleteVersion](node);
      await until(() => polls(h).length >= 1, 'the first poll');
      const changed = new Promise<void>(resolve => { const l = h.connection.onDidChange(() => { l.dispose(); resolve(); }); });
      await h.store.set({ kind: 'aksk', ...h.emulator.credentials.temporary });
      await changed;
      const changedAt = Date.now();
      await h.deletions.whenIdle();

      const signedBy = (r: { headers: Record<string, string> }) => /Access=([^,]+)/.exec(r.headers.authorization ?? '')?.[1];
      assert.deepEqual([...new Set(polls(h).map(signedBy))], [h.emulator.credentials.accessKey], 'never with the new key');
      assert.deepEqual(polls(h).filter(r => r.at > changedAt), [], 'no poll after the change');
      assert.deepEqual(h.requests('getVersion').length, 1, 'only the read before the confirmation');
      assert.equal(h.deletions.state('182626', '278702'), undefined, 'no longer followed');
    });

    it('does not take a gateway 404 (APIG.0101) for "gone": the node ends "Deletion not confirmed", told once', async () => {
      await start();
      const node = await versionNode(h, '182626', '278702');
      warning.callsFake((async (_message: string, options?: unknown) =>
        (options as vscode.MessageOptions | undefined)?.modal ? 'Delete' : undefined) as never);
      h.emulator.inject({ route: 'listVersions', kind: 'status', status: 404, errorCode: 'APIG.0101' });
      await h.handlers[COMMANDS.deleteVersion](node);
      await h.deletions.whenIdle();

      assert.equal(polls(h).length, 6, 'every poll of the bound was made');
      assert.equal(h.deletions.state('182626', '278702')?.phase, 'unconfirmed');
      const rendered = h.tree.getTreeItem(node);
      assert.match(String(rendered.description), new RegExp(`^${UNCONFIRMED_TEXT}`));
      await until(() => notifications(warning).length > 0, 'the notification');
      assert.deepEqual(notifications(warning).map(text => /not yet confirmed the deletion of version "V0004" \(ID 278702\)/.test(text)), [true]);
    });

    it('keeps the "not confirmed" state until the job is refreshed, and keeps the loaded pages meanwhile', async () => {
      await start({ emulator: { deleteDelayMs: 60_000 }, pageSize: 2 });
      const job = await jobNode(h, '182626');
      let children = await h.tree.getChildren(job);
      await h.tree.loadMore(children.at(-1) as never);
      children = await h.tree.getChildren(job);
      const node = children.find((c): c is VersionNode => c instanceof VersionNode && c.version.versionId === '278615');
      assert.ok(node);
      warning.callsFake((async (_message: string, options?: unknown) =>
        (options as vscode.MessageOptions | undefined)?.modal ? 'Delete' : undefined) as never);
      await h.handlers[COMMANDS.deleteVersion](node);
      await h.deletions.whenIdle();
      const treePages = () => h.requests('listVersions').filter(r => r.query.per_page === '2').map(r => r.query.page);
      assert.deepEqual(treePages(), ['1', '2'], 'tracker events did not reload the job');
      assert.equal(String(h.tree.getTreeItem(node).description).startsWith(UNCONFIRMED_TEXT), true);

      h.tree.refreshJob('182626');
      assert.equal(h.deletions.state('182626', '278615'), undefined);
      assert.doesNotMatch(String(h.tree.getTreeItem(node).description), /not confirmed/, 'the server\'s state shows again');
    });

    it('removes a confirmed version from loaded pages without skipping the version that moves up a page', async () => {
      await start({ pageSize: 2 });
      const job = await jobNode(h, '182626');
      let children = await h.tree.getChildren(job);
      await h.tree.loadMore(children.at(-1) as never);
      children = await h.tree.getChildren(job);
      assert.deepEqual(children.filter(c => c instanceof VersionNode).map(c => c.version.versionId), ['278813', '278702', '278615', '278533']);
      const node = children.find((c): c is VersionNode => c instanceof VersionNode && c.version.versionId === '278615');
      assert.ok(node);
      warning.resolves('Delete' as never);
      await h.handlers[COMMANDS.deleteVersion](node);
      await h.deletions.whenIdle();

      children = await h.tree.getChildren(job);
      assert.deepEqual(children.filter(c => c instanceof VersionNode).map(c => c.version.versionId), ['278813', '278702', '278533']);
      const more = children.at(-1);
      assert.ok(more && more.kind === 'loadMore', 'Load more… still offered');
      await h.handlers[COMMANDS.loadMore](more);
      children = await h.tree.getChildren(job);
      assert.deepEqual(children.map(c => c instanceof VersionNode ? c.version.versionId : c.kind),
        ['278813', '278702', '278533', '278420'], 'V0001 moved up into page 2 and is listed');
    });
  });

  describe('the palette job picker with 10,000 jobs', () => {
    it('shows the newest page, searches ModelArts as the user types, and finds a job by its ID', async () => {
      await start({ emulator: { scale: { jobs: 10_000, versionsPerJob: 2 } } });
      const picker = new FakeQuickPick<vscode.QuickPickItem>();
      sandbox.stub(vscode.window, 'createQuickPick').returns(picker as never);
      let offered: string[] = [];
      sandbox.stub(vscode.window, 'showQuickPick').callsFake((async (items: readonly vscode.QuickPickItem[]) => {
        offered = items.map(i => String(i.detail));
        return undefined;
      }) as never);

      const run = h.handlers[COMMANDS.deleteVersionFromPalette]();
      await until(() => picker.shown && !picker.busy && picker.items.length > 0, 'the first page');
      assert.equal(picker.items.length, 100);
      assert.match(String(picker.placeholder), /^10000 training jobs; showing the newest 100\. Type to search/);

      picker.type('-09876');
      await until(() => !picker.busy, 'the search');
      assert.equal(picker.items.length, 1);
      assert.match(picker.items[0].label, /-09876$/);
      assert.match(String(picker.items[0].detail), /^Job ID 409876 · 2 versions$/);

      picker.type('409876');
      await until(() => !picker.busy, 'the look-up by ID');
      assert.deepEqual(picker.items.map(i => i.detail), ['Job ID 409876 · 2 versions']);
      assert.deepEqual(h.requests('listJobs').map(r => r.query.search_content), [undefined, '-09876', '409876']);
      assert.ok(h.requests('listJobs').every(r => r.query.per_page === '100'), 'never more than a page of 100');

      picker.pick(i => String(i.detail).startsWith('Job ID 409876'));
      await run;
      assert.equal(offered.length, 2, 'the versions of job 409876 were offered');
      sinon.assert.notCalled(warning);
    });
  });

  describe('several selected versions', () => {
    let typed: sinon.SinonStub;
    beforeEach(async () => {
      await start();
      typed = stubTypedConfirmation(sandbox);
    });

    it('deletes exactly the selected versions after one confirmation that lists them and names the running one left out', async () => {
      const picked = [
        await versionNode(h, '182626', '278702'),
        await versionNode(h, '182626', '278615'),
        await versionNode(h, '182631', '278540'),
        await versionNode(h, '182626', '278813'), // running
      ];
      h.emulator.clearRequests();
      warning.resolves('Delete…' as never);

      await h.handlers[COMMANDS.deleteVersion](picked[1], picked);

      assert.equal(warning.getCalls().filter(c => (c.args[1] as vscode.MessageOptions | undefined)?.modal).length, 1, 'one confirmation');
      const shown = dialog(warning);
      assert.equal(shown.message, 'Delete 3 training job versions?');
      assert.deepEqual(shown.buttons, ['Delete…']);
      sinon.assert.calledOnce(typed);
      assert.equal(typed.firstCall.args[0].placeHolder, '3', 'how many versions go is typed to confirm');
      for (const text of ['V0004 (ID 278702) of resnet50-imagenet (ID 182626)', 'V0003 (ID 278615) of resnet50-imagenet (ID 182626)',
        'V0002 (ID 278540) of bert-finetune-squad (ID 182631)']) {
        assert.ok(shown.detail.includes(`• ${text}`), `the dialog lists ${text}`);
      }
      assert.match(shown.detail, /Not deleted: 1 running or in progress \(stop it first\):\n• V0005 \(ID 278813\) of resnet50-imagenet/);
      assert.match(shown.detail, new RegExp(`Project ${h.emulator.projectId} in region ${h.emulator.region}`));
      assert.match(shown.detail, /This cannot be undone\./);
      assert.deepEqual(deletes(h).map(r => r.path).sort(), [
        deletePath(h, '182626', '278615'), deletePath(h, '182626', '278702'), deletePath(h, '182631', '278540'),
      ].sort());

      await h.deletions.whenIdle();
      assert.deepEqual((await h.tree.versions('182626')).map(v => v.version.versionId), ['278813', '278533', '278420']);
      assert.deepEqual((await h.tree.versions('182631')).map(v => v.version.versionId), ['278790', '278431']);
      sinon.assert.notCalled(error);
      await until(() => notifications(warning).length > 0, 'the end of the batch');
      assert.deepEqual(notifications(warning), ['3 of 4 versions deleted; 1 left out (running).']);
    });

    /**
     * Runs the progress notification's task with a recording stand-in (a prompt, faked at the edge):
     * every report, and Cancel pressed when `cancelWhen` matches a report's message.
     */
    function recordProgress(cancelWhen?: RegExp) {
      const reports: { message: string; increment: number }[] = [];
      const ended: boolean[] = [];
      sandbox.stub(vscode.window, 'withProgress').callsFake((async (_options: unknown, task: (...args: unknown[]) => Promise<unknown>) => {
        const cancel = new vscode.CancellationTokenSource();
        try {
          return await task({
            report: (r: { message?: string; increment?: number }) => {
              reports.push({ message: r.message ?? '', increment: r.increment ?? 0 });
              if (cancelWhen?.test(r.message ?? '')) {
                cancel.cancel();
              }
            },
          }, cancel.token);
        } finally {
          // Whether every deletion was confirmed when the progress closed.
          ended.push(h.deletions.isBusy('182626', '278702') || h.deletions.isBusy('182631', '278540'));
          cancel.dispose();
        }
      }) as never);
      return { reports, stillBusyAtEnd: () => ended[0] };
    }

    it('progress counts the requests answered, then the deletions confirmed, and closes only then; the end says "3 versions deleted."', async () => {
      const picked = [await versionNode(h, '182626', '278702'), await versionNode(h, '182626', '278615'), await versionNode(h, '182631', '278540')];
      const progress = recordProgress();
      warning.resolves('Delete…' as never);
      await h.handlers[COMMANDS.deleteVersion](picked[0], picked);
      const messages = progress.reports.map(r => r.message);
      assert.equal(messages[0], 'Sending 3 requests…');
      assert.ok(messages.includes('1 of 3 requests answered…'), messages.join(' / '));
      assert.equal(messages.at(-1), '3 of 3 deletions confirmed…');
      assert.ok(messages.indexOf('1 of 3 deletions confirmed…') > messages.findIndex(m => m.includes('requests answered')));
      assert.equal(Math.round(progress.reports.reduce((sum, r) => sum + r.increment, 0)), 100, 'the bar fills exactly');
      assert.equal(progress.stillBusyAtEnd(), false, 'the progress stayed until ModelArts confirmed every deletion');
      await until(() => info.getCalls().some(c => c.args[0] === '3 versions deleted.'), 'the end of the batch');
      assert.deepEqual(notifications(warning), []);
    });

    it('Cancel while sending stops sending; the end says what was not sent, and Show Report lists every version rendered', async () => {
      await vscode.workspace.getConfiguration('modelarts').update('deleteConcurrency', 1, vscode.ConfigurationTarget.Global);
      await settingsVisible({ deleteConcurrency: 1 });
      h.emulator.inject({ route: 'deleteVersion', kind: 'latency', latencyMs: 150 });
      h.emulator.failNextDelete('182631', '278540', 'The OBS output folder is locked');
      const picked = [await versionNode(h, '182631', '278540'), await versionNode(h, '182626', '278702'), await versionNode(h, '182626', '278615')];
      const progress = recordProgress(/^1 of 3 requests answered/);
      const open = sandbox.spy(h.reports, 'open');
      warning.callsFake((async (_m: string, options?: vscode.MessageOptions) => (options?.modal ? 'Delete…' : 'Show Report')) as never);
      h.emulator.clearRequests();
      await h.handlers[COMMANDS.deleteVersion](picked[0], picked);
      assert.equal(deletes(h).length, 1, 'nothing sent after Cancel');
      assert.ok(progress.reports.length > 0);
      await until(() => open.called, 'Show Report');
      const uri = await open.firstCall.returnValue;
      assert.deepEqual(notifications(warning), ['0 of 3 versions deleted; 1 could not be deleted, 2 not sent (cancelled).']);
      const report = (await vscode.workspace.openTextDocument(uri)).getText();
      assert.match(report, /^\| V0002 \(ID 278540\) \| bert-finetune-squad \(ID 182631\) \| Could not be deleted: The OBS output folder is locked \|$/m);
      assert.equal((report.match(/\| Not sent: cancelled \|$/gm) ?? []).length, 2);
      const tabs = vscode.window.tabGroups.all.flatMap(g => g.tabs);
      assert.ok(tabs.some(t => t.input instanceof vscode.TabInputWebview && /markdown\.preview/.test(t.input.viewType)),
        `the report opened rendered (Markdown preview): ${tabs.map(t => t.label).join(', ')}`);
    });

    it('lists at most ten versions, then "and N more", and sends nothing when dismissed', async () => {
      const versions = [...await h.tree.versions('182702'), ...await h.tree.versions('182626'), ...await h.tree.versions('182794')];
      const deletable = versions.filter(v => v.version.status !== 8);
      assert.equal(deletable.length, 15);
      h.emulator.clearRequests();
      warning.resolves(undefined);
      await h.handlers[COMMANDS.deleteVersion](deletable[0], deletable);
      const shown = dialog(warning);
      assert.equal(shown.message, 'Delete 15 training job versions?');
      assert.equal((shown.detail.match(/^• /gm) ?? []).length, 10);
      assert.match(shown.detail, /^…and 5 more$/m);
      assert.equal(deletes(h).length, 0);
      sinon.assert.notCalled(typed);
    });

    it('sends nothing when the count is not typed after the confirmation', async () => {
      const picked = [await versionNode(h, '182626', '278702'), await versionNode(h, '182626', '278615')];
      typed.restore();
      typed = stubTypedConfirmation(sandbox, '3');
      h.emulator.clearRequests();
      warning.resolves('Delete…' as never);
      await h.handlers[COMMANDS.deleteVersion](picked[0], picked);
      sinon.assert.calledOnce(typed);
      assert.equal(typed.firstCall.args[0].placeHolder, '2');
      assert.equal(deletes(h).length, 0);
      assert.equal(h.deletions.state('182626', '278702'), undefined);
    });
  });
});
