import * as assert from 'node:assert/strict';
import { startEmulator, V2_DEMO_IDS, type Emulator } from '../fixtures/emulator';
import { closeAfterSuite, escapeRegExp, startsWithLabel, Workbench } from './workbench';

/** How long the emulator keeps a deleted job readable, so that "Deleting…" is seen. */
const DELETE_DELAY_MS = 3000;


// The workbench as `npm start` sets it up, against an emulator with both kinds of job.
describe('New-version (v2) training jobs in the real workbench', () => {
  let emulator: Emulator;
  let workbench: Workbench;
  const name = (jobId: string) => {
    const job = emulator.v2Jobs().find(j => j.jobId === jobId);
    assert.ok(job, `demo job ${jobId}`);
    return job.name;
  };

  before(async () => {
    emulator = await startEmulator({ deleteDelayMs: DELETE_DELAY_MS });
    workbench = await Workbench.open({ name: 'v2jobs', env: { MODELARTS_EMULATOR_URL: emulator.url } });
  });

  closeAfterSuite(() => ({ workbench, emulator }));

  it('shows "Training Jobs" with the new-version jobs above "Old-Version Training Jobs"', async () => {
    await workbench.openViewContainer('ModelArts');
    await workbench.setSideBarWidth(560);
    const v2Root = workbench.treeItem(startsWithLabel('Training Jobs'));
    await v2Root.waitFor({ timeout: 60_000 });
    await workbench.treeItem(startsWithLabel(name(V2_DEMO_IDS.failed))).waitFor({ timeout: 30_000 });
    const v1Root = workbench.treeItem(startsWithLabel('Old-Version Training Jobs'));
    await v1Root.waitFor({ timeout: 30_000 });
    const [top, below] = await Promise.all([v2Root.boundingBox(), v1Root.boundingBox()]);
    assert.ok(top && below && top.y < below.y, 'the new-version root comes first');
    assert.match(await workbench.treeItem(startsWithLabel(name(V2_DEMO_IDS.failed))).getAttribute('aria-label') ?? '', /Failed · .* · 1 h 35 min/);
    await workbench.screenshot('both-roots');
  });

  it('right-click a v2 job → Delete Training Job → type its name → "Deleting…" → gone', async () => {
    const jobName = name(V2_DEMO_IDS.terminated);
    const row = workbench.treeItem(startsWithLabel(jobName));
    await row.click({ button: 'right' });
    await workbench.contextMenuItem('Show Events').waitFor({ timeout: 15_000 });
    await workbench.screenshot('v2-context-menu');
    await workbench.chooseFromContextMenu('Delete Training Job');
    const dialog = workbench.dialog();
    await dialog.waitFor({ timeout: 15_000 });
    const text = await dialog.innerText();
    for (const part of [jobName, V2_DEMO_IDS.terminated, 'Stopped', 'cannot be undone']) {
      assert.ok(text.includes(part), `the confirmation does not name ${part}:\n${text}`);
    }
    await workbench.screenshot('v2-delete-dialog');
    await dialog.getByRole('button', { name: 'Delete…', exact: true }).click();
    const box = workbench.page.locator('.quick-input-widget');
    await box.waitFor({ timeout: 15_000 });
    assert.match(await box.innerText(), new RegExp(`To delete training job "${escapeRegExp(jobName)}", type ${escapeRegExp(jobName)}\\.`));
    assert.equal(emulator.requests.filter(r => r.method === 'DELETE').length, 0, 'nothing sent before the name is typed');
    await workbench.page.keyboard.type(jobName);
    await workbench.page.keyboard.press('Enter');
    await workbench.treeItem(new RegExp(`^${escapeRegExp(jobName)} Deleting…`)).waitFor({ timeout: 30_000 });
    await workbench.screenshot('v2-deleting');
    await row.waitFor({ state: 'detached', timeout: 30_000 });
    await workbench.screenshot('v2-gone');
    assert.deepEqual(emulator.requests.filter(r => r.method === 'DELETE').map(r => r.path),
      [`/v2/${emulator.projectId}/training-jobs/${V2_DEMO_IDS.terminated}`]);
    assert.ok(!emulator.v2Jobs().some(j => j.jobId === V2_DEMO_IDS.terminated));
  });

  it('Show Training Log on a v2 job opens its log in an editor', async () => {
    const jobName = name(V2_DEMO_IDS.completed);
    await workbench.treeItem(startsWithLabel(jobName)).click({ button: 'right' });
    await workbench.chooseFromContextMenu('Show Training Log');
    const tab = workbench.page.getByRole('tab', { name: new RegExp(`^${escapeRegExp(jobName)} worker-0\\.log`) });
    await tab.waitFor({ timeout: 30_000 });
    await workbench.page.locator('.monaco-editor .view-lines', { hasText: 'Training log of job' }).first().waitFor({ timeout: 30_000 });
    await workbench.screenshot('v2-training-log');
    assert.deepEqual(emulator.requests.filter(r => r.route === 'v2LogPreview').map(r => r.path),
      [`/v2/${emulator.projectId}/training-jobs/${V2_DEMO_IDS.completed}/tasks/worker-0/logs/preview`]);
  });

  it('a multi-task job lists its tasks, and a task\'s Show Training Log reads that task', async () => {
    const jobName = name(V2_DEMO_IDS.multiTask);
    await workbench.treeItem(startsWithLabel(jobName)).click();
    const task = workbench.treeItem(startsWithLabel('worker-3'));
    await task.waitFor({ timeout: 30_000 });
    await task.click({ button: 'right' });
    await workbench.chooseFromContextMenu('Show Training Log');
    await workbench.page.getByRole('tab', { name: new RegExp(`^${escapeRegExp(jobName)} worker-3\\.log`) }).waitFor({ timeout: 30_000 });
    await workbench.screenshot('v2-task-log');
  });
});
