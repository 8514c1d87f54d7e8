import * as assert from 'node:assert/strict';
import { isDeepStrictEqual } from 'node:util';
import { startEmulator, type Emulator } from '../fixtures/emulator';
import { closeAfterSuite, escapeRegExp, Workbench } from './workbench';

/** The single connection as an earlier version left it in the user settings. */
const OLD_KEYS = ['cloud', 'region', 'endpoint', 'iamEndpoint', 'projectId', 'connectionName'].map(key => `modelarts.${key}`);

// A user of an earlier version starts this one: the real extension moves their connection into
// modelarts.connections when it activates, and goes on with it.
describe('A connection set up by an earlier version', () => {
  let emulator: Emulator;
  let workbench: Workbench;
  let expected: Record<string, string>;

  before(async () => {
    emulator = await startEmulator();
    expected = {
      id: 'default', name: 'team A (set up earlier)', cloud: 'custom', region: emulator.region,
      endpoint: emulator.url, iamEndpoint: emulator.url, projectId: emulator.projectId,
    };
    workbench = await Workbench.open({
      name: 'upgrade',
      userSettings: {
        'modelarts.cloud': 'custom', 'modelarts.region': emulator.region, 'modelarts.endpoint': emulator.url,
        'modelarts.iamEndpoint': emulator.url, 'modelarts.projectId': emulator.projectId, 'modelarts.connectionName': expected.name,
      },
    });
  });

  closeAfterSuite(() => ({ workbench, emulator }));

  /** Waits (up to a minute) until the settings on disk satisfy `condition`. */
  async function settingsOnDisk(what: string, condition: (settings: Record<string, unknown>) => boolean): Promise<Record<string, unknown>> {
    for (let i = 0; i < 600 && !condition(await workbench.userSettings()); i++) {
      await new Promise(resolve => setTimeout(resolve, 100));
    }
    const settings = await workbench.userSettings();
    assert.ok(condition(settings), `${what}; the settings are ${JSON.stringify(settings)}`);
    return settings;
  }

  it('becomes the first entry of modelarts.connections when the extension starts, and the old settings are removed', async () => {
    await workbench.openViewContainer('ModelArts');
    // The entry is written first, the old settings removed after it.
    await settingsOnDisk('the connection was moved into modelarts.connections and no old setting is left',
      s => isDeepStrictEqual(s['modelarts.connections'], [expected]) && OLD_KEYS.every(key => !(key in s)));
    // Its credentials were never stored in this fresh profile: the view asks for them as before.
    await workbench.page.locator('.welcome-view-content').getByRole('button', { name: 'Configure Credentials' }).waitFor({ timeout: 60_000 });
    await workbench.screenshot('moved-signed-out');
  });

  it('is the connection the extension uses: connecting to the emulator keeps its name and lists its jobs', async () => {
    await workbench.page.locator('.welcome-view-content').locator('a', { hasText: 'connect to a local emulator' }).click();
    const input = workbench.page.locator('.quick-input-widget input');
    await input.waitFor({ timeout: 15_000 });
    await input.fill(emulator.url);
    await workbench.page.keyboard.press('Enter');
    const [job] = emulator.jobs();
    await workbench.treeItem(new RegExp(`^${escapeRegExp(job.jobName)}\\s`)).waitFor({ timeout: 30_000 });
    const settings = await settingsOnDisk('one connection, still named as before', s => isDeepStrictEqual(s['modelarts.connections'], [expected]));
    assert.deepEqual(OLD_KEYS.filter(key => key in settings), []);
    await workbench.screenshot('moved-connected');
  });
});
