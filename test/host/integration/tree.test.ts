import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { COMMANDS, SETTINGS, SETTINGS_SECTION } from '../../../src/constants';
import type { TestApi } from '../../../src/extension';
import { connectTo, nextTreeChange, startCanaryEmulator, testApi } from './helpers';

type CanaryEmulator = Awaited<ReturnType<typeof startCanaryEmulator>>;
type Node = Awaited<ReturnType<TestApi['treeProvider']['getChildren']>>[number];

const PAGE_SIZE = 5;

describe('The Training Jobs tree against the emulator', () => {
  let api: TestApi;
  let emulator: CanaryEmulator;

  before(async () => {
    api = await testApi();
    emulator = await startCanaryEmulator();
    await connectTo(api, emulator);
  });

  after(async () => {
    await setPageSize(undefined);
    await emulator.stop();
  });

  async function setPageSize(size: number | undefined): Promise<void> {
    const config = vscode.workspace.getConfiguration(SETTINGS_SECTION);
    if (config.inspect(SETTINGS.pageSize)?.globalValue === size) {
      return;
    }
    const reloaded = nextTreeChange(api, `setting the page size to ${size}`);
    await config.update(SETTINGS.pageSize, size, vscode.ConfigurationTarget.Global);
    await reloaded;
  }

  const label = (node: Node) => {
    const item = api.treeProvider.getTreeItem(node);
    return typeof item.label === 'string' ? item.label : item.label?.label;
  };

  it('shows every job of the project, newest first, with its status', async () => {
    await setPageSize(undefined);
    const nodes = await api.treeProvider.getChildren();
    const expected = emulator.jobs();
    assert.ok(expected.length > PAGE_SIZE, 'the demo data should have more jobs than one small page');
    assert.deepEqual(nodes.map(label).sort(), expected.map(job => job.jobName).sort());
    assert.ok(nodes.every(node => node.kind === 'job'), 'a "Load more" or message node among all jobs');
    for (const node of nodes) {
      const item = api.treeProvider.getTreeItem(node);
      assert.equal(item.collapsibleState, vscode.TreeItemCollapsibleState.Collapsed);
      assert.ok(item.id, 'a job without a stable TreeItem.id');
      assert.ok(typeof item.description === 'string' && item.description.length > 0, `job ${label(node)} has no status description`);
    }
    const created = nodes.map(node => (node.kind === 'job' ? node.job.createTime : 0) ?? 0);
    assert.deepEqual(created, [...created].sort((a, b) => b - a), 'jobs are not newest first');
  });

  it('fetches a job\'s versions only when it is expanded, and shows all of them', async () => {
    await setPageSize(undefined);
    api.treeProvider.refresh();
    emulator.clearRequests();
    const jobs = await api.getJobNodes();
    assert.equal(emulator.requests.filter(r => r.route === 'listVersions').length, 0, 'versions fetched before any job was expanded');
    const job = emulator.jobs().find(j => j.versions.length >= 3);
    assert.ok(job, 'the demo data should have a job with several versions');
    const node = jobs.find(n => n.job.jobId === job.jobId);
    assert.ok(node);
    const children = await api.treeProvider.getChildren(node);
    assert.deepEqual(children.map(label), job.versions.map(v => v.versionName));
    assert.ok(children.every(child => child.kind === 'version'));
    const listed = emulator.requests.filter(r => r.route === 'listVersions');
    assert.equal(listed.length, 1);
    assert.match(listed[0].path, new RegExp(`/training-jobs/${job.jobId}/versions$`));
  });

  it('pages the jobs: one page, then "Load more…" loads the next page once, even when clicked twice', async () => {
    await setPageSize(PAGE_SIZE);
    const all = emulator.jobs();
    let nodes = await api.treeProvider.getChildren();
    assert.equal(nodes.length, PAGE_SIZE + 1);
    let more = nodes[PAGE_SIZE];
    assert.equal(more.kind, 'loadMore');
    assert.equal(label(more), 'Load more…');
    emulator.clearRequests();
    const changed = nextTreeChange(api, 'Load more');
    // A double click: two executions of the node's command at once.
    await Promise.all([
      vscode.commands.executeCommand(COMMANDS.loadMore, more),
      vscode.commands.executeCommand(COMMANDS.loadMore, more),
    ]);
    await changed;
    const pages = emulator.requests.filter(r => r.route === 'listJobs');
    assert.equal(pages.length, 1, 'a double click on "Load more…" sent more than one request');
    nodes = await api.treeProvider.getChildren();
    const jobsShown = nodes.filter(node => node.kind === 'job');
    assert.equal(jobsShown.length, Math.min(2 * PAGE_SIZE, all.length));
    while ((more = nodes[nodes.length - 1]).kind === 'loadMore') {
      await vscode.commands.executeCommand(COMMANDS.loadMore, more);
      nodes = await api.treeProvider.getChildren();
    }
    assert.deepEqual(nodes.map(label).sort(), all.map(job => job.jobName).sort(), 'after the last page, not every job is shown exactly once');
  });

  it('pages a job\'s versions with "Load more…" too', async () => {
    await setPageSize(PAGE_SIZE);
    const job = emulator.jobs().find(j => j.versions.length > PAGE_SIZE);
    assert.ok(job, `the demo data should have a job with more than ${PAGE_SIZE} versions`);
    let jobNode = (await api.getJobNodes()).find(n => n.job.jobId === job.jobId);
    while (!jobNode) {
      const nodes = await api.treeProvider.getChildren();
      const more = nodes[nodes.length - 1];
      assert.equal(more.kind, 'loadMore', `job ${job.jobId} is not in the tree`);
      await vscode.commands.executeCommand(COMMANDS.loadMore, more);
      jobNode = (await api.getJobNodes()).find(n => n.job.jobId === job.jobId);
    }
    let children = await api.treeProvider.getChildren(jobNode);
    assert.equal(children.length, PAGE_SIZE + 1);
    const more = children[PAGE_SIZE];
    assert.equal(more.kind, 'loadMore');
    await vscode.commands.executeCommand(COMMANDS.loadMore, more);
    children = await api.treeProvider.getChildren(jobNode);
    assert.deepEqual(children.map(label), job.versions.map(v => v.versionName));
  });

  it('keeps stable TreeItem ids across a refresh', async () => {
    await setPageSize(undefined);
    const before = await api.getJobNodes();
    const ids = before.map(node => api.treeProvider.getTreeItem(node).id);
    api.treeProvider.refresh();
    const after = await api.getJobNodes();
    assert.deepEqual(after.map(node => api.treeProvider.getTreeItem(node).id), ids);
    assert.equal(new Set(ids).size, ids.length, 'two jobs share a TreeItem.id');
  });
});
