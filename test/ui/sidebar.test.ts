import * as assert from 'node:assert/strict';
import { ACTIVE_STATUSES, startEmulator, type Emulator } from '../fixtures/emulator';
import { closeAfterSuite, escapeRegExp, startsWithLabel, Workbench } from './workbench';

/**
 * How long the emulator keeps a deleted version listed, so the "Deleting…" screenshot usually shows
 * it. Whether the row said "Deleting…" is decided by an observer in the page, whatever the timing.
 */
const DELETE_DELAY_MS = 3000;

/** Set in the page once a tree row's accessible name matched the pattern given to {@link watchRows}. */
const SEEN_FLAG = '__modelartsRowSeen';

/**
 * Starts watching the workbench's tree rows from now on: a mutation observer in the page sets
 * `window[SEEN_FLAG]` as soon as a row's accessible name matches `pattern`, however briefly it shows.
 */
async function watchRows(workbench: Workbench, pattern: RegExp): Promise<void> {
  // A script string: the tests are compiled without the DOM's types.
  await workbench.page.evaluate(`(() => {
    const pattern = new RegExp(${JSON.stringify(pattern.source)});
    window.${SEEN_FLAG} = false;
    const check = () => {
      if ([...document.querySelectorAll('[role="treeitem"]')].some(row => pattern.test(row.getAttribute('aria-label') || ''))) {
        window.${SEEN_FLAG} = true;
      }
    };
    new MutationObserver(check).observe(document.body, { subtree: true, childList: true, characterData: true, attributes: true, attributeFilter: ['aria-label'] });
    check();
  })()`);
}


