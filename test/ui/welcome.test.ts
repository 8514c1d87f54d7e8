import * as assert from 'node:assert/strict';
import { startEmulator, type Emulator } from '../fixtures/emulator';
import { closeAfterSuite, Workbench } from './workbench';

// A workbench where nothing is configured: no stored credentials and no MODELARTS_EMULATOR_URL.
describe('The Training Jobs view with no credentials stored', () => {
  let emulator: Emulator;
  let workbench: Workbench;

  before(async () => {
    emulator = await startEmulator();
    workbench = await Workbench.open({ name: 'welcome' });
  });

  closeAfterSuite(() => ({ workbench, emulator }));

  it('shows the welcome view with a Configure Credentials button instead of a tree', async () => {
    await workbench.openViewContainer('ModelArts');
    await workbench.setSideBarWidth(560);
    const welcome = workbench.page.locator('.welcome-view-content');
    const configure = welcome.getByRole('button', { name: 'Configure Credentials' });
    await configure.waitFor({ timeout: 60_000 });
    assert.match(await welcome.innerText(), /secret storage/i);
    assert.equal(await workbench.page.getByRole('treeitem').count(), 0);
    await workbench.screenshot('welcome-view');
  });

  it('Configure Credentials is one dialog of numbered steps with Back; Escape saves nothing', async () => {
    await workbench.page.locator('.welcome-view-content').getByRole('button', { name: 'Configure Credentials' }).click();
    const picker = workbench.page.locator('.quick-input-widget');
    const title = picker.locator('.quick-input-title');
    await title.filter({ hasText: 'Configure Credentials: Cloud and Region' }).waitFor({ timeout: 15_000 });
    // The regions come in groups, one per cloud; filter the list as a user would.
    await picker.getByText('Huawei Cloud', { exact: true }).waitFor({ timeout: 15_000 });
    await workbench.screenshot('configure-regions');
    await picker.locator('input').fill('Custom');
    await picker.locator('.monaco-list-row', { hasText: 'Custom endpoint' }).waitFor({ timeout: 15_000 });
    await workbench.screenshot('configure-picker');
    await workbench.page.keyboard.press('Enter');
    // The next step says where one is (2 of 8 for a custom endpoint with an AK/SK) and offers Back.
    await title.filter({ hasText: 'ModelArts Endpoint' }).waitFor({ timeout: 15_000 });
    assert.match(await title.innerText(), /Configure Credentials: ModelArts Endpoint.*2\/8/s);
    await workbench.screenshot('configure-step-2');
    await picker.getByRole('button', { name: 'Back' }).click();
    await title.filter({ hasText: 'Cloud and Region' }).waitFor({ timeout: 15_000 });
    assert.match(await title.innerText(), /1\/\d/);
    await workbench.page.keyboard.press('Escape');
    await picker.waitFor({ state: 'hidden', timeout: 15_000 });

    // Still signed out: the welcome view, no tree, no request anywhere, and the palette offers no
    // Sign Out (it shows only while modelarts.configured is set).
    await workbench.page.locator('.welcome-view-content').getByRole('button', { name: 'Configure Credentials' }).waitFor();
    assert.equal(await workbench.page.getByRole('treeitem').count(), 0);
    assert.deepEqual(emulator.requests.map(request => `${request.method} ${request.path}`), []);
    await workbench.page.keyboard.press('F1');
    await picker.locator('input').fill('>ModelArts: ');
    const rows = picker.locator('.monaco-list-row');
    await rows.filter({ hasText: 'Configure Credentials' }).first().waitFor({ timeout: 15_000 });
    assert.equal(await rows.filter({ hasText: 'Sign Out' }).count(), 0, 'Sign Out is offered: something was configured');
    await workbench.screenshot('still-signed-out');
    await workbench.page.keyboard.press('Escape');
    await picker.waitFor({ state: 'hidden', timeout: 15_000 });
  });

  it('"connect to a local emulator" asks for its URL, then the jobs replace the welcome view', async () => {
    await workbench.page.locator('.welcome-view-content').locator('a', { hasText: 'connect to a local emulator' }).click();
    const input = workbench.page.locator('.quick-input-widget input');
    await input.waitFor({ timeout: 15_000 });
    await input.fill(emulator.url);
    await workbench.screenshot('emulator-url');
    await workbench.page.keyboard.press('Enter');
    for (const { jobName } of emulator.jobs()) {
      await workbench.treeItem(new RegExp(`^${jobName.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\s`)).waitFor({ timeout: 30_000 });
    }
    await workbench.page.locator('.welcome-view-content').waitFor({ state: 'hidden', timeout: 15_000 });
    await workbench.screenshot('connected');
  });
});
