/**
 * Clean Up…: a rule built in steps (or a saved or recent one), evaluated, previewed with checkboxes,
 * confirmed (modal, then the count typed), given a grace period with Undo, and run: only the checked
 * items are deleted, each read again just before its DELETE and skipped if it changed; protected
 * items are left out and listed; a preview too old must be evaluated again; the report says it all.
 * Against the emulator's clean-up demo job 182812 (14 versions over 60 days, most failed or canceled).
 */
import * as assert from 'node:assert/strict';
import * as sinon from 'sinon';
import * as vscode from 'vscode';
import { COMMANDS, GLOBAL_STATE_KEYS, SETTINGS, SETTINGS_SECTION } from '../../../src/constants';
import type { PlanItem } from '../../../src/model/cleanupPlan';
import { GroupNode } from '../../../src/tree/nodes';
import type { CleanupSummary } from '../../../src/ui/cleanupReport';
import { V2_DEMO_IDS } from '../../fixtures/emulator';
import { FakeQuickInputs, type Answer, type Shown } from './fakeQuickInputs';
import { cancelProgress, dialog, jobNode, startHarness, stubMessages, stubTypedConfirmation, versionNode, type Harness, type WarningStub } from './harness';

const JOB = '182812';
/** What "failed, stopped or canceled, older than 14 days, keep the newest 3" selects in job 182812 (newest first). */
const SELECTED = ['278911', '278910', '278909', '278907', '278906', '278905', '278903', '278902', '278901'];

const keyOf = (row: vscode.QuickPickItem) => (row as { item?: PlanItem }).item?.key;
const versionOf = (key: string | undefined) => key?.split('/')[1];

