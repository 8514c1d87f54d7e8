/**
 * An earlier version's single connection (settings `modelarts.cloud`… and secrets under
 * `modelarts.credentials` / `modelarts.iamToken`) joins `modelarts.connections` on first start, its
 * secrets under the first connection's own keys, and the tree lists its jobs with nothing asked again.
 */
import * as assert from 'node:assert/strict';
import * as sinon from 'sinon';
import * as vscode from 'vscode';
import { createExtension } from '../../../src/composition';
import { LEGACY_SECRET_KEYS, SETTINGS, SETTINGS_SECTION } from '../../../src/constants';
import { moveSingleConnection, oldSettingsSet } from '../../../src/credentials/moveSingleConnection';
import { SettingsStore } from '../../../src/credentials/settingsStore';
import { FIRST_CONNECTION_ID, secretKeysOf } from '../../../src/model/connectionProfiles';
import { startEmulator, type Emulator } from '../../fixtures/emulator';
import { settingsVisible } from '../settingsVisible';
import { InMemoryMemento, InMemorySecretStorage, RecordingSink, resetSettings } from './harness';

const config = () => vscode.workspace.getConfiguration(SETTINGS_SECTION);
const NEW = secretKeysOf(FIRST_CONNECTION_ID);
const TOKEN = JSON.stringify({ token: 'tok-canary-0001', expiresAt: Date.now() + 3_600_000, projectId: 'p1' });

