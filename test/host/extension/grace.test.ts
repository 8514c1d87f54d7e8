/**
 * The grace period before a multi-item deletion sends anything (`modelarts.deleteGraceSeconds`): a
 * countdown whose Cancel undoes the deletion with zero requests sent; without Cancel the deletions go
 * once it has run out; 0 sends at once.
 */
import * as assert from 'node:assert/strict';
import * as sinon from 'sinon';
import * as vscode from 'vscode';
import { COMMANDS } from '../../../src/constants';
import { GroupNode, V2JobNode } from '../../../src/tree/nodes';
import { V2_DEMO_IDS } from '../../fixtures/emulator';
import { cancelProgress, deletes, startHarness, stubMessages, stubTypedConfirmation, versionNode, type Harness, type WarningStub } from './harness';

describe('The grace period of a multi-item deletion', () => {
  const sandbox = sinon.createSandbox();
  let h: Harness;
  let warning: WarningStub;
  let info: sinon.SinonStub;

  async function start(graceSeconds: number): Promise<void> {
    h = await startHarness({ graceSeconds, emulator: { v2: true } });
    ({ warning, info } = stubMessages(sandbox));
    stubTypedConfirmation(sandbox);
    warning.callsFake((async (_m: string, options?: vscode.MessageOptions) => (options?.modal ? 'Delete…' : undefined)) as never);
  }

  /** Runs progress notifications for real, pressing Cancel on the countdown when `undo` is set; records the titles. */
  function countdown(undo: boolean): string[] {
    return cancelProgress(sandbox, undo ? / in \d+ s — Cancel undoes it/ : undefined, 200);
  }

  afterEach(async () => {
    sandbox.restore();
    await h?.dispose();
  });

  it('Cancel during the countdown undoes the deletion of several versions: nothing is sent', async () => {
    await start(5);
    const titles = countdown(true);
    const nodes = [await versionNode(h, '182626', '278702'), await versionNode(h, '182626', '278615')];
    h.emulator.clearRequests();
    await h.handlers[COMMANDS.deleteVersion](nodes[0], nodes);
    assert.ok(titles.includes('Deleting 2 versions in 5 s — Cancel undoes it (nothing is sent)'), titles.join(' / '));
    assert.equal(deletes(h).length, 0, 'zero requests');
    sinon.assert.calledWithMatch(info, 'Undone: none of the 2 versions was deleted, and nothing was sent.');
    assert.ok(nodes.every(node => !/Deleting/.test(String(h.tree.getTreeItem(node).description))));
  });

  it('without Cancel, the versions are sent once the countdown has run out', async () => {
    await start(1);
    countdown(false);
    const nodes = [await versionNode(h, '182626', '278702'), await versionNode(h, '182626', '278615')];
    h.emulator.clearRequests();
    const confirmedAt = Date.now();
    await h.handlers[COMMANDS.deleteVersion](nodes[0], nodes);
    assert.equal(deletes(h).length, 2);
    assert.ok(deletes(h).every(r => r.at - confirmedAt >= 900), 'nothing sent before the countdown ran out');
  });

  it('Cancel during the countdown undoes the deletion of several new-version jobs: no batch, no DELETE', async () => {
    await start(5);
    countdown(true);
    const top = await h.tree.getChildren();
    const rows = await h.tree.getChildren(top.find((n): n is GroupNode => n instanceof GroupNode && n.scope === 'v2'));
    const nodes = rows.filter((n): n is V2JobNode => n instanceof V2JobNode && [V2_DEMO_IDS.completed, V2_DEMO_IDS.terminated].includes(n.job.jobId as never));
    h.select(...nodes);
    h.emulator.clearRequests();
    await h.handlers[COMMANDS.deleteSelection]();
    assert.equal(h.emulator.requests.filter(r => r.method === 'DELETE' || r.path.endsWith('/batch-delete')).length, 0);
    sinon.assert.calledWithMatch(info, 'Undone: none of the 2 training jobs was deleted, and nothing was sent.');
  });
});