describe('Clean Up…', () => {
  const sandbox = sinon.createSandbox();
  let h: Harness;
  let warning: WarningStub;
  let info: sinon.SinonStub;
  let boxes: FakeQuickInputs;
  /** Versions the preview is answered with unchecked. */
  let uncheck: readonly string[];
  /** Runs while the confirmation modal is open: between the preview and the deletions. */
  let meanwhile: () => Promise<void>;

  async function start(options: { graceSeconds?: number; v2?: boolean } = {}): Promise<void> {
    h = await startHarness({ emulator: { v2: options.v2 === true, cleanupDemo: true, baseTimeMs: Date.now() }, graceSeconds: options.graceSeconds });
    ({ warning, info } = stubMessages(sandbox));
    stubTypedConfirmation(sandbox);
    warning.callsFake((async (_m: string, options_?: vscode.MessageOptions) => {
      if (options_?.modal) {
        await meanwhile();
        return 'Delete…';
      }
      return undefined;
    }) as never);
    uncheck = [];
    meanwhile = async () => undefined;
    boxes = new FakeQuickInputs(sandbox, answerRule('14', '3'));
  }

  /** Answers the builder: statuses as offered (failed, stopped or canceled), the age, the newest kept, no name; the preview with `uncheck` unchecked. */
  function answerRule(age: string, keep: string): (shown: Shown) => Answer {
    return shown => {
      if (shown.title?.startsWith('Clean Up: preview')) {
        return { uncheck: row => uncheck.includes(versionOf(keyOf(row)) ?? '') };
      }
      if (shown.checked) {
        return { uncheck: () => false };
      }
      if (shown.items.some(item => item.label.includes('New rule'))) {
        return { pick: '$(add) New rule…' };
      }
      return { text: /days ago/.test(shown.prompt ?? '') ? age : /newest/.test(shown.prompt ?? '') ? keep : '' };
    };
  }

  const preview = () => boxes.shown.filter(box => box.title?.startsWith('Clean Up: preview'));
  const deletedVersions = () => h.emulator.requests.filter(r => r.method === 'DELETE').map(r => r.path.split('/').at(-1));

  afterEach(async () => {
    sandbox.restore();
    await h?.dispose();
  });

  it('on a job: previews exactly what the rule selects, deletes only what stays checked, each read again first, and reports it', async () => {
    await start();
    uncheck = ['278901', '278902'];
    const node = await jobNode(h, JOB);
    h.emulator.clearRequests();
    const summary = await h.handlers[COMMANDS.cleanUp](node) as CleanupSummary;
    const [shown] = preview();
    assert.deepEqual(shown.items.filter(keyOf).map(row => versionOf(keyOf(row))), SELECTED, 'the preview is the plan');
    assert.deepEqual(shown.checked?.length, SELECTED.length, 'every item checked at first');
    assert.match(shown.items.find(row => keyOf(row) === `${JOB}/278909`)?.detail ?? '', /Because: status Failed, \d+ days old \(more than 14\), not among the newest 3/);
    assert.equal(shown.items[0].label, 'cifar10-nightly-sweep (ID 182812)', 'grouped under its job');
    const expected = SELECTED.filter(v => !uncheck.includes(v));
    assert.deepEqual(deletedVersions().sort(), [...expected].sort(), 'exactly the checked versions, each once');
    // Read again just before the deletions: a versions GET after the preview's, before the first DELETE.
    const reads = h.emulator.requests.map((r, i) => ({ r, i })).filter(({ r }) => r.method === 'GET' && r.path.endsWith(`/training-jobs/${JOB}/versions`));
    const firstDelete = h.emulator.requests.findIndex(r => r.method === 'DELETE');
    assert.equal(reads.filter(({ i }) => i < firstDelete).length, 2, 'read by the evaluation, then again just before its deletions');
    assert.equal(summary.deleted, expected.length);
    const confirmation = dialog(warning);
    assert.equal(confirmation.message, 'Delete 7 versions of training job "cifar10-nightly-sweep"?');
    assert.match(confirmation.detail, /Kept: the 2 you unchecked\./);
    sinon.assert.calledWithMatch(info, 'Clean-up: 7 versions deleted.');
    assert.equal(h.sink.lines.filter(line => /Clean-up: version .* of training job "cifar10-nightly-sweep" .*: deleted\./.test(line)).length, 7, 'one log line per item');
    assert.deepEqual(h.emulator.jobs().find(j => j.jobId === JOB)?.versions.map(v => v.versionId).sort(), ['278904', '278908', '278912', '278913', '278914', ...uncheck].sort());
  });

  it('skips what changed since the preview: a status changed, or now among the newest K; the report says why', async () => {
    await start();
    meanwhile = async () => {
      h.emulator.setVersionStatus(JOB, '278909', 10);
      // Someone deletes a newer version: 278911 becomes one of the newest 3.
      const connection = await h.connection.current();
      await connection?.client.deleteVersion(JOB, '278914');
      h.emulator.clearRequests();
    };
    const summary = await h.handlers[COMMANDS.cleanUp](await jobNode(h, JOB)) as CleanupSummary;
    assert.deepEqual(deletedVersions().sort(), SELECTED.filter(v => v !== '278909' && v !== '278911').sort());
    const entry = (v: string) => summary.entries.find(e => e.key === `${JOB}/${v}`);
    assert.deepEqual(entry('278909'), { key: `${JOB}/278909`, result: 'changed', reason: 'its status changed from Failed to Completed' });
    assert.deepEqual(entry('278911'), { key: `${JOB}/278911`, result: 'changed', reason: 'it is now among the newest 3 of its job' });
    sinon.assert.calledWithMatch(warning, 'Clean-up: 7 of 9 versions deleted; 2 skipped (changed since the preview).');
  });

  it('leaves protected versions out of the preview and lists them; one protected after the preview is skipped, never sent', async () => {
    await start();
    await h.handlers[COMMANDS.protect](await versionNode(h, JOB, '278905'));
    meanwhile = async () => {
      await h.handlers[COMMANDS.protect](await versionNode(h, JOB, '278907'));
    };
    const summary = await h.handlers[COMMANDS.cleanUp](await jobNode(h, JOB)) as CleanupSummary;
    assert.ok(!preview()[0].items.some(row => keyOf(row) === `${JOB}/278905`), 'a protected version is not offered');
    assert.match(preview()[0].placeholder ?? '', /1 protected left out/);
    assert.match(dialog(warning).detail, /Not deleted: 1 protected/);
    assert.ok(!deletedVersions().includes('278905') && !deletedVersions().includes('278907'));
    assert.deepEqual(summary.entries.filter(e => e.result === 'protected').map(e => e.key).sort(), [`${JOB}/278905`, `${JOB}/278907`]);
  });

  it('Undo during the grace period sends nothing', async () => {
    await start({ graceSeconds: 5 });
    cancelProgress(sandbox, / in 5 s — Cancel undoes it/, 100);
    const node = await jobNode(h, JOB);
    h.emulator.clearRequests();
    assert.equal(await h.handlers[COMMANDS.cleanUp](node), undefined);
    assert.equal(h.emulator.requests.filter(r => r.method !== 'GET').length, 0, 'zero requests that change anything');
    sinon.assert.calledWithMatch(info, 'Undone: nothing was deleted, and nothing was sent.');
  });

  it('a preview older than a few minutes is evaluated again before anything is sent; what was unchecked stays unchecked', async () => {
    await start();
    uncheck = ['278901'];
    let modals = 0;
    meanwhile = async () => {
      if (++modals === 1) {
        h.clock.now = Date.now() + 4 * 60_000;
        uncheck = [];
      }
    };
    warning.withArgs(sinon.match(/The preview was made 4 minutes ago/)).resolves('Evaluate Again' as never);
    await h.handlers[COMMANDS.cleanUp](await jobNode(h, JOB));
    assert.equal(preview().length, 2, 'shown again, evaluated afresh');
    assert.equal(preview()[1].checked?.some(row => keyOf(row) === `${JOB}/278901`), false, 'still unchecked');
    assert.equal(modals, 2, 'confirmed again');
    assert.deepEqual(deletedVersions().sort(), SELECTED.filter(v => v !== '278901').sort());
  });

  it('dismissing the stale warning sends nothing', async () => {
    await start();
    meanwhile = async () => {
      h.clock.now = Date.now() + 10 * 60_000;
    };
    const node = await jobNode(h, JOB);
    h.emulator.clearRequests();
    await h.handlers[COMMANDS.cleanUp](node);
    assert.equal(h.emulator.requests.filter(r => r.method === 'DELETE').length, 0);
  });

  it('runs a saved rule by name from the palette over all jobs, reading only jobs whose name can match; the rule is offered again', async () => {
    await start();
    await vscode.workspace.getConfiguration(SETTINGS_SECTION).update(SETTINGS.cleanupRules,
      [{ name: 'old sweeps', statuses: [11, 13], olderThanDays: 14, keepNewest: 3, nameContains: 'CIFAR10' }], vscode.ConfigurationTarget.Global);
    h.emulator.clearRequests();
    await h.handlers[COMMANDS.cleanUp]({ rule: 'old sweeps', kind: 'v1' });
    assert.deepEqual(boxes.shown.map(box => box.title?.split(':')[0]), ['Clean Up'], 'the preview only');
    assert.ok(h.emulator.requests.some(r => r.route === 'listJobs' && r.query.search_content === 'CIFAR10'), 'the server search narrows the list');
    const versionReads = new Set(h.emulator.requests.filter(r => r.path.endsWith('/versions')).map(r => r.path.split('/').at(-2)));
    assert.deepEqual([...versionReads], [JOB], 'only the matching job is read');
    assert.deepEqual(deletedVersions().sort(), SELECTED.filter(v => v !== '278906').sort(), 'statuses 11 and 13 only: not the stopped 278906');
    // Saved rules are offered first next time.
    boxes.answerWith(shown => (shown.items.some(item => item.description === 'saved') ? 'cancel' : { text: '' }));
    await h.handlers[COMMANDS.cleanUp](await jobNode(h, JOB));
    assert.equal(boxes.shown[0].items.find(item => item.description === 'saved')?.label, 'old sweeps');
  });

  it('an unknown saved rule name is an error that names the saved ones', async () => {
    await start();
    await h.handlers[COMMANDS.cleanUp]({ rule: 'nope', kind: 'v1' });
    assert.equal(h.emulator.requests.filter(r => r.method === 'DELETE').length, 0);
    assert.ok(h.sink.lines.some(line => /no saved rule is named "nope"/.test(line)));
  });

  it('offers the last rule used again', async () => {
    await start();
    uncheck = SELECTED.slice(1);
    await h.handlers[COMMANDS.cleanUp](await jobNode(h, JOB));
    assert.equal((h.globalState.get(GLOBAL_STATE_KEYS.recentCleanupRules) as unknown[]).length, 1);
    boxes.answerWith(() => 'cancel');
    await h.handlers[COMMANDS.cleanUp](await jobNode(h, JOB));
    assert.deepEqual(boxes.shown[0].items.map(item => [item.label, item.description]).slice(1),
      [['Failed or Stopped or canceled, older than 14 days, keeping the newest 3 of each job', 'recent']]);
  });

  it('on a selection of jobs: previews each selected job\'s versions, grouped by job', async () => {
    await start();
    const nodes = [await jobNode(h, JOB), await jobNode(h, '182702')];
    await h.handlers[COMMANDS.cleanUp](nodes[1], nodes);
    const [shown] = preview();
    const groups = shown.items.filter(row => row.kind === vscode.QuickPickItemKind.Separator).map(row => row.label);
    assert.deepEqual(groups, ['cifar10-nightly-sweep (ID 182812)', 'gpt2-small-wikitext (ID 182702)'], 'in the order of the selection');
    assert.deepEqual(new Set(shown.items.filter(keyOf).map(row => keyOf(row)?.split('/')[0])), new Set(['182702', JOB]));
    assert.match(dialog(warning).detail, /Examined: 2 selected training jobs\./);
  });

  it('Cancel while the rule is evaluated: no preview, nothing sent, and it says so', async () => {
    await start();
    h.emulator.inject({ route: 'listVersions', kind: 'latency', latencyMs: 300 });
    cancelProgress(sandbox, /^Clean Up: finding/, 100);
    await h.handlers[COMMANDS.cleanUp](await jobNode(h, JOB));
    assert.equal(preview().length, 0);
    sinon.assert.calledWithMatch(info, 'Clean-up cancelled while finding what matches. Nothing was deleted.');
    assert.equal(h.emulator.requests.filter(r => r.method === 'DELETE').length, 0);
  });

  it('Cancel while deleting: what was not sent yet never is, and the report says so', async () => {
    await start();
    h.emulator.inject({ route: 'deleteVersion', kind: 'latency', latencyMs: 300 });
    cancelProgress(sandbox, /^Clean Up: deleting/, 150);
    const node = await jobNode(h, JOB);
    h.emulator.clearRequests();
    const summary = await h.handlers[COMMANDS.cleanUp](node) as CleanupSummary;
    const sent = deletedVersions();
    assert.ok(sent.length >= 1 && sent.length < SELECTED.length, `sent ${sent.length}`);
    const cancelled = summary.entries.filter(e => e.result === 'cancelled').map(e => versionOf(e.key));
    assert.equal(cancelled.length, SELECTED.length - sent.length);
    assert.ok(cancelled.every(v => !sent.includes(v)), 'nothing cancelled was sent');
    sinon.assert.calledWithMatch(warning, sinon.match(/not sent \(cancelled\)/));
  });

  it('says when nothing matches, and sends nothing', async () => {
    await start();
    boxes.answerWith(answerRule('365', '3'));
    await h.handlers[COMMANDS.cleanUp](await jobNode(h, JOB));
    sinon.assert.calledWithMatch(info, /Nothing to clean up: no versions of training job "cifar10-nightly-sweep" \(ID 182812\) match/);
    assert.equal(preview().length, 0);
    assert.equal(h.emulator.requests.filter(r => r.method === 'DELETE').length, 0);
  });

  it('on the new-version root: previews and deletes new-version jobs by phase', async () => {
    await start({ v2: true });
    const top = await h.tree.getChildren();
    const root = top.find((n): n is GroupNode => n instanceof GroupNode && n.scope === 'v2');
    boxes.answerWith(shown => (shown.title?.startsWith('Clean Up: preview') ? { uncheck: () => false }
      : shown.checked ? { uncheck: item => item.label !== 'Failed' } : { text: '' }));
    h.emulator.clearRequests();
    await h.handlers[COMMANDS.cleanUp](root);
    const keys = preview()[0].items.filter(keyOf).map(keyOf);
    assert.ok(keys.includes(V2_DEMO_IDS.failed) && keys.includes(V2_DEMO_IDS.abnormal), keys.join(', '));
    assert.ok(!keys.includes(V2_DEMO_IDS.completed) && !keys.includes(V2_DEMO_IDS.running));
    const deleted = h.emulator.requests.filter(r => r.method === 'DELETE' || r.path.endsWith('/batch-delete'));
    assert.ok(deleted.length > 0);
    const gone = new Set(h.emulator.v2Jobs().map(j => j.jobId));
    assert.ok(!gone.has(V2_DEMO_IDS.failed) && gone.has(V2_DEMO_IDS.completed) && gone.has(V2_DEMO_IDS.running));
  });
});