describe('The connection of an earlier version', () => {
  const sandbox = sinon.createSandbox();
  let emulator: Emulator;
  let secrets: InMemorySecretStorage;
  let credentials: string;

  /** Writes settings (user) as an earlier version left them, and waits until the host sees them. */
  async function oldSettings(values: Readonly<Record<string, unknown>>): Promise<void> {
    for (const [key, value] of Object.entries(values)) {
      await config().update(key, value, vscode.ConfigurationTarget.Global);
    }
    await settingsVisible(values);
  }

  const stored = () => config().inspect(SETTINGS.connections)?.globalValue;

  beforeEach(async () => {
    emulator = await startEmulator({ v2: false });
    secrets = new InMemorySecretStorage();
    credentials = JSON.stringify({ kind: 'aksk', accessKey: emulator.credentials.accessKey, secretKey: emulator.credentials.secretKey });
  });

  afterEach(async () => {
    sandbox.restore();
    await resetSettings();
    await emulator.close();
  });

  it('becomes the first entry of modelarts.connections, keeps the others, moves its secrets, and lists its jobs with nothing asked', async () => {
    const further = { id: 'eu-nl', name: 'OTC eu-nl', cloud: 'otc', region: 'eu-nl' };
    await oldSettings({
      [SETTINGS.cloud]: 'custom', [SETTINGS.region]: emulator.region, [SETTINGS.endpoint]: emulator.url, [SETTINGS.iamEndpoint]: emulator.url,
      [SETTINGS.projectId]: emulator.projectId, [SETTINGS.connectionName]: 'OTC eu-de', [SETTINGS.connections]: [further],
    });
    await secrets.store(LEGACY_SECRET_KEYS.credentials, credentials);
    await secrets.store(LEGACY_SECRET_KEYS.token, TOKEN);

    assert.equal(oldSettingsSet(), true, 'the start waits for this move');
    const lines = await moveSingleConnection(secrets);

    const first = { id: FIRST_CONNECTION_ID, name: 'OTC eu-de', cloud: 'custom', region: emulator.region, endpoint: emulator.url, iamEndpoint: emulator.url, projectId: emulator.projectId };
    await settingsVisible({
      [SETTINGS.connections]: [first, further], [SETTINGS.cloud]: undefined, [SETTINGS.region]: undefined, [SETTINGS.endpoint]: undefined,
      [SETTINGS.iamEndpoint]: undefined, [SETTINGS.projectId]: undefined, [SETTINGS.connectionName]: undefined,
    });
    assert.deepEqual([...secrets.values.entries()].sort(), [[NEW.credentials, credentials], [NEW.token, TOKEN]].sort(), 'the old keys are gone, the new ones hold the same secrets');
    assert.equal(oldSettingsSet(), false, 'the next start waits for nothing');
    assert.equal(lines.length, 4, lines.join('\n'));
    assert.doesNotMatch(lines.join('\n'), new RegExp(`${emulator.credentials.secretKey}|tok-canary`), 'the log names no secret');

    // The extension built on what was moved: the connection is signed in, named, and lists its jobs; nothing is asked.
    const inputs = sandbox.spy(vscode.window, 'showInputBox');
    const picks = sandbox.spy(vscode.window, 'showQuickPick');
    const ext = createExtension({ secrets, globalState: new InMemoryMemento(), logSink: new RecordingSink(), env: {}, startUp: false, setContext: async () => undefined });
    try {
      assert.equal(await ext.connection.isConfigured(), true);
      assert.deepEqual(ext.connections.ids(), [FIRST_CONNECTION_ID, 'eu-nl']);
      assert.equal(ext.connections.profile(FIRST_CONNECTION_ID).name, 'OTC eu-de');
      const jobs = await ext.tree.jobs();
      assert.ok(jobs.length > 0, 'the moved connection lists its jobs');
      assert.ok(emulator.requests.some(r => r.route === 'listJobs'), 'signed with the moved credentials, at the moved endpoint');
      sinon.assert.notCalled(inputs);
      sinon.assert.notCalled(picks);
    } finally {
      vscode.Disposable.from(...ext.disposables).dispose();
    }

    // Started again: nothing more to move, nothing changed.
    assert.deepEqual(await moveSingleConnection(secrets), []);
    assert.deepEqual(stored(), [first, further]);
    assert.deepEqual([...secrets.values.keys()].sort(), [NEW.credentials, NEW.token].sort());
  });

  it('with credentials but no setting (the default cloud and region): moved while the extension runs, which then is signed in', async () => {
    await secrets.store(LEGACY_SECRET_KEYS.credentials, credentials);
    assert.equal(oldSettingsSet(), false, 'the start does not wait: nothing says an earlier version ran');
    const ext = createExtension({ secrets, globalState: new InMemoryMemento(), logSink: new RecordingSink(), env: {}, startUp: false, setContext: async () => undefined });
    try {
      assert.equal(await ext.connection.isConfigured(), false);
      await moveSingleConnection(secrets);
      await settingsVisible({ [SETTINGS.connections]: [{ id: FIRST_CONNECTION_ID, cloud: 'huaweicloud', region: 'cn-north-4' }] });
      assert.equal(await secrets.get(NEW.credentials), credentials);
      assert.equal(await secrets.get(LEGACY_SECRET_KEYS.credentials), undefined);
      assert.equal(await ext.connection.isConfigured(), true);
      assert.deepEqual({ ...ext.connections.profile(FIRST_CONNECTION_ID) }, {
        id: FIRST_CONNECTION_ID, name: '', cloud: 'huaweicloud', region: 'cn-north-4', endpoint: '', iamEndpoint: '', projectId: '',
      });
    } finally {
      vscode.Disposable.from(...ext.disposables).dispose();
    }
  });

  it('a start cut short after the settings moved finishes the move: the secrets follow, the entry is not written twice', async () => {
    const first = { id: FIRST_CONNECTION_ID, cloud: 'otc', region: 'eu-de' };
    await oldSettings({ [SETTINGS.connections]: [first], [SETTINGS.region]: 'eu-de', [SETTINGS.cloud]: 'otc' });
    await secrets.store(LEGACY_SECRET_KEYS.credentials, credentials);
    await moveSingleConnection(secrets);
    await settingsVisible({ [SETTINGS.connections]: [first], [SETTINGS.region]: undefined, [SETTINGS.cloud]: undefined });
    assert.deepEqual([...secrets.values.entries()], [[NEW.credentials, credentials]]);
  });

  it('an earlier version that saved again after the move (a window still running it) wins: its settings and secret are the newest', async () => {
    const newer = JSON.stringify({ kind: 'aksk', accessKey: 'NEWERACCESSKEY', secretKey: 'newer-secret' });
    await oldSettings({
      [SETTINGS.connections]: [{ id: FIRST_CONNECTION_ID, name: 'team A', cloud: 'otc', region: 'eu-de' }, { id: 'eu-nl', region: 'eu-nl' }],
      [SETTINGS.cloud]: 'otc', [SETTINGS.region]: 'eu-nl',
    });
    await secrets.store(NEW.credentials, credentials);
    await secrets.store(LEGACY_SECRET_KEYS.credentials, newer);
    await moveSingleConnection(secrets);
    await settingsVisible({
      [SETTINGS.connections]: [{ id: FIRST_CONNECTION_ID, name: 'team A', cloud: 'otc', region: 'eu-nl' }, { id: 'eu-nl', region: 'eu-nl' }],
      [SETTINGS.cloud]: undefined, [SETTINGS.region]: undefined,
    });
    assert.deepEqual([...secrets.values.entries()], [[NEW.credentials, newer]]);
  });

  it('an old secret left behind with no old setting only fills an empty place: credentials stored since are kept', async () => {
    const newer = JSON.stringify({ kind: 'aksk', accessKey: 'NEWERACCESSKEY', secretKey: 'newer-secret' });
    await oldSettings({ [SETTINGS.connections]: [{ id: FIRST_CONNECTION_ID, cloud: 'otc', region: 'eu-de' }] });
    await secrets.store(NEW.credentials, newer);
    await secrets.store(LEGACY_SECRET_KEYS.credentials, credentials);
    assert.deepEqual(await moveSingleConnection(secrets), []);
    assert.deepEqual([...secrets.values.entries()], [[NEW.credentials, newer]]);
    assert.deepEqual(stored(), [{ id: FIRST_CONNECTION_ID, cloud: 'otc', region: 'eu-de' }]);
  });

  it('replaces a first entry that cannot be used (no region) and leaves the other entries as they were written', async () => {
    const unusable = { id: 'half-typed', name: 'not finished' };
    await oldSettings({ [SETTINGS.connections]: [{ id: FIRST_CONNECTION_ID, name: 'mine' }, unusable], [SETTINGS.cloud]: 'otc', [SETTINGS.region]: 'eu-de' });
    await moveSingleConnection(secrets);
    await settingsVisible({ [SETTINGS.connections]: [{ id: FIRST_CONNECTION_ID, name: 'mine', cloud: 'otc', region: 'eu-de' }, unusable], [SETTINGS.region]: undefined });
  });

  it('does nothing for a new user: no entry written, no secret', async () => {
    assert.equal(oldSettingsSet(), false);
    assert.deepEqual(await moveSingleConnection(secrets), []);
    assert.equal(stored(), undefined);
    assert.equal(secrets.values.size, 0);
  });
});

