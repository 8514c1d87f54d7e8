import * as assert from 'node:assert/strict';
import { ACTIVE_STATUSES, startEmulator, type Emulator } from '../fixtures/emulator';
import { closeAfterSuite, Workbench } from './workbench';

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

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/** A tree row's accessible name starts with its label, then its description. */
const startsWithLabel = (label: string) => new RegExp(`^${escapeRegExp(label)}(\\s|,|$)`);

// One workbench set up the way `npm start` sets it up: code-server with the packaged extension and
// MODELARTS_EMULATOR_URL, so the demo credentials were stored by the extension itself.
describe('The Training Jobs view in the real workbench, connected to the emulator as npm start does', () => {
  let emulator: Emulator;
  let workbench: Workbench;
  let job: { jobId: string; jobName: string };
  let version: { versionId: string; versionName: string };

  before(async () => {
    emulator = await startEmulator({ deleteDelayMs: DELETE_DELAY_MS });
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
    await deleteItem.click();

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
    await workbench.contextMenuItem('Delete Version').click();
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
    await workbench.contextMenuItem('Delete Training Job').click();
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

  it('shows an error node with Retry when the service fails, and Retry brings the jobs back', async () => {
    emulator.inject({ route: 'listJobs', kind: 'html', status: 502 });
    await workbench.page.locator('.sidebar .title-actions a.action-label[aria-label="Refresh"]').click();
    const errorRow = workbench.treeItem(/^Could not load training jobs/);
    await errorRow.waitFor({ timeout: 30_000 });
    assert.match(await errorRow.getAttribute('aria-label') ?? '', /502|gateway|server/i);
    await workbench.screenshot('error-node');

    emulator.clearFaults();
    await errorRow.click();
    await workbench.treeItem(startsWithLabel(job.jobName)).waitFor({ timeout: 30_000 });
    await errorRow.waitFor({ state: 'detached', timeout: 15_000 });
    await workbench.screenshot('after-retry');
  });
});