// One workbench set up the way `npm start` sets it up: code-server with the packaged extension and
// MODELARTS_EMULATOR_URL, so the demo credentials were stored by the extension itself.
describe('The Training Jobs view in the real workbench, connected to the emulator as npm start does', () => {
  let emulator: Emulator;
  let workbench: Workbench;
  let job: { jobId: string; jobName: string };
  let version: { versionId: string; versionName: string };

  before(async () => {
    // Old-version jobs only: this suite walks the old-version tree (test/ui/v2Jobs.test.ts walks the new-version one).
    emulator = await startEmulator({ deleteDelayMs: DELETE_DELAY_MS, v2: false });
    const found = emulator.jobs()
      .map(j => ({ job: j, version: j.versions.find(v => !ACTIVE_STATUSES.has(v.status) && !v.pendingDeletion) }))
      .find(candidate => candidate.job.versions.length >= 2 && candidate.version);
    assert.ok(found?.version, 'the demo data should have a job with a finished version among several');
    job = found.job;
    version = found.version;
    workbench = await Workbench.open({ name: 'sidebar', env: { MODELARTS_EMULATOR_URL: emulator.url } });
  });

  closeAfterSuite(() => ({ workbench, emulator }));

  it('opens from the ModelArts activity-bar icon and lists the demo jobs with no set-up', async () => {
    await workbench.openViewContainer('ModelArts');
    await workbench.setSideBarWidth(560);
    for (const { jobName } of emulator.jobs()) {
      await workbench.treeItem(startsWithLabel(jobName)).waitFor({ timeout: 60_000 });
    }
    await workbench.screenshot('jobs-listed');
  });

  it('deletes a version: expand its job, right-click, Delete Version, confirm; it shows "Deleting…", then goes', async () => {
    const jobRow = workbench.treeItem(startsWithLabel(job.jobName));
    await jobRow.click();
    const row = workbench.treeItem(startsWithLabel(version.versionName));
    await row.waitFor({ timeout: 30_000 });
    // Only this job is expanded, so its version's name is unique in the tree.
    assert.equal(await row.getAttribute('aria-level'), '2');
    await workbench.screenshot('job-expanded');

    await row.click({ button: 'right' });
    const deleteItem = workbench.contextMenuItem('Delete Version');
    await deleteItem.waitFor({ timeout: 15_000 });
    await workbench.screenshot('context-menu');
    assert.equal(emulator.requests.filter(r => r.method === 'DELETE').length, 0);
    await workbench.chooseFromContextMenu('Delete Version');

    const dialog = workbench.dialog();
    await dialog.waitFor({ timeout: 15_000 });
    const text = await dialog.innerText();
    for (const part of [version.versionName, version.versionId, job.jobName, job.jobId, 'cannot be undone']) {
      assert.ok(text.includes(part), `the confirmation does not name ${part}:\n${text}`);
    }
    await workbench.screenshot('confirmation');
    await watchRows(workbench, new RegExp(`^${escapeRegExp(version.versionName)} Deleting…`));
    await dialog.getByRole('button', { name: 'Delete', exact: true }).click();

    await workbench.page.waitForFunction(`window.${SEEN_FLAG} === true`, undefined, { timeout: 30_000 });
    await workbench.screenshot('deleting');
    await row.waitFor({ state: 'detached', timeout: 30_000 });
    await workbench.screenshot('version-gone');

    const deletes = emulator.requests.filter(r => r.method === 'DELETE').map(r => r.path);
    assert.deepEqual(deletes, [`/v1/${emulator.projectId}/training-jobs/${job.jobId}/versions/${version.versionId}`]);
    assert.equal(emulator.jobs().find(j => j.jobId === job.jobId)?.versions.some(v => v.versionId === version.versionId), false);
  });

  it('a DELETE answered with a command link in its error message: the notification shows the link as text, not as a link', async () => {
    const other = emulator.jobs().find(j => j.jobId !== job.jobId && j.versions.filter(v => !ACTIVE_STATUSES.has(v.status)).length >= 2);
    assert.ok(other, 'another job with finished versions');
    const target = other.versions.find(v => !ACTIVE_STATUSES.has(v.status));
    assert.ok(target);
    emulator.inject({
      route: 'deleteVersion', kind: 'apiError', status: 400, errorCode: 'ModelArts.0107', times: 1,
      message: 'Denied. [Open the terminal](command:workbench.action.terminal.new)',
    });
    // Collapse the other job first, so the version's name is unique in the tree.
    await workbench.treeItem(startsWithLabel(job.jobName)).click();
    await workbench.treeItem(startsWithLabel(other.jobName)).click();
    const row = workbench.treeItem(startsWithLabel(target.versionName));
    await row.waitFor({ timeout: 30_000 });
    await row.click({ button: 'right' });
    await workbench.chooseFromContextMenu('Delete Version');
    await workbench.dialog().getByRole('button', { name: 'Delete', exact: true }).click();

    const toast = workbench.page.locator('.notification-toast', { hasText: 'Denied.' });
    await toast.waitFor({ timeout: 30_000 });
    await workbench.screenshot('hostile-error-message');
    assert.match(await toast.innerText(), /Denied\. \[Open the terminal\] \(command:workbench\.action\.terminal\.new\)/);
    assert.equal(await toast.locator('.notification-list-item-message a').count(), 0, 'no link in the message');
    assert.equal(emulator.requests.filter(r => r.method === 'DELETE' && r.path.endsWith(`/versions/${target.versionId}`)).length, 1);
    await workbench.page.keyboard.press('Escape');
  });

  it('deleting a whole job needs its name typed: Enter on the dialog and Enter on the empty box delete nothing', async () => {
    const victim = emulator.jobs().find(j => j.jobId !== job.jobId && j.versions.every(v => !ACTIVE_STATUSES.has(v.status)) && !j.pendingDeletion &&
      !j.versions.some(v => v.pendingDeletion));
    assert.ok(victim, 'a job without running versions');
    const row = workbench.treeItem(startsWithLabel(victim.jobName));
    await row.waitFor({ timeout: 30_000 });
    await row.click({ button: 'right' });
    await workbench.chooseFromContextMenu('Delete Training Job');
    const dialog = workbench.dialog();
    await dialog.waitFor({ timeout: 15_000 });
    await workbench.screenshot('delete-job-dialog');
    // Enter takes the dialog's focused button, as a hurried user would.
    await workbench.page.keyboard.press('Enter');
    const box = workbench.page.locator('.quick-input-widget');
    await box.waitFor({ timeout: 15_000 });
    assert.match(await box.innerText(), new RegExp(`To delete training job "${escapeRegExp(victim.jobName)}" and .*, type ${escapeRegExp(victim.jobName)}\\.`));
    await workbench.page.keyboard.press('Enter');
    await workbench.page.locator('.quick-input-widget .quick-input-message', { hasText: `Type ${victim.jobName} to delete` }).waitFor({ timeout: 15_000 });
    await workbench.screenshot('typed-confirmation-refuses-enter');
    assert.ok(await box.isVisible(), 'Enter on an empty box does not confirm');
    assert.equal(emulator.requests.filter(r => r.method === 'DELETE').length, 2, 'no DELETE of the job (only the two earlier tests\' versions)');

    await workbench.page.keyboard.type(victim.jobName);
    await workbench.page.keyboard.press('Enter');
    await workbench.treeItem(new RegExp(`^${escapeRegExp(victim.jobName)} Deleting…`)).waitFor({ timeout: 30_000 });
    await workbench.screenshot('job-deleting');
    assert.deepEqual(emulator.requests.filter(r => r.method === 'DELETE' && !r.path.includes('/versions/')).map(r => r.path),
      [`/v1/${emulator.projectId}/training-jobs/${victim.jobId}`]);
  });

  /** Collapses every job (so a version's name is unique in the tree), then expands `jobName`'s. */
  async function expandOnly(jobName: string): Promise<void> {
    await workbench.page.locator('.sidebar .title-actions a.action-label[aria-label="Collapse All"]').click();
    await workbench.treeItem(startsWithLabel(jobName)).click();
  }

  it('Stop Version is followed: the row says "Stopping", then "Stopped", and the end offers Delete Now', async () => {
    const running = emulator.jobs().map(j => ({ job: j, version: j.versions.find(v => v.status === 8) })).find(c => c.version);
    assert.ok(running?.version, 'the demo data has a running version');
    const target = running.version;
    await expandOnly(running.job.jobName);
    const row = workbench.treeItem(startsWithLabel(target.versionName));
    await row.waitFor({ timeout: 30_000 });
    await row.click({ button: 'right' });
    await workbench.chooseFromContextMenu('Stop Version');
    const dialog = workbench.dialog();
    await dialog.waitFor({ timeout: 15_000 });
    await watchRows(workbench, new RegExp(`^${escapeRegExp(target.versionName)} Stopping`));
    await dialog.getByRole('button', { name: 'Stop Version', exact: true }).click();
    await workbench.page.waitForFunction(`window.${SEEN_FLAG} === true`, undefined, { timeout: 30_000 });
    await workbench.screenshot('stopping');
    await workbench.treeItem(new RegExp(`^${escapeRegExp(target.versionName)} Stopped`)).waitFor({ timeout: 60_000 });
    const toast = workbench.page.locator('.notification-toast', { hasText: 'has stopped' });
    await toast.waitFor({ timeout: 30_000 });
    await workbench.screenshot('stop-followed');
    assert.match(await toast.innerText(), new RegExp(`Version "${escapeRegExp(target.versionName)}" \\(ID ${target.versionId}\\).*has stopped`));
    // Delete Now asks first, like Delete Version; dismissed here, nothing is deleted.
    const deletesBefore = emulator.requests.filter(r => r.method === 'DELETE').length;
    await toast.getByRole('button', { name: 'Delete Now' }).click();
    await dialog.waitFor({ timeout: 15_000 });
    assert.match(await dialog.innerText(), new RegExp(`Delete version "${escapeRegExp(target.versionName)}"`));
    await workbench.screenshot('delete-now-asks');
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    assert.equal(emulator.requests.filter(r => r.method === 'DELETE').length, deletesBefore);
    assert.deepEqual(emulator.requests.filter(r => r.route === 'stopVersion').map(r => r.path),
      [`/v1/${emulator.projectId}/training-jobs/${running.job.jobId}/versions/${target.versionId}/stop`]);
  });

  it('a deletion ModelArts ends in DELETE_FAILED: the notification gives the reason, with Retry Delete and Show Training Log', async () => {
    const candidate = emulator.jobs().map(j => ({ job: j, version: j.versions.find(v => !ACTIVE_STATUSES.has(v.status) && !v.pendingDeletion) }))
      .find(c => c.version && c.job.jobId !== job.jobId && c.job.versions.length >= 2);
    assert.ok(candidate?.version);
    const target = candidate.version;
    emulator.failNextDelete(candidate.job.jobId, target.versionId, 'The OBS output folder is locked by another job.');
    await expandOnly(candidate.job.jobName);
    const row = workbench.treeItem(startsWithLabel(target.versionName));
    await row.waitFor({ timeout: 30_000 });
    await row.click({ button: 'right' });
    await workbench.chooseFromContextMenu('Delete Version');
    await workbench.dialog().getByRole('button', { name: 'Delete', exact: true }).click();
    const toast = workbench.page.locator('.notification-toast', { hasText: 'The OBS output folder is locked' });
    await toast.waitFor({ timeout: 60_000 });
    await workbench.treeItem(new RegExp(`^${escapeRegExp(target.versionName)} Delete failed: The OBS output folder is locked`)).waitFor({ timeout: 30_000 });
    await workbench.screenshot('delete-failed-with-actions');
    assert.match(await toast.innerText(), /The OBS output folder is locked by another job\./);
    await toast.getByRole('button', { name: 'Retry Delete' }).waitFor();
    await toast.getByRole('button', { name: 'Show Training Log' }).click();
    await workbench.page.locator('.tab', { hasText: `${target.versionName}` }).first().waitFor({ timeout: 30_000 });
    await workbench.screenshot('training-log-from-failure');
  });

  it('Show Details opens the version rendered, not as Markdown source', async () => {
    const target = emulator.jobs().find(j => j.jobId === job.jobId)?.versions.find(v => !v.pendingDeletion);
    assert.ok(target);
    await expandOnly(job.jobName);
    const row = workbench.treeItem(startsWithLabel(target.versionName));
    await row.waitFor({ timeout: 30_000 });
    await row.click({ button: 'right' });
    await workbench.chooseFromContextMenu('Show Details');
    const preview = workbench.page.frameLocator('iframe.webview').frameLocator('#active-frame');
    const heading = preview.getByRole('heading', { name: `${target.versionName} of ${job.jobName}` });
    await heading.waitFor({ timeout: 30_000 });
    await workbench.screenshot('details-rendered');
    const body = await preview.locator('body').innerText();
    assert.match(body, /Version ID\s+\d+/);
    assert.doesNotMatch(body, /\\_|\\\./, 'no Markdown escapes in sight');
  });

  it('keyboard: Delete on the selected version, Enter in the dialog; the row below is then selected, and ArrowDown goes on from it', async () => {
    const candidate = emulator.jobs().flatMap(j => j.versions.slice(0, -1).map((v, i) => ({ job: j, target: v, next: j.versions[i + 1] })))
      .find(c => c.job.versions.length >= 3 && !ACTIVE_STATUSES.has(c.target.status) && !c.target.pendingDeletion && c.target.status !== 6 &&
        !c.job.versions.some(v => v.pendingDeletion));
    assert.ok(candidate, 'a finished version with a version below it');
    await expandOnly(candidate.job.jobName);
    const row = workbench.treeItem(startsWithLabel(candidate.target.versionName));
    await row.click();
    await workbench.page.keyboard.press('Delete');
    await workbench.dialog().waitFor({ timeout: 15_000 });
    await workbench.page.keyboard.press('Enter');
    await row.waitFor({ state: 'detached', timeout: 30_000 });
    const selected = workbench.page.locator('[role="treeitem"][aria-selected="true"]');
    await selected.filter({ hasText: candidate.next.versionName }).waitFor({ timeout: 15_000 });
    await workbench.screenshot('focus-after-delete');
    await workbench.page.keyboard.press('ArrowDown');
    const focused = workbench.page.locator('[role="treeitem"].focused');
    await workbench.page.waitForFunction(`document.querySelector('[role="treeitem"].focused')?.getAttribute('aria-label')?.startsWith(${JSON.stringify(candidate.next.versionName)}) === false`,
      undefined, { timeout: 15_000 });
    assert.equal(await focused.getAttribute('aria-level'), '2', 'ArrowDown stays among the job\'s versions, not at the top of the tree');
    assert.deepEqual(emulator.requests.filter(r => r.method === 'DELETE' && r.path.endsWith(`/versions/${candidate.target.versionId}`)).length, 1);
  });

  it('shows an error node with Retry when the service fails, and Retry brings the jobs back', async () => {
    emulator.inject({ route: 'listJobs', kind: 'html', status: 502 });
    await workbench.page.locator('.sidebar .title-actions a.action-label[aria-label="Refresh"]').click();
    const errorRow = workbench.treeItem(/^Could not load training jobs/);
    await errorRow.waitFor({ timeout: 30_000 });
    assert.match(await errorRow.getAttribute('aria-label') ?? '', /502|gateway|server/i);
    await workbench.screenshot('error-node');

    emulator.clearFaults();
    // The row's inline Retry button: it works whatever the view's selection was before the reload.
    await errorRow.hover();
    await errorRow.locator('a.action-label[aria-label="Retry"]').click();
    await workbench.treeItem(startsWithLabel(job.jobName)).waitFor({ timeout: 30_000 });
    await errorRow.waitFor({ state: 'detached', timeout: 15_000 });
    await workbench.screenshot('after-retry');
  });
});