describe('Where each connection is kept', () => {
  afterEach(resetSettings);

  it('writing one connection leaves every other entry exactly as the user wrote it', async () => {
    const others = [{ id: 'half-typed', name: 'no region yet' }, { id: 'eu-nl', name: 'OTC eu-nl', cloud: 'otc', region: 'eu-nl' }];
    await config().update(SETTINGS.connections, [{ id: FIRST_CONNECTION_ID, cloud: 'otc', region: 'eu-de' }, ...others], vscode.ConfigurationTarget.Global);
    await settingsVisible({ [SETTINGS.connections]: [{ id: FIRST_CONNECTION_ID, cloud: 'otc', region: 'eu-de' }, ...others] });
    await new SettingsStore(FIRST_CONNECTION_ID).writeName('OTC eu-de');
    await settingsVisible({ [SETTINGS.connections]: [{ id: FIRST_CONNECTION_ID, name: 'OTC eu-de', cloud: 'otc', region: 'eu-de' }, ...others] });
  });

  it('a first connection whose entry was removed sends its stored credentials nowhere: it asks for a region', async () => {
    const secrets = new InMemorySecretStorage();
    await secrets.store(NEW.credentials, JSON.stringify({ kind: 'aksk', accessKey: 'SOMEACCESSKEY', secretKey: 'some-secret' }));
    const ext = createExtension({ secrets, globalState: new InMemoryMemento(), logSink: new RecordingSink(), env: {}, startUp: false, setContext: async () => undefined });
    try {
      assert.equal(ext.settings.readConnection().region, '');
      await assert.rejects(ext.connection.current(), /No region is set/);
    } finally {
      vscode.Disposable.from(...ext.disposables).dispose();
    }
  });
});
