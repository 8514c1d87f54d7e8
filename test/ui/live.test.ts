import * as assert from 'node:assert/strict';
import { startEmulator, type Emulator } from '../fixtures/emulator';
import { closeAfterSuite, escapeRegExp, startsWithLabel, versionRow, Workbench } from './workbench';

const JOB_NAME = 'wav2vec2-asr-librispeech';

// The live demo of `npm start`: the queued run V0002 of wav2vec2 starts after 45 s and fails after 65 s
// (counted from the emulator's start: a workbench slow to open on a busy machine still finds it queued).
describe('Live status, Watch and Compare in the real workbench', () => {
  let emulator: Emulator;
  let workbench: Workbench;

  before(async () => {
    emulator = await startEmulator({ v2: false, baseTimeMs: Date.now(), liveDemo: { startMs: 45_000, failMs: 65_000 } });
    workbench = await Workbench.open({ name: 'live', env: { MODELARTS_EMULATOR_URL: emulator.url } });
  });

  closeAfterSuite(() => ({ workbench, emulator }));

  it('right-click a queued version → Watch: it starts and runs without Refresh', async () => {
    await workbench.openViewContainer('ModelArts');
    await workbench.setSideBarWidth(560);
    const job = workbench.treeItem(startsWithLabel(JOB_NAME));
    await job.waitFor({ timeout: 60_000 });
    await job.click();
    const row = workbench.treeItem(versionRow('V0002', 'Initializing'));
    await row.waitFor({ timeout: 30_000 });
    await row.click({ button: 'right' });
    await workbench.chooseFromContextMenu('Watch');
    await workbench.screenshot('watched');
    await workbench.treeItem(versionRow('V0002', 'Running')).waitFor({ timeout: 90_000 });
    // The job row shows its latest version's status too.
    await workbench.treeItem(versionRow(JOB_NAME, 'Running')).waitFor({ timeout: 10_000 });
    await workbench.screenshot('running');
  });

  it('…then fails: the row shows it, and one notification gives the reason', async () => {
    await workbench.treeItem(versionRow('V0002', 'Failed')).waitFor({ timeout: 90_000 });
    const toast = workbench.page.locator('.notification-toast', { hasText: 'has ended: Failed' });
    await toast.waitFor({ timeout: 30_000 });
    assert.match(await toast.innerText(), /CUDA out of memory/);
    await workbench.screenshot('failed-notification');
    assert.equal(await workbench.page.locator('.notification-toast', { hasText: 'has ended' }).count(), 1, 'one notification');
  });

  it('select two versions → Compare: a diff editor of their fields', async () => {
    await workbench.treeItem(versionRow('V0001')).click();
    await workbench.treeItem(versionRow('V0002')).click({ modifiers: ['ControlOrMeta'] });
    await workbench.treeItem(versionRow('V0002')).click({ button: 'right' });
    await workbench.chooseFromContextMenu('Compare');
    const tab = workbench.page.getByRole('tab', { name: new RegExp(`V0001 of ${escapeRegExp(JOB_NAME)} ↔ V0002 of ${escapeRegExp(JOB_NAME)}`) });
    await tab.waitFor({ timeout: 30_000 });
    await workbench.page.locator('.monaco-diff-editor').first().waitFor({ timeout: 15_000 });
    await workbench.page.locator('.monaco-diff-editor .view-lines', { hasText: 'status: Failed' }).first().waitFor({ timeout: 15_000 });
    await workbench.screenshot('compare-diff');
  });
});
