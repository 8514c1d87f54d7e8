import * as assert from 'node:assert/strict';
import { startEmulator, type Emulator } from '../fixtures/emulator';
import { closeAfterSuite, escapeRegExp, startsWithLabel, Workbench } from './workbench';

const NL_KEYS = { accessKey: 'NLEMULATORACCESSKEY0', secretKey: 'NlEmulatorSecretKeyNotARealSecret00000' };

// Two emulators stand for two projects (OTC eu-de and eu-nl): the first connected as `npm start`
// does, the second added through Add Connection's real steps in the workbench.
describe('Two connections side by side in the real workbench', () => {
  let de: Emulator;
  let nl: Emulator;
  let workbench: Workbench;

  before(async () => {
    de = await startEmulator({ v2: false });
    nl = await startEmulator({ v2: false, region: 'eu-nl', projectId: '0f1e2d3c4b5a69788796a5b4c3d2e1f0', credentials: NL_KEYS });
    nl.setJobText('182626', { name: 'resnet50-eu-nl' });
    workbench = await Workbench.open({ name: 'connections', env: { MODELARTS_EMULATOR_URL: de.url } });
  });

  closeAfterSuite(() => ({ workbench, emulator: de }));
  after(async () => nl?.close());

  it('Add Connection walks the credential steps for a second project, names it, and the view shows a root per connection', async () => {
    await workbench.openViewContainer('ModelArts');
    await workbench.setSideBarWidth(560);
    await workbench.treeItem(startsWithLabel('resnet50-imagenet')).waitFor({ timeout: 60_000 });
    await workbench.runCommand('ModelArts: Add Connection…');
    const picker = workbench.page.locator('.quick-input-widget');
    const title = picker.locator('.quick-input-title');
    const answers: [RegExp, string | undefined][] = [
      [/Cloud and Region/, 'Custom'], [/ModelArts Endpoint/, nl.url], [/IAM Endpoint/, nl.url], [/Region/, 'eu-nl'],
      [/Sign-in Method/, undefined], [/Access Key ID/, NL_KEYS.accessKey], [/Secret Access Key/, NL_KEYS.secretKey], [/Project ID/, ''],
    ];
    for (let steps = 0; steps < 12; steps++) {
      await picker.waitFor({ timeout: 30_000 });
      const now = await title.innerText();
      if (/Name the new connection/.test(now)) {
        break;
      }
      const answer = answers.find(([step]) => step.test(now));
      assert.ok(answer, `an unexpected step: ${now}`);
      if (answer[1] !== undefined) {
        await picker.locator('input').fill(answer[1]);
      }
      if (/Cloud and Region/.test(now)) {
        await picker.locator('.monaco-list-row', { hasText: 'Custom endpoint' }).waitFor({ timeout: 15_000 });
      }
      await workbench.page.keyboard.press('Enter');
      await title.filter({ hasNotText: now }).waitFor({ timeout: 30_000 });
    }
    assert.match(await title.innerText(), /Name the new connection/);
    await picker.locator('input').fill('OTC eu-nl');
    await workbench.screenshot('name-connection');
    await workbench.page.keyboard.press('Enter');

    await workbench.treeItem(/^OTC eu-nl/).waitFor({ timeout: 30_000 });
    await workbench.treeItem(startsWithLabel('resnet50-eu-nl')).waitFor({ timeout: 30_000 });
    assert.ok(nl.requests.some(r => r.route === 'listJobs'), 'the new connection lists its own jobs');
  });

  it('Rename Connection on the first root: both named as the user calls them', async () => {
    const first = workbench.treeItem(/^Custom endpoint eu-de/);
    await first.click({ button: 'right' });
    await workbench.chooseFromContextMenu('Rename Connection…');
    const input = workbench.page.locator('.quick-input-widget input');
    await input.waitFor({ timeout: 15_000 });
    await input.fill('OTC eu-de');
    await workbench.page.keyboard.press('Enter');
    await workbench.treeItem(/^OTC eu-de/).waitFor({ timeout: 30_000 });
    await workbench.screenshot('two-connections');
  });

  it('deletes a version of the second connection only there: the confirmation names it, one DELETE at its endpoint, none at the other', async () => {
    await workbench.treeItem(startsWithLabel('resnet50-imagenet')).waitFor({ timeout: 30_000 });
    await workbench.treeItem(startsWithLabel('resnet50-eu-nl')).click();
    const row = workbench.treeItem(new RegExp(`^${escapeRegExp('V0004')}\\s`));
    await row.waitFor({ timeout: 30_000 });
    await row.click({ button: 'right' });
    await workbench.chooseFromContextMenu('Delete Version');
    const dialog = workbench.dialog();
    await dialog.waitFor({ timeout: 15_000 });
    const text = await dialog.innerText();
    assert.match(text, /Connection "OTC eu-nl": Project 0f1e2d3c4b5a69788796a5b4c3d2e1f0 in region eu-nl/);
    assert.match(text, /resnet50-eu-nl/);
    await workbench.screenshot('delete-confirmation-names-connection');
    await dialog.getByRole('button', { name: 'Delete', exact: true }).click();
    await row.waitFor({ state: 'detached', timeout: 30_000 });
    assert.deepEqual(nl.requests.filter(r => r.method === 'DELETE').map(r => r.path),
      ['/v1/0f1e2d3c4b5a69788796a5b4c3d2e1f0/training-jobs/182626/versions/278702']);
    assert.deepEqual(de.requests.filter(r => r.method === 'DELETE'), [], 'nothing deleted in the other project');
    await workbench.screenshot('deleted-in-eu-nl');
  });
});
