/**
 * Filter Jobs… against the emulator: the name (`search_content`) and one exact status (`status`) go to
 * ModelArts in the job list request; "Load more…" keeps the filter; Clear Filter lists every job
 * again; the empty state names the filter and offers Clear Filter; the view's description and the
 * `modelarts.filtered` context key follow the filter.
 */
import * as assert from 'node:assert/strict';
import * as sinon from 'sinon';
import * as vscode from 'vscode';
import { COMMANDS, CONTEXT_KEYS } from '../../../src/constants';
import { FilterIndicator } from '../../../src/tree/filterIndicator';
import { JobNode, LoadMoreNode, MessageNode } from '../../../src/tree/nodes';
import { FakeQuickInputs, type Responder } from './fakeQuickInputs';
import { startHarness, type Harness, type HarnessOptions } from './harness';

describe('Filter Jobs', () => {
  const sandbox = sinon.createSandbox();
  let h: Harness;
  let boxes: FakeQuickInputs | undefined;
  /** The status items the last status box offered (separators included). */
  let offered: vscode.QuickPickItem[];

  async function start(options?: HarnessOptions): Promise<void> {
    h = await startHarness(options);
    boxes = undefined;
    offered = [];
  }

  /**
   * The user types `search` in the name box and picks the status labelled `status` (undefined:
   * Escape in that box). `first`: what is typed first, refused by the box's validation.
   */
  function answer(search: string | undefined, status: string | undefined, first?: string): void {
    const respond: Responder = (shown, attempt) => {
      if (shown.kind === 'input') {
        return search === undefined ? 'cancel' : { text: attempt === 1 && first !== undefined ? first : search };
      }
      offered = [...shown.items];
      return status === undefined ? 'cancel' : { pick: status };
    };
    if (boxes) {
      boxes.answerWith(respond);
    } else {
      boxes = new FakeQuickInputs(sandbox, respond);
    }
  }

  const shownBoxes = () => boxes?.shown ?? [];

  const jobNames = async () => (await h.tree.getChildren()).filter((n): n is JobNode => n instanceof JobNode).map(n => n.job.jobName);

  afterEach(async () => {
    sandbox.restore();
    await h?.dispose();
  });

  it('sends the name as search_content and the status code in one listJobs request, and shows the matching jobs', async () => {
    await start();
    assert.equal((await jobNames()).length, 13);
    h.emulator.clearRequests();
    h.changes.length = 0;
    answer('bert', 'Completed');

    await h.handlers[COMMANDS.filterJobs]();

    assert.deepEqual(h.tree.filter, { search: 'bert', status: 10 });
    assert.ok(h.changes.includes(undefined), 'the job list was redrawn');
    assert.deepEqual(await jobNames(), ['bert-finetune-squad']);
    const requests = h.requests('listJobs');
    assert.equal(requests.length, 1);
    assert.equal(requests[0].query.search_content, 'bert');
    assert.equal(requests[0].query.status, '10');
    assert.equal(requests[0].query.page, '1');
    // Every status, in groups, in human words; the current choice (none: All statuses) highlighted.
    const labels = offered.map(item => item.kind === vscode.QuickPickItemKind.Separator ? `— ${item.label}` : item.label);
    assert.deepEqual(labels.slice(0, 5), ['All statuses', '— Running', 'Running', 'Scaling', 'Review running']);
    assert.equal(offered.filter(item => item.kind !== vscode.QuickPickItemKind.Separator).length, 23);
    assert.ok(labels.includes('— Stopped') && labels.includes('Canceled') && labels.includes('Delete failed'));
    assert.ok(offered.every(item => !/[A-Z]{2,}/.test(`${item.label} ${item.description ?? ''}`)), 'no service codes');
    assert.equal(shownBoxes()[1].active?.label, 'All statuses');
    assert.deepEqual(shownBoxes().map(b => `${b.title} ${b.step}/${b.totalSteps}`),
      ['Filter Training Jobs: Name 1/2', 'Filter Training Jobs: Status 2/2']);
  });

  it('validates the name in the box (at most 64 characters) and trims it', async () => {
    await start();
    answer('  resnet  ', 'All statuses', 'x'.repeat(65));
    await h.handlers[COMMANDS.filterJobs]();
    const [name] = shownBoxes();
    assert.equal(name.value, '');
    assert.match(String(name.validationMessage), /At most 64 characters/, 'a name too long is refused in the box');
    assert.deepEqual(h.tree.filter, { search: 'resnet' });
    assert.deepEqual(await jobNames(), ['horovod-resnet101-distributed', 'resnet50-imagenet']);
    const [request] = h.requests('listJobs');
    assert.equal(request.query.search_content, 'resnet');
    assert.equal(request.query.status, undefined, 'All statuses sends no status');
  });

  it('keeps the filter when "Load more…" loads the next page', async () => {
    await start({ pageSize: 2 });
    answer('', 'Completed');
    await h.handlers[COMMANDS.filterJobs]();
    const first = await h.tree.getChildren();
    assert.equal(first.length, 3);
    const more = first[2];
    assert.ok(more instanceof LoadMoreNode);
    assert.equal(h.tree.getTreeItem(more).description, '2 of 4 loaded');

    await h.handlers[COMMANDS.loadMore](more);

    const all = await h.tree.getChildren();
    assert.ok(all.every((n): n is JobNode => n instanceof JobNode), 'every completed job is loaded');
    assert.deepEqual(all.map(n => (n as JobNode).job.status), [10, 10, 10, 10]);
    const requests = h.requests('listJobs');
    assert.deepEqual(requests.map(r => [r.query.page, r.query.per_page, r.query.status, r.query.search_content]),
      [['1', '2', '10', undefined], ['2', '2', '10', undefined]]);
  });

  it('Clear Filter lists every job again, without search_content or status', async () => {
    await start();
    answer('bert', 'Completed');
    await h.handlers[COMMANDS.filterJobs]();
    assert.deepEqual(await jobNames(), ['bert-finetune-squad']);
    h.emulator.clearRequests();

    await h.handlers[COMMANDS.clearFilter]();

    assert.deepEqual(h.tree.filter, {});
    assert.equal((await jobNames()).length, 13);
    const [request] = h.requests('listJobs');
    assert.equal(request.query.search_content, undefined);
    assert.equal(request.query.status, undefined);
  });

  it('says "No training jobs match the filter" with Clear Filter when nothing matches', async () => {
    await start();
    answer('no-such-job', 'Running');
    await h.handlers[COMMANDS.filterJobs]();
    const children = await h.tree.getChildren();
    assert.equal(children.length, 1);
    const [message] = children;
    assert.ok(message instanceof MessageNode);
    const item = h.tree.getTreeItem(message);
    assert.equal(item.label, 'No training jobs match the filter (name: no-such-job · Running)');
    assert.equal(item.description, 'Clear Filter');
    assert.equal(item.command?.command, COMMANDS.clearFilter);

    await h.handlers[COMMANDS.clearFilter]();
    assert.equal((await jobNames()).length, 13);
  });

  it('leaves the filter as it was when the box or the status list is dismissed', async () => {
    await start();
    h.tree.setFilter({ search: 'bert' });
    await jobNames();
    h.emulator.clearRequests();
    h.changes.length = 0;

    answer(undefined, 'Running');
    await h.handlers[COMMANDS.filterJobs]();
    assert.deepEqual(shownBoxes().map(b => b.kind), ['input'], 'Escape in the name box ends it');
    answer('gpt2', undefined);
    await h.handlers[COMMANDS.filterJobs]();

    assert.deepEqual(h.tree.filter, { search: 'bert' });
    assert.deepEqual(h.changes, []);
    assert.equal(h.emulator.requests.length, 0);
  });

  it('pre-fills the current name and highlights the current status', async () => {
    await start();
    h.tree.setFilter({ search: 'bert', status: 10 });
    answer(undefined, undefined);
    await h.handlers[COMMANDS.filterJobs]();
    assert.equal(shownBoxes()[0].value, 'bert');
    answer('bert', undefined);
    await h.handlers[COMMANDS.filterJobs]();
    assert.equal(shownBoxes()[1].active?.label, 'Completed', 'the current status is highlighted');
    assert.equal(offered.find(item => item.label === 'Completed')?.description, 'current');
    assert.equal(offered.find(item => item.label === 'All statuses')?.description, undefined);
  });

  it('shows the filter in the view\'s description and message and sets the modelarts.filtered context key', async () => {
    await start();
    const view: { description?: string; message?: string } = {};
    const keys: [string, boolean][] = [];
    const indicator = new FilterIndicator({ tree: h.tree, view, setContext: async (key, value) => keys.push([key, value]) });
    try {
      answer('bert', 'Running');
      await h.handlers[COMMANDS.filterJobs]();
      assert.equal(view.description, 'name: bert · Running');
      assert.equal(view.message, 'Filtered: name contains "bert" · latest status Running');
      assert.equal(indicator.filtered, true);
      await h.handlers[COMMANDS.clearFilter]();
      assert.equal(view.description, undefined);
      assert.equal(view.message, undefined);
      assert.equal(indicator.filtered, false);
      assert.deepEqual(keys, [[CONTEXT_KEYS.filtered, true], [CONTEXT_KEYS.filtered, false]]);
    } finally {
      indicator.dispose();
    }
  });
});
