/**
 * New-version (v2) training jobs against the emulator: the two roots (or one, when a project has one
 * kind), the v2 job rows and their tasks, and every command on a v2 job — Delete Training Job (one,
 * a selection with batch delete or one DELETE each, the palette and `{ jobId }`), Stop Training Job,
 * Show Training Log and Open Full Log, Show Events, Show Details, Copy ID, the filter and paging.
 */
import * as assert from 'node:assert/strict';
import * as sinon from 'sinon';
import * as vscode from 'vscode';
import { COMMANDS } from '../../../src/constants';
import { GroupNode, JobNode, LoadMoreNode, MessageNode, V2JobNode, V2TaskNode, type TreeNode } from '../../../src/tree/nodes';
import { v2DocumentUri } from '../../../src/ui/v2Documents';
import { V2_DEMO_IDS } from '../../fixtures/emulator';
import {
  FakeQuickPick, dialog, startHarness, stubMessages, stubTypedConfirmation, until, type Harness, type HarnessOptions, type WarningStub,
} from './harness';
import { settingsVisible } from '../settingsVisible';

const ID = V2_DEMO_IDS;

describe('New-version (v2) training jobs', () => {
  const sandbox = sinon.createSandbox();
  let h: Harness;
  let warning: WarningStub;
  let info: sinon.SinonStub;
  let error: sinon.SinonStub;
  let typed: sinon.SinonStub;

  async function start(options: HarnessOptions = {}): Promise<void> {
    h = await startHarness({ ...options, emulator: { v2: true, ...options.emulator } });
    ({ warning, info, error } = stubMessages(sandbox));
    typed = stubTypedConfirmation(sandbox);
  }

  /** Answers a modal with `button`, and notifications with nothing. */
  function confirmWith(button: string | undefined): void {
    warning.callsFake((async (_message: string, options?: unknown) =>
      (options as vscode.MessageOptions | undefined)?.modal ? button : undefined) as never);
  }

  /** The v2 job rows under "Training Jobs" (or at the top when it is the only kind). */
  async function v2Rows(): Promise<TreeNode[]> {
    const top = await h.tree.getChildren();
    const group = top.find((n): n is GroupNode => n instanceof GroupNode && n.scope === 'v2');
    return group ? h.tree.getChildren(group) : top;
  }

  async function v2Node(jobId: string): Promise<V2JobNode> {
    const node = (await v2Rows()).find((n): n is V2JobNode => n instanceof V2JobNode && n.job.jobId === jobId);
    assert.ok(node, `v2 job ${jobId} is in the tree`);
    return node;
  }

  const v2Path = (jobId: string, ...rest: string[]) => [`/v2/${h.emulator.projectId}/training-jobs/${jobId}`, ...rest].join('/');
  const v2Deletes = () => h.emulator.requests.filter(r => r.method === 'DELETE' || r.path.endsWith('/training-jobs/batch-delete'));
  /** `DELETE job 202`, `POST batch-delete 202`: what a delete request was and how it was answered. */
  const sent = () => v2Deletes().map(r => `${r.method} ${r.path.endsWith('/batch-delete') ? 'batch-delete' : 'job'} ${r.status}`);
  const docText = async (uri: vscode.Uri) => (await vscode.workspace.openTextDocument(uri)).getText();

  afterEach(async () => {
    sandbox.restore();
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await h?.dispose();
  });

  describe('the tree', () => {
    it('shows "Training Jobs" (new version) above "Old-Version Training Jobs" when the project has both, the old tree unchanged below', async () => {
      await start();
      const top = await h.tree.getChildren();
      assert.deepEqual(top.map(n => h.tree.getTreeItem(n).label), ['Training Jobs', 'Old-Version Training Jobs']);
      assert.ok(top.every(n => h.tree.getTreeItem(n).collapsibleState === vscode.TreeItemCollapsibleState.Expanded));
      const [v2, v1] = top;
      const v2Children = await h.tree.getChildren(v2);
      assert.equal(v2Children.length, 13);
      assert.ok(v2Children.every(n => n instanceof V2JobNode));
      assert.equal(await h.tree.getParent(v2Children[0]), v2);
      const v1Children = await h.tree.getChildren(v1);
      assert.ok(v1Children[0] instanceof JobNode, 'old-version jobs with their versions, as before');
      assert.equal(v1Children[0].id, `job/${(v1Children[0] as JobNode).job.jobId}`, 'old-version row IDs unchanged');
      assert.equal(await h.tree.getParent(v1Children[0]), v1);
      assert.deepEqual(await h.tree.kinds(), ['v2', 'v1']);
    });

    it('shows the new-version jobs at the top, with no old-version root, when the project has no old-version jobs', async () => {
      await start({ emulator: { v1Jobs: false } });
      const top = await h.tree.getChildren();
      assert.ok(top.every(n => n instanceof V2JobNode), 'no group rows');
      assert.equal(top.length, 13);
      assert.equal(await h.tree.getParent(top[0]), undefined);
      assert.deepEqual(await h.tree.kinds(), ['v2']);
    });

    it('shows a v2 job\'s status with its family\'s icon, name, age and duration; the tooltip has engine, flavor, nodes and the failure', async () => {
      await start();
      const failed = h.tree.getTreeItem(await v2Node(ID.failed));
      assert.equal(failed.label, 'yolov8m-visdrone');
      assert.match(String(failed.description), /^Failed · \d+ [a-z]+ ago · 1 h 35 min$/);
      assert.equal((failed.iconPath as vscode.ThemeIcon).id, 'error');
      assert.equal(failed.contextValue, 'deletable;hasLog;v2job');
      const tooltip = (failed.tooltip as vscode.MarkdownString).value;
      assert.match(tooltip, /\*\*Failure:\*\* worker-1 exited with code 137: OOMKilled/);
      assert.match(tooltip, /\*\*Engine:\*\* PyTorch pytorch\\_2\.1\.0/);
      assert.match(tooltip, /\*\*Flavor:\*\* GPU: 8\\\*NVIDIA-V100/);
      assert.match(tooltip, /\*\*Nodes:\*\* 2/);
      const queued = h.tree.getTreeItem(await v2Node(ID.pending));
      assert.match(String(queued.description), /^Queuing · /);
      assert.equal((queued.iconPath as vscode.ThemeIcon).id, 'clock');
      assert.equal(queued.contextValue, 'deletable;hasLog;stoppable;v2job;watchable');
      assert.equal((h.tree.getTreeItem(await v2Node(ID.terminating)).iconPath as vscode.ThemeIcon).id, 'stop-circle');
      assert.equal(h.tree.getTreeItem(await v2Node(ID.terminating)).contextValue, 'deletable;hasLog;v2job;watchable', 'stopping: no second Stop');
    });

    it('lists a multi-task job\'s tasks as its children; a single-task job is a leaf', async () => {
      await start();
      const multi = await v2Node(ID.multiTask);
      assert.equal(h.tree.getTreeItem(multi).collapsibleState, vscode.TreeItemCollapsibleState.Collapsed);
      const tasks = await h.tree.getChildren(multi);
      assert.deepEqual(tasks.map(t => h.tree.getTreeItem(t).label), ['worker-0', 'worker-1', 'worker-2', 'worker-3']);
      assert.equal(await h.tree.getParent(tasks[0]), multi);
      assert.equal(h.tree.getTreeItem(tasks[0]).contextValue, 'followable;hasLog;v2task', 'a running job\'s task: Follow Log applies');
      const failedTasks = (await h.tree.getChildren(await v2Node(ID.failed))).filter(n => n.kind === 'v2task');
      assert.equal(h.tree.getTreeItem(failedTasks[0]).contextValue, 'hasLog;v2task', 'a failed job\'s task: nothing to follow');
      assert.equal(h.tree.getTreeItem(failedTasks[1]).description, 'exit 137 · OOMKilled');
      const single = await v2Node(ID.completed);
      assert.equal(h.tree.getTreeItem(single).collapsibleState, vscode.TreeItemCollapsibleState.None);
      assert.deepEqual(await h.tree.getChildren(single), []);
    });

    it('pages with Load more… and loses no job and shows none twice, whether the server reads offset as a page or a record offset', async () => {
      for (const v2Offset of ['page', 'record'] as const) {
        await start({ pageSize: 5, emulator: { v1Jobs: false, v2Offset } });
        for (let rows = await v2Rows(); ; rows = await v2Rows()) {
          const more = rows.at(-1);
          if (!(more instanceof LoadMoreNode)) {
            break;
          }
          await h.tree.loadMore(more);
        }
        const ids = (await v2Rows()).map(n => (n as V2JobNode).job.jobId);
        assert.deepEqual(ids, h.emulator.v2Jobs().map(j => j.jobId), `every job once, in order (${v2Offset})`);
        sandbox.restore();
        await h.dispose();
      }
      await start();
    });

    it('filters v2 jobs by name and phase on the server; a status no phase has asks nothing', async () => {
      await start();
      await h.tree.getChildren();
      h.emulator.clearRequests();
      h.tree.setFilter({ search: 'llama', status: 8 });
      const rows = await v2Rows();
      assert.deepEqual(rows.map(n => (n as V2JobNode).job.jobId), [ID.multiTask]);
      const body = JSON.parse(h.requests('v2ListJobs')[0].body) as { filters: unknown[] };
      assert.deepEqual(body.filters, [{ key: 'name', operator: 'like', value: ['llama'] }, { key: 'phase', operator: 'in', value: ['Running'] }]);
      h.emulator.clearRequests();
      h.tree.setFilter({ status: 6 });
      const none = await v2Rows();
      assert.equal(h.requests('v2ListJobs').length, 0, 'DELETE_FAILED has no v2 phase: nothing asked');
      assert.ok(none[0] instanceof MessageNode);
      assert.match(String(h.tree.getTreeItem(none[0]).label), /^No training jobs match the filter/);
    });
  });

  describe('Delete Training Job', () => {
    beforeEach(() => start({ emulator: { deleteDelayMs: 150 } }));

    it('confirms, asks for the name, sends exactly one DELETE, shows "Deleting…" and removes the job once ModelArts says it is gone', async () => {
      const node = await v2Node(ID.completed);
      h.emulator.clearRequests();
      confirmWith('Delete…');
      await h.handlers[COMMANDS.deleteJob](node);
      const shown = dialog(warning);
      assert.equal(shown.modal, true);
      assert.equal(shown.message, 'Delete training job "bge-m3-rerank-ft"?');
      assert.match(shown.detail, new RegExp(`^Training job: bge-m3-rerank-ft \\(ID ${ID.completed}\\)\\nStatus: Completed\\nProject ${h.emulator.projectId} in region`));
      assert.equal(typed.firstCall.args[0].placeHolder, 'bge-m3-rerank-ft');
      assert.deepEqual(v2Deletes().map(r => `${r.method} ${r.path} ${r.status}`), [`DELETE ${v2Path(ID.completed)} 202`]);
      assert.equal(h.tree.getTreeItem(node).description, 'Deleting…');
      assert.equal(h.tree.getTreeItem(node).contextValue, 'deleting;hasLog;v2job');
      await h.deletions.whenIdle();
      assert.ok(!(await v2Rows()).some(n => n instanceof V2JobNode && n.job.jobId === ID.completed), 'gone from the tree');
      assert.ok(!h.emulator.v2Jobs().some(j => j.jobId === ID.completed));
      assert.ok(h.requests('v2GetJob').some(r => r.status === 400), 'followed until 400 ModelArts.2775');
      assert.equal(v2Deletes().length, 1);
      sinon.assert.notCalled(error);
    });

    it('sends nothing when the dialog is dismissed or the name is not typed', async () => {
      const node = await v2Node(ID.completed);
      h.emulator.clearRequests();
      confirmWith(undefined);
      await h.handlers[COMMANDS.deleteJob](node);
      confirmWith('Delete…');
      typed.resolves(undefined);
      await h.handlers[COMMANDS.deleteJob](node);
      assert.equal(v2Deletes().length, 0);
      assert.notEqual(h.tree.getTreeItem(node).description, 'Deleting…');
    });

    it('offers to stop a running job instead of deleting it, and follows the stop', async () => {
      const node = await v2Node(ID.running);
      h.emulator.clearRequests();
      confirmWith('Stop Training Job');
      const result = await h.handlers[COMMANDS.deleteJob](node);
      assert.deepEqual(result, { is_success: false, error_msg: 'Training job "whisper-small-zh" is running.' });
      assert.equal(dialog(warning).message, 'Training job "whisper-small-zh" is running.');
      assert.deepEqual(dialog(warning).buttons, ['Stop Training Job']);
      assert.equal(v2Deletes().length, 0, 'nothing deleted');
      const stop = h.requests('v2StopJob');
      assert.deepEqual(stop.map(r => [r.path, JSON.parse(r.body)]), [[v2Path(ID.running, 'actions'), { action_type: 'terminate' }]]);
      assert.match(String(h.tree.getTreeItem(node).description), /^Stopping/);
      await h.stops.whenIdle();
      assert.match(String(h.tree.getTreeItem(node).description), /^Stopped/);
      await until(() => info.getCalls().some(c => /has stopped\. It can be deleted now\./.test(String(c.args[0]))), 'the end of the stop');
      assert.deepEqual(info.getCalls().find(c => /has stopped/.test(String(c.args[0])))?.args.slice(1), ['Delete Now']);
    });

    it('shows a refused DELETE with its code and message, releases the job, and sent one DELETE only', async () => {
      const node = await v2Node(ID.completed);
      h.emulator.inject({ route: 'v2DeleteJob', kind: 'status', status: 500, errorCode: 'ModelArts.2790', message: 'Internal error', times: 1 });
      h.emulator.clearRequests();
      confirmWith('Delete…');
      await h.handlers[COMMANDS.deleteJob](node);
      sinon.assert.calledOnce(error);
      assert.match(String(error.firstCall.args[0]), /^Could not delete training job "bge-m3-rerank-ft" \(ID [^)]+\): .*ModelArts\.2790/);
      assert.equal(h.requests('v2DeleteJob').length, 1, 'a DELETE is never retried');
      assert.equal(h.deletions.v2JobState(ID.completed), undefined, 'released');
    });

    it('takes { jobId } arguments; a numeric ID stays an old-version job, an unknown v2 ID is said', async () => {
      confirmWith('Delete…');
      await h.handlers[COMMANDS.deleteJobFromPalette]({ jobId: ID.terminated });
      assert.deepEqual(v2Deletes().map(r => r.path), [v2Path(ID.terminated)]);
      h.emulator.clearRequests();
      await h.handlers[COMMANDS.deleteJobFromPalette]({ jobId: '0a0a0a0a-0000-4000-8000-000000000000' });
      sinon.assert.calledWithMatch(info, sinon.match(/^There is no training job with ID 0a0a0a0a-0000-4000-8000-000000000000 in project/));
      await h.handlers[COMMANDS.deleteJobFromPalette]({ jobId: '../../v1' });
      sinon.assert.calledWithMatch(error, sinon.match(/The jobId must be the ID of a new-version training job/));
      confirmWith(undefined);
      await h.handlers[COMMANDS.deleteJobFromPalette]({ jobId: '182631' });
      assert.equal(dialog(warning, warning.callCount - 1).message, 'Delete training job "bert-finetune-squad" and all its versions?', 'a numeric ID is an old-version job');
      assert.equal(v2Deletes().length, 0);
    });

    it('from the palette asks which kind, then searches new-version jobs with the picker', async () => {
      const picker = new FakeQuickPick<vscode.QuickPickItem>();
      sandbox.stub(vscode.window, 'createQuickPick').returns(picker as never);
      const kind = sandbox.stub(vscode.window, 'showQuickPick').callsFake((async (items: readonly (vscode.QuickPickItem & { scope: string })[]) =>
        items.find(i => i.scope === 'v2')) as never);
      confirmWith('Delete…');
      const run = h.handlers[COMMANDS.deleteJobFromPalette]();
      await until(() => picker.shown && !picker.busy && picker.items.length > 0, 'the v2 job picker');
      sinon.assert.calledOnce(kind);
      picker.type('t5');
      await until(() => !picker.busy && picker.items.length === 1, 'the search');
      assert.equal(picker.items[0].label, 't5-base-summarize-cnn');
      assert.match(String(picker.items[0].description), /^Stopped · /);
      picker.pick(() => true);
      await run;
      assert.deepEqual(v2Deletes().map(r => r.path), [v2Path(ID.terminated)]);
      const search = JSON.parse(h.requests('v2ListJobs').at(-1)?.body ?? '{}') as { filters: unknown[] };
      assert.deepEqual(search.filters, [{ key: 'name', operator: 'like', value: ['t5'] }], 'searched by the server');
    });
  });

  describe('a selection of v2 jobs (Delete key)', () => {
    const finished = [ID.completed, ID.terminated, ID.legacyContext];

    async function deleteSelected(ids: readonly string[]): Promise<unknown> {
      const nodes = await Promise.all(ids.map(v2Node));
      h.select(...nodes);
      h.emulator.clearRequests();
      confirmWith('Delete…');
      return h.handlers[COMMANDS.deleteSelection]();
    }

    it('deletes them with one batch request where the project has batch delete, and says when all are gone', async () => {
      await start({ emulator: { deleteDelayMs: 50 } });
      await deleteSelected(finished);
      assert.equal(dialog(warning).message, 'Delete 3 training jobs?');
      assert.equal(typed.firstCall.args[0].placeHolder, '3');
      assert.deepEqual(sent(), ['POST batch-delete 202']);
      assert.deepEqual((JSON.parse(v2Deletes()[0].body) as { jobs: { metadata: { id: string } }[] }).jobs.map(j => j.metadata.id), finished);
      await h.deletions.whenIdle();
      await until(() => info.getCalls().some(c => c.args[0] === '3 training jobs deleted.'), 'the summary');
      assert.ok(finished.every(id => !h.emulator.v2Jobs().some(j => j.jobId === id)));
    });

    it('falls back to one DELETE per job where batch delete does not exist, and leaves out a running job', async () => {
      await start({ emulator: { v2BatchDelete: false } });
      await deleteSelected([...finished, ID.running]);
      assert.match(dialog(warning).detail, /Not deleted: 1 still active \(stop it first\):\n• whisper-small-zh/);
      assert.deepEqual(sent(), ['POST batch-delete 404', 'DELETE job 202', 'DELETE job 202', 'DELETE job 202'],
        'the gateway says there is no batch delete: one DELETE per job');
      assert.ok(!h.requests('v2DeleteJob').some(r => r.path === v2Path(ID.running)), 'the running job was not sent');
      await h.deletions.whenIdle();
      await until(() => warning.getCalls().some(c => c.args[0] === '3 of 4 training jobs deleted; 1 left out (running).'), 'the summary');
    });
  });

  describe('a selection of v2 jobs, cancelled', () => {
    it('Cancel while sending stops sending; the end says what was not sent, and Show Report lists each job', async () => {
      await start({ emulator: { v2BatchDelete: false } });
      await vscode.workspace.getConfiguration('modelarts').update('deleteConcurrency', 1, vscode.ConfigurationTarget.Global);
      await settingsVisible({ deleteConcurrency: 1 });
      h.emulator.inject({ route: 'v2DeleteJob', kind: 'latency', latencyMs: 150 });
      sandbox.stub(vscode.window, 'withProgress').callsFake((async (_options: unknown, task: (...args: unknown[]) => Promise<unknown>) => {
        const cancel = new vscode.CancellationTokenSource();
        try {
          return await task({ report: (r: { message?: string }) => (/^1 of 3 sent/.test(r.message ?? '') ? cancel.cancel() : undefined) }, cancel.token);
        } finally {
          cancel.dispose();
        }
      }) as never);
      const open = sandbox.spy(h.reports, 'open');
      const nodes = await Promise.all([ID.completed, ID.terminated, ID.legacyContext].map(v2Node));
      h.select(...nodes);
      warning.callsFake((async (_m: string, options?: vscode.MessageOptions) => (options?.modal ? 'Delete…' : 'Show Report')) as never);
      h.emulator.clearRequests();
      await h.handlers[COMMANDS.deleteSelection]();
      assert.deepEqual(sent(), ['POST batch-delete 404', 'DELETE job 202'], 'nothing sent after Cancel');
      await until(() => open.called, 'Show Report');
      assert.ok(warning.getCalls().some(c => c.args[0] === '1 of 3 training jobs deleted; 2 not sent (cancelled).'));
      const report = (await vscode.workspace.openTextDocument(await open.firstCall.returnValue)).getText();
      assert.match(report, /^\| bge-m3-rerank-ft \(ID [^)]+\) \| Deleted \|$/m);
      assert.equal((report.match(/\| Not sent: cancelled \|$/gm) ?? []).length, 2);
      assert.equal(h.emulator.v2Jobs().filter(j => j.jobId === ID.terminated || j.jobId === ID.legacyContext).length, 2, 'the cancelled jobs are still there');
    });

    it('a node listed with earlier credentials refuses to act, sends nothing, and the tree refreshes', async () => {
      await start();
      const node = await v2Node(ID.completed);
      const t = h.emulator.credentials.temporary;
      await h.store.set({ kind: 'aksk', accessKey: t.accessKey, secretKey: t.secretKey, securityToken: t.securityToken });
      await h.connection.whenSettled();
      h.emulator.clearRequests();
      confirmWith('Delete…');
      await h.handlers[COMMANDS.deleteJob](node);
      sinon.assert.calledWithMatch(error, sinon.match(/The tree was out of date: training job "bge-m3-rerank-ft"/));
      sinon.assert.notCalled(typed);
      assert.equal(v2Deletes().length, 0);
    });
  });

  describe('Stop Training Job', () => {
    beforeEach(() => start({ emulator: { stopDelayMs: 100 } }));

    it('asks, sends one terminate action, shows "Stopping" and then what ModelArts reports', async () => {
      const node = await v2Node(ID.pending);
      h.emulator.clearRequests();
      confirmWith('Stop Training Job');
      await h.handlers[COMMANDS.stopV2Job](node);
      assert.equal(dialog(warning).message, 'Stop training job "sdxl-lora-anime"?');
      assert.equal(h.requests('v2StopJob').length, 1);
      assert.equal(h.tree.getTreeItem(node).contextValue, 'deletable;hasLog;v2job;watchable', 'no Stop while stopping');
      await h.stops.whenIdle();
      assert.equal(h.tree.getTreeItem(node).description?.toString().split(' · ')[0], 'Stopped');
    });

    it('from the palette offers only jobs that can be stopped, searchable, and stops the one picked', async () => {
      const picker = new FakeQuickPick<vscode.QuickPickItem>();
      sandbox.stub(vscode.window, 'createQuickPick').returns(picker as never);
      confirmWith('Stop Training Job');
      h.emulator.clearRequests();
      const run = h.handlers[COMMANDS.stopV2Job]();
      await until(() => picker.shown && !picker.busy && picker.items.length > 0, 'the picker');
      assert.equal(picker.title, 'Stop Training Job: Training Job');
      assert.deepEqual(picker.items.map(i => i.label).sort(), ['llama3-8b-sft', 'mistral-7b-dpo', 'sdxl-lora-anime', 'whisper-small-zh'],
        'Creating, Pending and Running jobs only (not Terminating)');
      picker.pick(i => i.label === 'sdxl-lora-anime');
      await run;
      assert.deepEqual(h.requests('v2StopJob').map(r => r.path), [v2Path(ID.pending, 'actions')]);
    });

    it('the Delete key on one selected v2 job runs Delete Training Job on it', async () => {
      const node = await v2Node(ID.terminated);
      h.select(node);
      h.emulator.clearRequests();
      confirmWith('Delete…');
      await h.handlers[COMMANDS.deleteSelection]();
      assert.equal(dialog(warning).message, 'Delete training job "t5-base-summarize-cnn"?');
      assert.deepEqual(v2Deletes().map(r => r.path), [v2Path(ID.terminated)]);
    });

    it('says there is nothing to stop on a finished job, without asking or sending', async () => {
      h.emulator.clearRequests();
      await h.handlers[COMMANDS.stopV2Job]({ jobId: ID.completed });
      sinon.assert.notCalled(warning);
      sinon.assert.calledWithMatch(info, sinon.match(/^Nothing to stop: training job "bge-m3-rerank-ft" .* is completed\.$/));
      assert.equal(h.requests('v2StopJob').length, 0);
    });
  });

  describe('logs, events and details', () => {
    beforeEach(() => start({ emulator: { v2LogPreviewCapBytes: 64 * 1024 } }));

    it('Show Training Log opens the task\'s newest log in a read-only log editor', async () => {
      h.clock.now = Date.UTC(2025, 5, 2, 9, 30);
      await h.handlers[COMMANDS.showTrainingLog](await v2Node(ID.completed));
      const editor = vscode.window.activeTextEditor;
      assert.ok(editor, 'an editor opened');
      assert.equal(editor.document.uri.scheme, 'modelarts-v2');
      assert.equal(editor.document.languageId, 'log');
      const text = editor.document.getText();
      assert.match(text, /^# Training log of job "bge-m3-rerank-ft" \(ID [^)]+\), task worker-0\n# The whole log \(/);
      assert.deepEqual(h.requests('v2LogPreview').map(r => r.path), [v2Path(ID.completed, 'tasks', 'worker-0', 'logs', 'preview')]);
    });

    it('picks the task of a task row, reads the old `context` field, and says when a log is not ready, not generated or cleared', async () => {
      const tasks = await h.tree.getChildren(await v2Node(ID.multiTask));
      await h.handlers[COMMANDS.showTrainingLog](tasks[2]);
      assert.equal(h.requests('v2LogPreview').at(-1)?.path, v2Path(ID.multiTask, 'tasks', 'worker-2', 'logs', 'preview'));
      await h.handlers[COMMANDS.showTrainingLog]({ jobId: ID.legacyContext });
      assert.ok(vscode.window.activeTextEditor?.document.getText().split('\n').length ?? 0 > 4, 'the legacy preview was shown');
      await h.handlers[COMMANDS.showTrainingLog]({ jobId: ID.creating });
      sinon.assert.calledWithMatch(info, sinon.match(/^The log of task worker-0 of training job "mistral-7b-dpo" .* is not ready yet: the job is initializing\./));
      await h.handlers[COMMANDS.showTrainingLog]({ jobId: ID.cleared });
      sinon.assert.calledWithMatch(info, sinon.match(/ModelArts has cleared it: training logs are kept for 30 days\./));
      sinon.assert.notCalled(error);
    });

    it('says when the preview is truncated, and Open Full Log asks for the link only then and opens it, never logging it', async () => {
      const open = sandbox.stub(vscode.env, 'openExternal').resolves(true);
      info.callsFake((async (_message: string, ...buttons: string[]) => (buttons.includes('Open Full Log') ? 'Open Full Log' : undefined)) as never);
      h.emulator.clearRequests();
      await h.handlers[COMMANDS.showTrainingLog](await v2Node(ID.large));
      assert.match(vscode.window.activeTextEditor?.document.getText() ?? '', /^# The newest 64\.0 KB of 6\.0 MB \(earlier lines are not shown: run "Open Full Log"/m);
      await until(() => open.called, 'the browser to be asked');
      assert.equal(h.requests('v2LogUrl').length, 1);
      const url = open.firstCall.args[0].toString(true);
      assert.match(url, new RegExp(`^${h.emulator.url}/obs/[0-9a-f]+\\?`));
      const token = url.split('/obs/')[1].split('?')[0];
      assert.ok(!h.sink.lines.some(line => line.includes(token)), 'the link is not in the log');
    });

    it('Show Events renders the timeline newest first with level icons; Show Details masks tokens', async () => {
      sandbox.stub(vscode.commands, 'executeCommand').callThrough().withArgs('markdown.showPreview').resolves(undefined);
      const connection = await h.connection.current();
      assert.ok(connection);
      await h.handlers[COMMANDS.showV2Events](await v2Node(ID.failed));
      const events = await docText(v2DocumentUri({ kind: 'events', jobId: ID.failed, jobName: 'yolov8m-visdrone' }, connection));
      assert.match(events, /^# Events of yolov8m-visdrone\n/);
      assert.match(events, /\| ⛔ \| .* \| Error \| /);
      const times = [...events.matchAll(/^\| \S+ \| (\d{4}-\d\d-\d\d \d\d:\d\d:\d\d) \|/gm)].map(m => m[1]);
      assert.ok(times.length > 2);
      assert.deepEqual(times, [...times].sort().reverse(), 'newest first');
      await h.handlers[COMMANDS.showVersionDetails](await v2Node(ID.multiTask));
      const details = await docText(v2DocumentUri({ kind: 'details', jobId: ID.multiTask, jobName: 'llama3-8b-sft' }, connection));
      assert.match(details, /^# llama3-8b-sft\n/);
      assert.match(details, /"token": "\*{8}"/);
      const raw = (await h.tree.getChildren()).length > 0 ? (await v2Node(ID.multiTask)).job.raw : {};
      const tokens = JSON.stringify(raw).match(/"token":"([^"]+)"/g) ?? [];
      assert.ok(tokens.length > 0, 'the job has tokens');
      for (const t of tokens) {
        assert.ok(!details.includes(t.split('"')[3]), 'no token in the document');
      }
    });

    it('Open Full Log from the log editor\'s title asks for the link of that job and task', async () => {
      const open = sandbox.stub(vscode.env, 'openExternal').resolves(true);
      const tasks = await h.tree.getChildren(await v2Node(ID.multiTask));
      await h.handlers[COMMANDS.showTrainingLog](tasks[1]);
      h.emulator.clearRequests();
      await h.handlers[COMMANDS.openFullLog]();
      assert.deepEqual(h.requests('v2LogUrl').map(r => r.path), [v2Path(ID.multiTask, 'tasks', 'worker-1', 'logs', 'url')]);
      sinon.assert.calledOnce(open);
    });

    it('Copy Details as JSON copies every field with the tokens masked', async () => {
      await h.handlers[COMMANDS.copyVersionJson](await v2Node(ID.completed));
      const copied = JSON.parse(await vscode.env.clipboard.readText()) as { metadata: { id: string; annotations: Record<string, string> } };
      assert.equal(copied.metadata.id, ID.completed);
      assert.equal(copied.metadata.annotations['fe-token'], '********');
    });

    it('Copy ID copies a v2 job\'s ID and a task\'s name', async () => {
      await h.handlers[COMMANDS.copyId](await v2Node(ID.failed));
      assert.equal(await vscode.env.clipboard.readText(), ID.failed);
      const tasks = (await h.tree.getChildren(await v2Node(ID.failed))).filter(n => n instanceof V2TaskNode);
      assert.ok(tasks[1] instanceof V2TaskNode);
      await h.handlers[COMMANDS.copyId](tasks[1]);
      assert.equal(await vscode.env.clipboard.readText(), 'worker-1');
    });
  });
});
