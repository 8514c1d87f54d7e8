import * as assert from 'node:assert/strict';
import { startEmulator, type Emulator } from '../fixtures/emulator';
import { closeAfterSuite, Workbench } from './workbench';

const JOB = '182812';
const JOB_NAME = 'cifar10-nightly-sweep';
/** What "failed, stopped or canceled, older than 14 days, keep the newest 3" selects in the demo job. */
const SELECTED = ['278901', '278902', '278903', '278905', '278906', '278907', '278909', '278910', '278911'];
/** The one left unchecked in the preview: V0009. */
const KEPT = '278909';

// The workbench as `npm start` sets it up (old-version jobs only, to keep the tree short), with the clean-up demo job.
describe('Clean Up… in the real workbench', () => {
  let emulator: Emulator;
  let workbench: Workbench;

  before(async () => {
    emulator = await startEmulator({ v2: false, cleanupDemo: true, baseTimeMs: Date.now() });
    workbench = await Workbench.open({ name: 'cleanup', env: { MODELARTS_EMULATOR_URL: emulator.url } });
  });

  closeAfterSuite(() => ({ workbench, emulator }));

  it('right-click a job → Clean Up… → build the rule → preview → uncheck one → type the count → only the checked are deleted', async () => {
    await workbench.openViewContainer('ModelArts');
    await workbench.setSideBarWidth(560);
    const row = workbench.treeItem(new RegExp(`^${JOB_NAME}(\\s|,|$)`));
    await row.waitFor({ timeout: 60_000 });
    await row.click({ button: 'right' });
    await workbench.chooseFromContextMenu('Clean Up…');
    const box = workbench.page.locator('.quick-input-widget');
    const title = box.locator('.quick-input-title');
    const input = box.locator('input.input');
    // Statuses: failed, stopped or canceled are checked at first.
    await box.locator('.monaco-list-row', { hasText: 'Stopped or canceled' }).waitFor({ timeout: 15_000 });
    await workbench.screenshot('rule-statuses');
    await workbench.page.keyboard.press('Enter');
    for (const [prompt, answer] of [['days ago', '14'], ['newest', '3'], ['name contains', '']] as const) {
      await box.locator('.quick-input-message, .quick-input-header', { hasText: prompt }).first().waitFor({ timeout: 15_000 });
      await input.fill(answer);
      await workbench.page.keyboard.press('Enter');
    }
    await title.filter({ hasText: 'Clean Up: preview' }).waitFor({ timeout: 30_000 });
    assert.match(await title.innerText(), /9 versions of 1 training job checked of 9/);
    await workbench.page.locator('.notification-toast', { hasText: 'finding versions' }).waitFor({ state: 'detached', timeout: 10_000 });
    const rows = box.locator('.monaco-list-row');
    await rows.filter({ hasText: 'V0009' }).waitFor({ timeout: 15_000 });
    assert.match(await box.innerText(), new RegExp(`${JOB_NAME} \\(ID ${JOB}\\)`), 'grouped under the job');
    await rows.filter({ hasText: 'V0009' }).locator('.monaco-checkbox, input[type=checkbox]').first().click();
    await title.filter({ hasText: '8 versions of 1 training job checked of 9' }).waitFor({ timeout: 15_000 });
    await workbench.screenshot('preview-one-unchecked');
    assert.equal(emulator.requests.filter(r => r.method === 'DELETE').length, 0, 'nothing sent by the preview');
    await input.focus();
    await workbench.page.keyboard.press('Enter');
    const dialog = workbench.dialog();
    await dialog.waitFor({ timeout: 15_000 });
    const text = await dialog.innerText();
    for (const part of [`Delete 8 versions of training job "${JOB_NAME}"?`, 'V0011 (ID 278911) · Failed', 'Kept: the 1 you unchecked.', 'read again just before its deletion']) {
      assert.ok(text.includes(part), `the confirmation does not say ${part}:\n${text}`);
    }
    await workbench.screenshot('cleanup-dialog');
    await dialog.getByRole('button', { name: 'Delete…', exact: true }).click();
    await box.locator('.quick-input-message', { hasText: 'type 8' }).waitFor({ timeout: 15_000 });
    await workbench.page.keyboard.type('8');
    await workbench.page.keyboard.press('Enter');
    // The grace period (5 s by default), then the deletions, then the report's notification.
    const toast = workbench.page.locator('.notification-toast', { hasText: 'Clean-up: 8 versions deleted.' });
    await toast.waitFor({ timeout: 60_000 });
    await workbench.screenshot('cleanup-done');
    await toast.getByRole('button', { name: 'Show Report' }).click();
    // The report opens as a Markdown preview.
    await workbench.page.getByRole('tab', { name: /Clean-up of 8 versions/ }).waitFor({ timeout: 30_000 });
    await workbench.page.waitForTimeout(1000);
    await workbench.screenshot('cleanup-report');
    const deleted = emulator.requests.filter(r => r.method === 'DELETE').map(r => r.path.split('/').at(-1));
    assert.deepEqual([...deleted].sort(), SELECTED.filter(v => v !== KEPT));
    assert.ok(emulator.jobs().find(j => j.jobId === JOB)?.versions.some(v => v.versionId === KEPT), 'the unchecked version is still there');
  });
});
