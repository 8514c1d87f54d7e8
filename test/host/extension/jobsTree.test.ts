/**
 * The Training Jobs tree provider against the emulator: paging, "Load more…" single-flight, empty and
 * error nodes with Retry, stable ids across refresh, versions fetched only on expansion.
 */
import * as assert from 'node:assert/strict';
import * as sinon from 'sinon';
import * as vscode from 'vscode';
import { COMMANDS } from '../../../src/constants';
import { JobNode, LoadMoreNode, MessageNode, VersionNode, type TreeNode } from '../../../src/tree/nodes';
import { jobNode, resetSettings, startHarness, type Harness } from './harness';
import { startEmulator } from '../../fixtures/emulator';

const item = (h: Harness, node: TreeNode) => h.tree.getTreeItem(node);
const ids = (h: Harness, nodes: TreeNode[]) => nodes.map(n => item(h, n).id);

describe('JobsTreeDataProvider', () => {
  const sandbox = sinon.createSandbox();
  let h: Harness;

  afterEach(async () => {
    sandbox.restore();
    await h?.dispose();
  });

  it('shows the first page of jobs then "Load more…", and loads each further page once', async () => {
    h = await startHarness({ pageSize: 5 });
    const first = await h.tree.getChildren();
    assert.equal(first.length, 6);
    assert.ok(first.slice(0, 5).every(n => n instanceof JobNode));
    const more = first[5];
    assert.ok(more instanceof LoadMoreNode);
    const moreItem = item(h, more);
    assert.equal(moreItem.label, 'Load more…');
    assert.equal(moreItem.description, '5 of 13 loaded');
    assert.equal(moreItem.command?.command, COMMANDS.loadMore);
    assert.deepEqual(moreItem.command?.arguments, [more]);
    const list = h.requests('listJobs');
    assert.equal(list.length, 1);
    assert.equal(list[0].query.per_page, '5');
    assert.equal(list[0].query.page, '1');
    assert.equal(h.requests('listVersions').length, 0, 'versions are fetched only on expansion');

    // A double click: two invocations while the first is in flight.
    await Promise.all([h.handlers[COMMANDS.loadMore](more), h.handlers[COMMANDS.loadMore](more)]);
    assert.deepEqual(h.requests('listJobs').map(r => r.query.page), ['1', '2']);
    // The same node clicked again after its page arrived does nothing.
    await h.handlers[COMMANDS.loadMore](more);
    assert.equal(h.requests('listJobs').length, 2);
    assert.ok(h.changes.includes(undefined), 'the root was refreshed after loading a page');

    const second = await h.tree.getChildren();
    assert.equal(second.filter(n => n instanceof JobNode).length, 10);
    const nextMore = second[second.length - 1];
    assert.ok(nextMore instanceof LoadMoreNode);
    assert.equal(nextMore.page, 3);
    await h.handlers[COMMANDS.loadMore](nextMore);
    const all = await h.tree.getChildren();
    assert.equal(all.length, 13);
    assert.ok(all.every(n => n instanceof JobNode), 'no "Load more…" once every job is loaded');
    assert.equal(new Set(ids(h, all)).size, 13);
    assert.deepEqual(h.requests('listJobs').map(r => r.query.page), ['1', '2', '3']);
  });

  it('renders a job with its status, age, tooltip, icon and stable id, and pages its versions', async () => {
    h = await startHarness({ pageSize: 5 });
    let children = await h.tree.getChildren();
    for (let more = children.at(-1); more instanceof LoadMoreNode; more = children.at(-1)) {
      await h.tree.loadMore(more);
      children = await h.tree.getChildren();
    }
    const job = children.find((j): j is JobNode => j instanceof JobNode && j.job.jobId === '182702');
    assert.ok(job, 'job 182702 (gpt2-small-wikitext) is listed');
    const jobItem = item(h, job);
    assert.equal(jobItem.id, 'job/182702');
    assert.equal(jobItem.label, 'gpt2-small-wikitext');
    assert.match(String(jobItem.description), /^Running · /);
    assert.equal(jobItem.collapsibleState, vscode.TreeItemCollapsibleState.Collapsed);
    assert.equal(jobItem.contextValue, 'job;watchable');
    assert.ok(jobItem.iconPath instanceof vscode.ThemeIcon);
    assert.equal(jobItem.iconPath.id, 'sync~spin');
    assert.ok(jobItem.tooltip instanceof vscode.MarkdownString);
    assert.match(jobItem.tooltip.value, /Job ID:\*\* 182702/);
    assert.match(jobItem.tooltip.value, /Versions:\*\* 8/);

    const versions = await h.tree.getChildren(job);
    assert.equal(versions.length, 6);
    assert.deepEqual(h.requests('listVersions').map(r => [r.query.page, r.query.per_page]), [['1', '5']], 'fetched on expansion');
    const v = versions[0];
    assert.ok(v instanceof VersionNode);
    const vItem = item(h, v);
    assert.equal(vItem.id, `job/182702/version/${v.version.versionId}`);
    assert.equal(vItem.label, 'V0008');
    assert.match(String(vItem.description), /^Running · /);
    assert.equal(vItem.contextValue, 'deletable;stoppable;version;watchable');
    assert.ok(vItem.tooltip instanceof vscode.MarkdownString);
    assert.match(vItem.tooltip.value, /Version ID:\*\* 278827/);
    const completed = versions.find(n => n instanceof VersionNode && n.version.status === 10);
    assert.ok(completed);
    assert.equal(item(h, completed).contextValue, 'deletable;version', 'Stop only on running versions');
    assert.equal((item(h, completed).iconPath as vscode.ThemeIcon).id, 'check');

    const more = versions[5];
    assert.ok(more instanceof LoadMoreNode);
    assert.equal(item(h, more).id, 'job/182702/loadMore');
    await Promise.all([h.handlers[COMMANDS.loadMore](more), h.handlers[COMMANDS.loadMore](more)]);
    assert.deepEqual(h.requests('listVersions').map(r => r.query.page), ['1', '2']);
    assert.ok(h.changes.includes(job), 'only the job was refreshed');
    const allVersions = await h.tree.getChildren(job);
    assert.equal(allVersions.length, 8);
    assert.ok(allVersions.every(n => n instanceof VersionNode));
  });

  it('keeps ids and node objects stable across a refresh', async () => {
    h = await startHarness();
    const before = await h.tree.getChildren();
    const job = before[0] as JobNode;
    const versionsBefore = await h.tree.getChildren(job);
    h.tree.refresh();
    const after = await h.tree.getChildren();
    const versionsAfter = await h.tree.getChildren(job);
    assert.deepEqual(ids(h, after), ids(h, before));
    assert.deepEqual(ids(h, versionsAfter), ids(h, versionsBefore));
    assert.equal(after[0], before[0], 'the same JobNode, so expansion state and events still match');
    assert.equal(versionsAfter[0], versionsBefore[0]);
    assert.equal(h.requests('listJobs').length, 2, 'refresh reloads');
    assert.equal(h.requests('listVersions').length, 2);
  });

  it('shows an empty project as a message node naming the project and region', async () => {
    h = await startHarness({ emulator: { scale: { jobs: 0, versionsPerJob: 1 } } });
    const children = await h.tree.getChildren();
    assert.equal(children.length, 1);
    const message = children[0];
    assert.ok(message instanceof MessageNode);
    const messageItem = item(h, message);
    assert.equal(messageItem.label, `No training jobs in project ${h.emulator.projectId} of region ${h.emulator.region}`);
    assert.equal(messageItem.id, 'message/empty');
  });

  it('shows a load failure as an error node whose Retry loads again', async () => {
    h = await startHarness();
    h.emulator.inject({ route: 'listJobs', kind: 'apiError', status: 400, errorCode: 'ModelArts.0104', message: 'Parameter error.' });
    const showError = sandbox.stub(vscode.window, 'showErrorMessage').resolves(undefined);
    const children = await h.tree.getChildren();
    assert.equal(children.length, 1);
    const error = children[0];
    assert.ok(error instanceof MessageNode);
    const errorItem = item(h, error);
    assert.equal(errorItem.id, 'message/error');
    assert.match(String(errorItem.label), /^Could not load training jobs: .*ModelArts\.0104/);
    assert.match(String(errorItem.label), /Parameter error/);
    assert.equal(errorItem.description, 'Retry');
    assert.equal(errorItem.command?.command, COMMANDS.retry);
    assert.ok(h.logger.lines.some(line => line.includes('Loading training jobs failed') && line.includes('ModelArts.0104')));
    sinon.assert.notCalled(showError);

    h.emulator.clearFaults();
    h.changes.length = 0;
    await h.handlers[COMMANDS.retry](error);
    assert.deepEqual(h.changes, [undefined], 'the view is told to read the jobs again (it reads only what changed)');
    const retried = await h.tree.getChildren();
    assert.equal(retried.length, 13);
    assert.ok(retried.every(n => n instanceof JobNode));
  });

  it('shows a failed version list under its job, and a failed next page after the loaded jobs', async () => {
    h = await startHarness({ pageSize: 5 });
    const job = (await h.tree.jobs())[0];
    h.emulator.inject({ route: 'listVersions', kind: 'apiError', status: 400, errorCode: 'ModelArts.0104', times: 1 });
    const versions = await h.tree.getChildren(job);
    assert.equal(versions.length, 1);
    assert.ok(versions[0] instanceof MessageNode);
    assert.equal(item(h, versions[0]).id, `${job.id}/message/error`);
    await h.handlers[COMMANDS.retry](versions[0]);
    assert.ok((await h.tree.getChildren(job)).every(n => n instanceof VersionNode));

    h.emulator.inject({ route: 'listJobs', kind: 'apiError', status: 400, errorCode: 'ModelArts.0104', times: 1 });
    const more = (await h.tree.getChildren())[5] as LoadMoreNode;
    await h.handlers[COMMANDS.loadMore](more);
    const withError = await h.tree.getChildren();
    assert.equal(withError.filter(n => n instanceof JobNode).length, 5, 'loaded jobs stay');
    const tail = withError[5];
    assert.ok(tail instanceof MessageNode);
    assert.match(String(item(h, tail).label), /^Could not load more training jobs/);
    await h.handlers[COMMANDS.retry](tail);
    assert.equal((await h.tree.getChildren()).filter(n => n instanceof JobNode).length, 10);
    assert.deepEqual(h.requests('listJobs').map(r => r.query.page), ['1', '2', '2']);
  });

  it('offers Configure Credentials, not Retry, when the credentials are rejected', async () => {
    h = await startHarness({ signedIn: false });
    await h.store.set({ kind: 'aksk', accessKey: h.emulator.credentials.accessKey, secretKey: 'wrong-secret-key' });
    const children = await h.tree.getChildren();
    const error = children[0];
    assert.ok(error instanceof MessageNode);
    const errorItem = item(h, error);
    assert.equal(errorItem.command?.command, COMMANDS.configureCredentials);
    assert.match(String(errorItem.label), /APIG\.0301|credential|signature/i);
    assert.ok(!JSON.stringify(errorItem).includes('wrong-secret-key'));
  });

  it('keeps the fresher version count: a job list read before the versions does not bring the old count back', async () => {
    h = await startHarness();
    const job = (await h.tree.jobs()).find(j => j.job.jobId === '182626');
    assert.ok(job);
    assert.equal(job.job.versionCount, 5);
    await h.tree.getChildren(job);
    const client = (await h.connection.current())?.client;
    await client?.deleteVersion('182626', '278702');
    h.tree.refreshJob('182626');
    await h.tree.getChildren(job);
    await new Promise(resolve => setImmediate(resolve));
    assert.equal(job.job.versionCount, 4, 'the count of the version list just read');
    assert.ok(h.changes.includes(job), 'the job was redrawn with it');
    // Drawing the root again uses the job page loaded before the deletion (count 5).
    await h.tree.getChildren();
    assert.equal(job.job.versionCount, 4, 'not back to the older 5');
    assert.match((item(h, job).tooltip as vscode.MarkdownString).value, /Versions:\*\* 4/);
    h.tree.refresh();
    await h.tree.getChildren();
    assert.equal(job.job.versionCount, 4, 'a job list read later is taken as it is');
  });

  it('drops a job whose version list answers ModelArts.0015 (deleted elsewhere)', async () => {
    h = await startHarness();
    const job = (await h.tree.jobs()).find(j => j.job.jobId === '182715');
    assert.ok(job);
    const client = (await h.connection.current())?.client;
    await client?.deleteJob('182715');
    h.changes.length = 0;
    await h.tree.getChildren(job);
    await new Promise(resolve => setImmediate(resolve));
    assert.ok(h.changes.includes(undefined), 'the root was redrawn');
    const jobs = await h.tree.jobs();
    assert.ok(!jobs.some(j => j.job.jobId === '182715'));
    assert.equal(jobs.length, 12);
    assert.equal(h.tree.findJob('182715'), undefined);
    assert.equal(h.requests('listJobs').length, 1, 'dropped without reloading the jobs');
  });

  it('does not ignore a Load more click after the list was reloaded: it loads up to that page', async () => {
    h = await startHarness({ pageSize: 2 });
    const job = await jobNode(h, '182626');
    const first = await h.tree.getChildren(job);
    const more = first.at(-1);
    assert.ok(more instanceof LoadMoreNode);
    h.tree.refreshJob('182626');
    await h.handlers[COMMANDS.loadMore](more);
    const after = await h.tree.getChildren(job);
    assert.deepEqual(after.filter(n => n instanceof VersionNode).map(n => n.version.versionId), ['278813', '278702', '278615', '278533']);
    assert.deepEqual(h.requests('listVersions').map(r => r.query.page), ['1', '1', '2']);
    // The same (old) node clicked again: its page is in, nothing more is loaded.
    await h.handlers[COMMANDS.loadMore](more);
    assert.equal(h.requests('listVersions').length, 3);
  });

  it('forgets every node when the connection changes, so findJob never returns a job of the earlier project', async () => {
    h = await startHarness();
    const other = await startEmulator({ projectId: 'fedcba9876543210fedcba9876543210' });
    try {
      const before = h.tree.findJob('182626') ?? (await h.tree.jobs(), h.tree.findJob('182626'));
      assert.ok(before, 'job 182626 of the first project');
      const changed = new Promise<void>(resolve => {
        const listener = h.connection.onDidChange(() => {
          listener.dispose();
          resolve();
        });
      });
      await h.settings.writeConnection({ cloud: 'custom', region: other.region, endpoint: other.url, iamEndpoint: other.url, projectId: '' });
      await changed;
      assert.equal(h.tree.findJob('182626'), undefined, 'nothing of the earlier project');
      const jobs = await h.tree.jobs();
      assert.equal(jobs.length, 13);
      const after = h.tree.findJob('182626');
      assert.ok(after);
      assert.notEqual(after, before, 'a new node for the other project\'s job');
      assert.equal(other.requests.filter(r => r.route === 'listJobs').length, 1, 'loaded from the new project');
      h.tree.refresh();
      assert.equal(h.tree.findJob('182626'), undefined, 'not until the jobs are listed again');
    } finally {
      await resetSettings();
      await other.close();
    }
  });

  it('shows nothing (the welcome view) when no credentials are stored', async () => {
    h = await startHarness({ signedIn: false });
    assert.deepEqual(await h.tree.getChildren(), []);
    assert.equal(h.emulator.requests.length, 0);
  });
});
