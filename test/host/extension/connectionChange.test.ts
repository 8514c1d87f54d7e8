/**
 * What a sign-out or a change of connection does to everything that was read or is running with the
 * previous one: tree nodes of the old project never act on the new one; deletion polls, loads and log
 * reads in flight stop (nothing more goes out signed with the removed keys); cached documents are
 * evicted; and a refresh (or deactivation) aborts the load it supersedes.
 */
import * as assert from 'node:assert/strict';
import * as sinon from 'sinon';
import * as vscode from 'vscode';
import { COMMANDS } from '../../../src/constants';
import { startEmulator, type Emulator } from '../../fixtures/emulator';
import { deletes, jobNode, startHarness, stubMessages, stubTypedConfirmation, until, versionNode, type Harness, type WarningStub } from './harness';

/** Resolves on the next connection change the manager announces. */
function nextConnectionChange(h: Harness): Promise<void> {
  return new Promise(resolve => {
    const listener = h.connection.onDidChange(() => {
      listener.dispose();
      resolve();
    });
  });
}

describe('A sign-out or a change of connection', () => {
  const sandbox = sinon.createSandbox();
  let h: Harness;
  let warning: WarningStub;
  let error: sinon.SinonStub;
  let other: Emulator | undefined;

  afterEach(async () => {
    sandbox.restore();
    await other?.close();
    other = undefined;
    await h?.dispose();
  });

  describe('a node loaded with project A, used after switching to project B (the same IDs exist in both)', () => {
    beforeEach(async () => {
      h = await startHarness();
      ({ warning, error } = stubMessages(sandbox));
      stubTypedConfirmation(sandbox);
      other = await startEmulator({ projectId: 'b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0' });
    });

    async function switchToOther(): Promise<void> {
      const changed = nextConnectionChange(h);
      await h.settings.writeConnection({ cloud: 'custom', region: other!.region, endpoint: other!.url, iamEndpoint: other!.url, projectId: other!.projectId });
      await changed;
      h.emulator.clearRequests();
      other!.clearRequests();
      h.changes.length = 0;
    }

    it('Delete Version refuses, says the tree was out of date, sends nothing anywhere, and refreshes', async () => {
      const node = await versionNode(h, '182626', '278702');
      await switchToOther();
      warning.resolves('Delete' as never);

      await h.handlers[COMMANDS.deleteVersion](node);

      sinon.assert.calledOnce(error);
      assert.match(String(error.firstCall.args[0]), /The tree was out of date: version "V0004" \(ID 278702\) of training job "resnet50-imagenet" was listed with ModelArts credentials or connection settings that have changed since/);
      assert.match(String(error.firstCall.args[0]), /Nothing was sent/);
      sinon.assert.notCalled(warning);
      assert.equal(deletes(h).length, 0, 'nothing deleted in project A');
      assert.equal(other!.requests.filter(r => r.method === 'DELETE').length, 0, 'nothing deleted in project B');
      assert.ok(h.changes.includes(undefined), 'the tree was refreshed');
    });

    it('Delete Training Job, Stop Version and Show Training Log refuse the same way', async () => {
      const job = await jobNode(h, '182631');
      const version = await versionNode(h, '182626', '278813');
      await switchToOther();
      warning.resolves('Delete…' as never);

      await h.handlers[COMMANDS.deleteJob](job);
      await h.handlers[COMMANDS.stopVersion](version);
      await h.handlers[COMMANDS.showTrainingLog](version);

      assert.equal(error.callCount, 3);
      for (const call of error.getCalls()) {
        assert.match(String(call.args[0]), /The tree was out of date/);
      }
      assert.deepEqual(other!.requests.filter(r => r.method !== 'GET'), []);
      assert.deepEqual(h.emulator.requests, []);
    });
  });

  describe('sign-out while a deletion is being followed', () => {
    it('stops the polls at once: nothing more is sent signed with the removed keys', async () => {
      h = await startHarness({ emulator: { deleteDelayMs: 60_000 }, pollDelaysMs: [10, 50, 50, 50, 50, 50, 50, 50, 50, 50] });
      ({ warning } = stubMessages(sandbox));
      const node = await versionNode(h, '182626', '278702');
      warning.callsFake((async (message: string) => (message.startsWith('Sign out') ? 'Sign Out' : message.startsWith('Delete') ? 'Delete' : undefined)) as never);
      await h.handlers[COMMANDS.deleteVersion](node);
      await until(() => h.requests('listVersions').some(r => r.query.per_page === '1000'), 'the first poll');

      const changed = nextConnectionChange(h);
      await h.handlers[COMMANDS.signOut]();
      await changed;
      const signedOutAt = Date.now();
      await h.deletions.whenIdle();

      const late = h.requests('listVersions').filter(r => r.at > signedOutAt);
      assert.deepEqual(late, [], 'no poll after the sign-out');
      assert.equal(h.deletions.state('182626', '278702'), undefined, 'the deletion is no longer shown as followed');
      assert.equal(deletes(h).length, 1);
    });
  });

  describe('documents read with the previous connection', () => {
    it('a training log open in an editor is evicted on sign-out and does not read again with other credentials', async () => {
      h = await startHarness();
      ({ warning } = stubMessages(sandbox));
      await h.handlers[COMMANDS.showTrainingLog]({ jobId: '182631', versionId: '278790' });
      const document = vscode.window.activeTextEditor?.document;
      assert.ok(document, 'the log is open');
      assert.match(document.getText(), /^# Training log of job "bert-finetune-squad"/);
      h.emulator.clearRequests();

      warning.resolves('Sign Out' as never);
      await h.handlers[COMMANDS.signOut]();
      await until(() => !document.getText().startsWith('# Training log'), 'the document to be evicted');

      assert.match(document.getText(), /was read with a ModelArts connection that is no longer in use .* Run "Show Training Log" again\./);
      assert.deepEqual(h.emulator.requests, [], 'nothing read again');
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    });
  });

  describe('loads in flight', () => {
    it('a refresh aborts the load it supersedes: of a load and two quick refreshes, one load goes on', async () => {
      h = await startHarness({ emulator: { latencyMs: 300 } });
      const first = h.tree.getChildren();
      await until(() => h.requests('listJobs').length === 1, 'the first load to be sent');
      h.tree.refresh();
      h.tree.refresh();
      const children = await first;
      assert.ok(children.some(n => n.kind === 'job'), 'the caller of the superseded load still gets the jobs');
      const cancelled = h.logger.lines.filter(line => /^GET \/v1\/.*\/training-jobs no answer .*CancelledError/.test(line));
      assert.equal(cancelled.length, 1, h.logger.lines.join('\n'));
      assert.ok(!h.logger.lines.some(line => line.startsWith('Loading training jobs failed')), 'a cancelled load is not an error');
    });

    it('deactivation (closing the connection) aborts a slow load at once', async () => {
      h = await startHarness({ emulator: { latencyMs: 5_000 } });
      const loading = h.tree.getChildren();
      await until(() => h.requests('listJobs').length === 1, 'the load to be sent');
      const closedAt = Date.now();
      h.connection.dispose();
      await loading;
      assert.ok(Date.now() - closedAt < 2_000, `the load ended ${Date.now() - closedAt} ms after the connection closed`);
      assert.ok(h.logger.lines.some(line => /training-jobs no answer .*CancelledError/.test(line)), h.logger.lines.join('\n'));
    });
  });
});
