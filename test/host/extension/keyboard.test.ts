/**
 * The keyboard in the Training Jobs view: the Delete key acts on what is selected (versions: Delete
 * Version; a job: Delete Training Job, with its typed confirmation), and the focus stays in the list
 * when the selected row goes (a confirmed deletion) or "Load more…" is used. The view is a recording
 * stand-in (selection and reveal, at the edge); the tree, the commands and the emulator are real.
 */
import * as assert from 'node:assert/strict';
import * as sinon from 'sinon';
import { COMMANDS } from '../../../src/constants';
import { FocusKeeper } from '../../../src/tree/focusKeeper';
import { JobNode, LoadMoreNode, type TreeNode } from '../../../src/tree/nodes';
import {
  deletes, dialog, jobNode, startHarness, stubMessages, stubTypedConfirmation, until, versionNode, type Harness, type WarningStub,
} from './harness';

const jobPath = (h: Harness, jobId: string) => `/v1/${h.emulator.projectId}/training-jobs/${jobId}`;

describe('Keyboard', () => {
  const sandbox = sinon.createSandbox();
  let h: Harness;
  let warning: WarningStub;
  let info: sinon.SinonStub;
  let typed: sinon.SinonStub;

  beforeEach(async () => {
    h = await startHarness();
    ({ warning, info } = stubMessages(sandbox));
    typed = stubTypedConfirmation(sandbox);
  });

  afterEach(async () => {
    sandbox.restore();
    await h.dispose();
  });

  /** A view that records what the keeper reveals; its selection is set by the test. */
  function recordingView() {
    const revealed: { node: TreeNode; options: { select: boolean; focus: boolean } }[] = [];
    const view = {
      selection: [] as TreeNode[],
      reveal: async (node: TreeNode, options: { select: boolean; focus: boolean }) => {
        revealed.push({ node, options });
      },
    };
    const keeper = new FocusKeeper({ tree: h.tree, view });
    return { view, revealed, dispose: () => keeper.dispose() };
  }

  it('Delete on a job row runs Delete Training Job, with its confirmation and the name typed', async () => {
    const job = await jobNode(h, '182631');
    h.select(job);
    warning.resolves('Delete…' as never);
    await h.handlers[COMMANDS.deleteSelection]();
    assert.equal(dialog(warning).message, 'Delete training job "bert-finetune-squad" and all its versions?');
    sinon.assert.calledOnce(typed);
    assert.deepEqual(deletes(h).map(r => r.path), [jobPath(h, '182631')]);
  });

  it('Delete on selected versions runs Delete Version on them (one confirmation for several)', async () => {
    const picked = [await versionNode(h, '182626', '278702'), await versionNode(h, '182626', '278615')];
    h.select(...picked);
    warning.resolves(undefined);
    await h.handlers[COMMANDS.deleteSelection]();
    assert.equal(dialog(warning).message, 'Delete 2 training job versions?');
    assert.equal(deletes(h).length, 0, 'dismissed: nothing sent');
  });

  it('Delete on a job and a version together, or on two jobs, deletes nothing and says what to select', async () => {
    const job = await jobNode(h, '182631');
    h.select(job, await versionNode(h, '182626', '278702'));
    await h.handlers[COMMANDS.deleteSelection]();
    h.select(job, await jobNode(h, '182626'));
    await h.handlers[COMMANDS.deleteSelection]();
    sinon.assert.notCalled(warning);
    assert.deepEqual(info.getCalls().map(c => c.args[0]), [
      'Nothing was deleted: select either versions or one training job, not both.',
      'Nothing was deleted: select one training job at a time to delete it.',
    ]);
    assert.equal(deletes(h).length, 0);
  });

  it('after the selected version is deleted, the next version is selected and focused', async () => {
    const versions = await h.tree.versions('182626');
    const [, target, next] = versions;
    const focus = recordingView();
    try {
      focus.view.selection = [target];
      warning.resolves('Delete' as never);
      await h.handlers[COMMANDS.deleteVersion](target);
      await h.deletions.whenIdle();
      await until(() => focus.revealed.length > 0, 'the focus to move');
      assert.equal(focus.revealed[0].node, next);
      assert.deepEqual(focus.revealed[0].options, { select: true, focus: true });
    } finally {
      focus.dispose();
    }
  });

  it('a deletion of a row that is not selected moves nothing', async () => {
    const [first, second] = await h.tree.versions('182626');
    const focus = recordingView();
    try {
      focus.view.selection = [first];
      warning.resolves('Delete' as never);
      await h.handlers[COMMANDS.deleteVersion](second);
      await h.deletions.whenIdle();
      assert.deepEqual(focus.revealed, []);
    } finally {
      focus.dispose();
    }
  });

  it('after "Load more…", the first new row is selected and focused', async () => {
    await h.dispose();
    h = await startHarness({ pageSize: 5 });
    const children = await h.tree.getChildren();
    const more = children.at(-1);
    assert.ok(more instanceof LoadMoreNode);
    const focus = recordingView();
    try {
      focus.view.selection = [more];
      await h.handlers[COMMANDS.loadMore](more);
      await until(() => focus.revealed.length > 0, 'the focus to move');
      const first = focus.revealed[0].node;
      assert.ok(first instanceof JobNode);
      const jobs = (await h.tree.getChildren()).filter((n): n is JobNode => n instanceof JobNode);
      assert.equal(first, jobs[5], 'the sixth job, the first of page 2');
    } finally {
      focus.dispose();
    }
  });
});
