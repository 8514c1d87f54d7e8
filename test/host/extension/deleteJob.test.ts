/**
 * Delete Training Job against the emulator: the confirmed job is deleted with exactly one
 * `DELETE …/training-jobs/{jobId}`, shows "Deleting…" and leaves the tree once ModelArts confirms
 * it; a dismissed dialog sends nothing; a failure is shown with its code and message and the jobs
 * refreshed; a job with a running version is refused (with Stop Version offered); `{ jobId }`
 * arguments and the palette's job picker; concurrent invocations; the tracker's bound; and what
 * Delete Version says and shows for a job's last version.
 */
import * as assert from 'node:assert/strict';
import * as sinon from 'sinon';
import * as vscode from 'vscode';
import { COMMANDS } from '../../../src/constants';
import { UNCONFIRMED_TEXT, type VersionNode } from '../../../src/tree/nodes';
import {
  FakeQuickPick, deletes, dialog, jobNode, startHarness, stubMessages, stubTypedConfirmation, until, type Harness, type HarnessOptions,
  type WarningStub,
} from './harness';

const jobPath = (h: Harness, jobId: string) => `/v1/${h.emulator.projectId}/training-jobs/${jobId}`;

describe('Delete Training Job', () => {
  const sandbox = sinon.createSandbox();
  let h: Harness;
  let warning: WarningStub;
  let info: sinon.SinonStub;
  let error: sinon.SinonStub;
  let typed: sinon.SinonStub;

  async function start(options?: HarnessOptions): Promise<void> {
    h = await startHarness(options);
    ({ warning, info, error } = stubMessages(sandbox));
    typed = stubTypedConfirmation(sandbox);
  }

  /** Answers the modal confirmation with `button`, and notifications with nothing. */
  function confirmWith(button: string | undefined): void {
    warning.callsFake((async (_message: string, options?: unknown) =>
      (options as vscode.MessageOptions | undefined)?.modal ? button : undefined) as never);
  }

  afterEach(async () => {
    sandbox.restore();
    await h?.dispose();
  });

  describe('a job', () => {
    beforeEach(() => start({ emulator: { deleteDelayMs: 100 } }));

    it('on Delete sends exactly one DELETE of the job, shows it "Deleting…", and removes it once ModelArts confirms it', async () => {
      const node = await jobNode(h, '182631');
      assert.equal(h.tree.getTreeItem(node).contextValue, 'deletable;job', 'offered on a job that is not running');
      const versions = await h.tree.versions('182631');
      h.emulator.clearRequests();
      h.changes.length = 0;
      confirmWith('Delete…');

      await h.handlers[COMMANDS.deleteJob](node);

      sinon.assert.calledOnce(warning);
      const shown = dialog(warning);
      assert.equal(shown.modal, true);
      assert.deepEqual(shown.buttons, ['Delete…']);
      assert.equal(shown.message, 'Delete training job "bert-finetune-squad" and all its versions?');
      sinon.assert.calledOnce(typed);
      assert.equal(typed.firstCall.args[0].placeHolder, 'bert-finetune-squad', 'the job\'s name is typed to confirm');
      assert.match(typed.firstCall.args[0].prompt, /To delete training job "bert-finetune-squad" and all 3 versions, type bert-finetune-squad\./);
      assert.equal(shown.detail, [
        'Training job: bert-finetune-squad (ID 182631)',
        'Its 3 versions are deleted with it: V0003, V0002, V0001.',
        `Project ${h.emulator.projectId} in region ${h.emulator.region}`,
        '',
        'This cannot be undone.',
      ].join('\n'));
      assert.deepEqual(deletes(h).map(r => `${r.method} ${r.path} ${r.status}`), [`DELETE ${jobPath(h, '182631')} 200`]);
      assert.ok(h.changes.includes(node), 'the job was redrawn');
      const item = h.tree.getTreeItem(node);
      assert.equal(item.description, 'Deleting…');
      assert.equal(item.contextValue, 'deleting;job', 'no second Delete Training Job from the menu');
      assert.deepEqual(versions.map(v => h.tree.getTreeItem(v).description), ['Deleting…', 'Deleting…', 'Deleting…']);
      assert.ok(versions.every(v => h.tree.getTreeItem(v).contextValue === 'deleting;version'), 'no version delete meanwhile');

      await h.deletions.whenIdle();
      const jobs = await h.tree.jobs();
      assert.ok(!jobs.some(j => j.job.jobId === '182631'), 'the job node is gone');
      assert.equal(jobs.length, 12);
      assert.equal(h.tree.findJob('182631'), undefined);
      assert.equal(h.deletions.jobState('182631'), undefined);
      const polls = h.requests('listVersions').filter(r => r.path === `${jobPath(h, '182631')}/versions`);
      assert.ok(polls.length >= 2, 'polled until ModelArts no longer knew the job');
      assert.equal(polls.at(-1)?.status, 404);
      assert.equal(deletes(h).length, 1);
      sinon.assert.notCalled(error);
    });

    it('sends nothing when the confirmation is dismissed', async () => {
      const node = await jobNode(h, '182631');
      h.emulator.clearRequests();
      confirmWith(undefined);
      await h.handlers[COMMANDS.deleteJob](node);
      sinon.assert.calledOnce(warning);
      sinon.assert.notCalled(typed);
      assert.deepEqual(h.emulator.requests.map(r => r.route), ['listVersions'], 'only the job was read');
      assert.equal(h.deletions.jobState('182631'), undefined);
      assert.equal(h.tree.getTreeItem(node).contextValue, 'deletable;job');
      sinon.assert.notCalled(error);
    });

    it('on an API failure shows the error code and message with Show Extension Log, and refreshes the jobs', async () => {
      const node = await jobNode(h, '182631');
      h.emulator.inject({ route: 'deleteJob', kind: 'apiError', status: 400, errorCode: 'ModelArts.0107', message: 'The values of the request parameters (job_id) are invalid.' });
      h.emulator.clearRequests();
      h.changes.length = 0;
      confirmWith('Delete…');

      await h.handlers[COMMANDS.deleteJob](node);

      sinon.assert.calledOnce(error);
      const [message, ...buttons] = error.firstCall.args as [string, ...string[]];
      assert.match(message, /^Could not delete training job "bert-finetune-squad" \(ID 182631\): /);
      assert.match(message, /ModelArts\.0107/);
      assert.match(message, /The values of the request parameters \(job_id\) are invalid\./);
      assert.ok(buttons.includes('Show Extension Log'));
      assert.equal(deletes(h).length, 1, 'never retried');
      assert.equal(h.deletions.jobState('182631'), undefined, 'not shown as deleting');
      assert.ok(h.changes.includes(undefined), 'the job list was refreshed after the failure');
      const jobs = await h.tree.jobs();
      assert.equal(h.requests('listJobs').length, 1, 'the jobs were listed again');
      assert.ok(jobs.some(j => j.job.jobId === '182631'), 'nothing was deleted');
      assert.ok(h.logger.lines.some(line => line.includes('ModelArts.0107')));
    });

    it('does not delete a job with a running version: it names the version and offers Stop Version', async () => {
      const node = await jobNode(h, '182626');
      assert.equal(h.tree.getTreeItem(node).contextValue, 'job;watchable', 'not offered on a running job (Watch is)');
      h.emulator.clearRequests();
      confirmWith(undefined);

      await h.handlers[COMMANDS.deleteJobFromPalette]({ jobId: '182626' });

      sinon.assert.calledOnce(warning);
      const shown = dialog(warning);
      assert.equal(shown.modal, true);
      assert.equal(shown.message, 'Training job "resnet50-imagenet" has a version that is running or in progress, and cannot be deleted yet.');
      assert.match(shown.detail, /^• V0005 \(ID 278813\): running$/m);
      assert.match(shown.detail, /Nothing is deleted now\./);
      assert.deepEqual(shown.buttons, ['Stop Version']);
      assert.deepEqual(h.emulator.requests.map(r => r.route), ['listVersions']);
      assert.equal(h.deletions.jobState('182626'), undefined);
    });

    it('stops the running version when the user chooses Stop Version, and deletes nothing', async () => {
      const node = await jobNode(h, '182626');
      h.emulator.clearRequests();
      confirmWith('Stop Version');
      await h.handlers[COMMANDS.deleteJob](node);
      const sent = h.emulator.requests.filter(r => r.method !== 'GET');
      assert.deepEqual(sent.map(r => `${r.method} ${r.path}`), [`POST ${jobPath(h, '182626')}/versions/278813/stop`]);
      await h.stops.whenIdle();
      sinon.assert.calledWithMatch(info, sinon.match(/^Version "V0005" \(ID 278813\) .* has stopped\./));
    });

    it('accepts { jobId } arguments (a number too) and names a single version as the only one', async () => {
      h.emulator.clearRequests();
      confirmWith('Delete…');
      await h.handlers[COMMANDS.deleteJobFromPalette]({ jobId: 182650 });
      const shown = dialog(warning);
      assert.equal(shown.message, 'Delete training job "mnist-quickstart" and all its versions?');
      assert.match(shown.detail, /^Its only version, V0001, is deleted with it\.$/m);
      assert.deepEqual(deletes(h).map(r => r.path), [jobPath(h, '182650')]);
    });

    it('rejects malformed arguments without sending anything', async () => {
      h.emulator.clearRequests();
      await h.handlers[COMMANDS.deleteJobFromPalette]({ jobId: '../182650' });
      await h.handlers[COMMANDS.deleteJobFromPalette]('182650');
      sinon.assert.notCalled(warning);
      sinon.assert.calledTwice(error);
      assert.match(error.firstCall.args[0] as string, /jobId/);
      assert.deepEqual(error.firstCall.args.slice(1), ['Show Extension Log'], 'not a credentials problem');
      assert.match(error.secondCall.args[0] as string, /\{ jobId \}/);
      assert.equal(h.emulator.requests.length, 0);
    });

    it('says so, sending nothing, when the job no longer exists', async () => {
      h.emulator.clearRequests();
      await h.handlers[COMMANDS.deleteJobFromPalette]({ jobId: '999999' });
      sinon.assert.notCalled(warning);
      sinon.assert.notCalled(error);
      sinon.assert.calledWithMatch(info, sinon.match(`There is no training job with ID 999999 in project ${h.emulator.projectId} of region ${h.emulator.region}.`));
      assert.equal(deletes(h).length, 0);
    });

    it('from the palette searches jobs with the job picker, then confirms the job picked', async () => {
      const picker = new FakeQuickPick<vscode.QuickPickItem>();
      sandbox.stub(vscode.window, 'createQuickPick').returns(picker as never);
      confirmWith('Delete…');
      const run = h.handlers[COMMANDS.deleteJobFromPalette]();
      await until(() => picker.shown && !picker.busy && picker.items.length > 0, 'the job picker');
      assert.equal(picker.title, 'Delete Training Job: Training Job');
      picker.type('xgboost');
      await until(() => !picker.busy, 'the search');
      assert.deepEqual(picker.items.map(i => i.label), ['xgboost-churn-prediction']);
      picker.pick(i => i.label === 'xgboost-churn-prediction');
      await run;
      assert.match(dialog(warning).detail, /^Its 2 versions are deleted with it: V0002, V0001\.$/m);
      assert.deepEqual(deletes(h).map(r => r.path), [jobPath(h, '182715')]);
    });

    it('from the palette sends nothing when the job picker is dismissed', async () => {
      const picker = new FakeQuickPick<vscode.QuickPickItem>();
      sandbox.stub(vscode.window, 'createQuickPick').returns(picker as never);
      const run = h.handlers[COMMANDS.deleteJobFromPalette]();
      await until(() => picker.shown && !picker.busy);
      picker.hide();
      await run;
      sinon.assert.notCalled(warning);
      // Besides the job list, only the new-version search that tells which kinds exist (404 here: no v2 API).
      assert.deepEqual([...new Set(h.emulator.requests.map(r => (r.route === 'unknown' ? `${r.method} ${r.path.split('/').at(-1)} ${r.status}` : r.route)))]
        .filter(r => r !== 'projects').sort(), ['POST training-job-searches 404', 'listJobs']);
    });

    it('sends exactly one DELETE when the same job is deleted twice at once', async () => {
      const node = await jobNode(h, '182715');
      confirmWith('Delete…');
      h.emulator.clearRequests();
      await Promise.all([h.handlers[COMMANDS.deleteJob](node), h.handlers[COMMANDS.deleteJobFromPalette]({ jobId: '182715' })]);
      assert.deepEqual(deletes(h).map(r => r.path), [jobPath(h, '182715')]);
      sinon.assert.calledWithMatch(info, sinon.match(/deletion of training job .*182715.* is already in progress/));
    });
  });

  describe('following the deletion', () => {
    it('polls only with the client that sent the DELETE, and stops once the credentials change', async () => {
      await start({ emulator: { deleteDelayMs: 60_000 } });
      const node = await jobNode(h, '182715');
      confirmWith('Delete…');
      h.emulator.clearRequests();
      await h.handlers[COMMANDS.deleteJob](node);
      await until(() => h.requests('listVersions').some(r => r.path === `${jobPath(h, '182715')}/versions`), 'the first poll');
      const changed = new Promise<void>(resolve => { const l = h.connection.onDidChange(() => { l.dispose(); resolve(); }); });
      await h.store.set({ kind: 'aksk', ...h.emulator.credentials.temporary });
      await changed;
      const changedAt = Date.now();
      await h.deletions.whenIdle();
      const polls = h.requests('listVersions').filter(r => r.path === `${jobPath(h, '182715')}/versions` && r.query.per_page === '1');
      assert.ok(polls.length >= 1, 'polled before the change');
      const signedBy = (r: { headers: Record<string, string> }) => /Access=([^,]+)/.exec(r.headers.authorization ?? '')?.[1];
      assert.deepEqual([...new Set(polls.map(signedBy))], [h.emulator.credentials.accessKey], 'never with the new key');
      assert.deepEqual(polls.filter(r => r.at > changedAt), [], 'no poll after the change');
      assert.equal(h.deletions.jobState('182715'), undefined);
    });

    it('shows "Deletion not confirmed" when ModelArts has not confirmed it within the bound, told once', async () => {
      await start({ emulator: { deleteDelayMs: 60_000 }, pollDelaysMs: [5, 5, 5] });
      const node = await jobNode(h, '182715');
      confirmWith('Delete…');
      await h.handlers[COMMANDS.deleteJob](node);
      await h.deletions.whenIdle();
      assert.equal(h.deletions.jobState('182715')?.phase, 'unconfirmed');
      const item = h.tree.getTreeItem(node);
      assert.match(String(item.description), new RegExp(`^${UNCONFIRMED_TEXT}`));
      assert.equal(item.contextValue, 'deletable;job', 'can be deleted again');
      const notices = () => warning.getCalls().filter(call => !(call.args[1] as vscode.MessageOptions | undefined)?.modal);
      await until(() => notices().length > 0, 'the notification');
      assert.equal(notices().length, 1);
      assert.match(notices()[0].args[0] as string, /not yet confirmed the deletion of training job "xgboost-churn-prediction" \(ID 182715\)/);

      h.tree.refresh();
      assert.equal(h.deletions.jobState('182715'), undefined, 'a refresh shows the server\'s state again');
    });

    it('refuses to delete a version of a job being deleted', async () => {
      await start({ emulator: { deleteDelayMs: 60_000 } });
      const version = (await h.tree.versions('182715'))[0];
      const node = await jobNode(h, '182715');
      confirmWith('Delete…');
      await h.handlers[COMMANDS.deleteJob](node);
      assert.ok(h.deletions.isJobBusy('182715'));
      h.emulator.clearRequests();
      await h.handlers[COMMANDS.deleteVersion](version);
      sinon.assert.calledWithMatch(info, sinon.match(/Training job "xgboost-churn-prediction" \(ID 182715\) is being deleted with all its versions/));
      assert.equal(deletes(h).length, 0);
      sinon.assert.calledOnce(warning);
    });
  });

  describe('the last version of a job (Delete Version)', () => {
    async function lastVersion(): Promise<VersionNode> {
      const [node] = await h.tree.versions('182650');
      assert.equal(node?.version.versionId, '278460');
      assert.equal(node.parent.job.versionCount, 1);
      return node;
    }

    it('has one destructive button, and promises neither that the job stays nor that it goes', async () => {
      await start();
      const node = await lastVersion();
      h.emulator.clearRequests();
      confirmWith('Delete');
      await h.handlers[COMMANDS.deleteVersion](node);
      const shown = dialog(warning);
      assert.deepEqual(shown.buttons, ['Delete']);
      assert.match(shown.detail, /This is the job's only version\. ModelArts may keep the job with no versions, or remove it as well\./);
      assert.doesNotMatch(shown.detail, /will have no versions|Delete Training Job/);
      assert.deepEqual(deletes(h).map(r => r.path), [`${jobPath(h, '182650')}/versions/278460`], 'the version, not the job');
      sinon.assert.notCalled(typed);
    });

    it('the job leaves the tree when ModelArts removes it with its last version', async () => {
      await start();
      const node = await lastVersion();
      confirmWith('Delete');
      await h.handlers[COMMANDS.deleteVersion](node);
      await h.deletions.whenIdle();
      assert.ok(!(await h.tree.jobs()).some(j => j.job.jobId === '182650'), 'the job node is gone');
    });

    it('the job stays, with no versions, when ModelArts keeps it', async () => {
      await start({ emulator: { keepEmptyJobs: true } });
      const node = await lastVersion();
      confirmWith('Delete');
      await h.handlers[COMMANDS.deleteVersion](node);
      await h.deletions.whenIdle();
      const job = (await h.tree.jobs()).find(j => j.job.jobId === '182650');
      assert.ok(job, 'the job is still listed, as ModelArts still lists it');
      assert.equal(job.job.versionCount, 0);
      const children = await h.tree.getChildren(job);
      assert.deepEqual(children.map(c => h.tree.getTreeItem(c).label), ['No versions']);
      assert.equal(h.emulator.jobs().find(j => j.jobId === '182650')?.versions.length, 0);
    });

    it('names no job outcome for a version that is not the last', async () => {
      await start();
      const [node] = await h.tree.versions('182715');
      confirmWith(undefined);
      await h.handlers[COMMANDS.deleteVersion](node);
      assert.deepEqual(dialog(warning).buttons, ['Delete']);
      assert.doesNotMatch(dialog(warning).detail, /only version/);
    });
  });
});
