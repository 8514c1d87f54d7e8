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
