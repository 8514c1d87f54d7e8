/**
 * The running extension (the bundle in dist/, activated by its command): its test API hands out real
 * nodes; Connect to Local Emulator stores the emulator's credentials through the real SecretStorage
 * and the view then lists the emulator's jobs; Sign Out removes them again; a change of the stored
 * credentials (`secrets.onDidChange`, as from another window) reloads the tree and flips the
 * `modelarts.configured` context key, through the wiring of extension.ts itself.
 */
import * as assert from 'node:assert/strict';
import * as sinon from 'sinon';
import * as vscode from 'vscode';
import { COMMANDS, LOG_SCHEME, SETTINGS, SETTINGS_SECTION, VIEWS } from '../../../src/constants';
import { FIRST_CONNECTION_ID } from '../../../src/model/connectionProfiles';
import { REPLACE_BUTTON } from '../../../src/model/confirmations';
import type { TestApi } from '../../../src/extension';
import { startEmulator, type Emulator } from '../../fixtures/emulator';
import { resetSettings, until, assertSameSecret, assertNothingStored } from './harness';
import { FakeQuickInputs } from './fakeQuickInputs';

const EXTENSION_ID = 'modelarts-tools.modelarts-training-jobs';

describe('The running extension', () => {
  const sandbox = sinon.createSandbox();
  let emulator: Emulator;
  let api: TestApi;

  before(async () => {
    // Old-version jobs only: the selection and reveal checks below walk the old-version tree (flat).
    emulator = await startEmulator({ v2: false });
    const extension = vscode.extensions.getExtension<TestApi>(EXTENSION_ID);
    assert.ok(extension, `${EXTENSION_ID} is loaded`);
    api = await extension.activate();
    assert.ok(api, 'activate() returns the test API in ExtensionMode.Test');
    await api.ready;
  });

  afterEach(() => sandbox.restore());

  after(async () => {
    await api?.credentialStore.clear();
    await resetSettings();
    await emulator?.close();
  });

  it('registers every command it contributes', async () => {
    const registered = new Set(await vscode.commands.getCommands(true));
    for (const id of Object.values(COMMANDS)) {
      assert.ok(registered.has(id), `${id} is registered`);
    }
  });

  it('connects to a local emulator: credentials in SecretStorage, endpoints in user settings, jobs in the tree', async () => {
    sandbox.stub(vscode.window, 'showInformationMessage').resolves(undefined);
    sandbox.stub(vscode.window, 'showWarningMessage').callsFake((async (_message: string, options?: vscode.MessageOptions, ...items: string[]) =>
      (options?.modal && items.includes(REPLACE_BUTTON) ? REPLACE_BUTTON : undefined)) as never);
    await vscode.commands.executeCommand(COMMANDS.connectEmulator, emulator.url);
    // The settings and secret it wrote are announced after a short settle: a reload then would cancel reads in flight.
    await api.whenConnectionSettled();

    assertSameSecret(await api.credentialStore.get(), {
      kind: 'aksk', accessKey: emulator.credentials.accessKey, secretKey: emulator.credentials.secretKey,
    });
    const config = vscode.workspace.getConfiguration(SETTINGS_SECTION);
    const [first] = config.inspect(SETTINGS.connections)?.globalValue as Record<string, string>[];
    assert.equal(first.id, FIRST_CONNECTION_ID);
    assert.equal(first.endpoint, emulator.url);
    assert.equal(first.projectId, emulator.projectId);
    assert.ok(!JSON.stringify(Object.keys(config).map(k => config.inspect(k))).includes(emulator.credentials.secretKey));

    const jobs = await api.getJobNodes();
    assert.equal(jobs.length, 13);
    assert.equal(api.treeProvider.getTreeItem(jobs[0]).id, `job/${jobs[0].job.jobId}`);
    const versions = await api.getVersionNodes('182626');
    assert.deepEqual(versions.map(v => v.version.versionName), ['V0005', 'V0004', 'V0003', 'V0002', 'V0001']);
    assert.ok(api.logLines.some(line => /^GET \/v1\/\w+\/training-jobs 200 \d+ ms$/.test(line)), 'each request is logged');
    assert.ok(!api.logLines.join('\n').includes(emulator.credentials.secretKey));
  });

  it('the Delete key deletes the version selected in the tree, then selects the next one', async () => {
    const v0003 = async () => (await api.getVersionNodes('182626')).find(v => v.version.versionName === 'V0003');
    const selectedId = () => api.treeView.selection.map(node => (node as { version?: { versionId: string } }).version?.versionId);
    const version = await v0003();
    assert.ok(version, 'V0003 of job 182626');
    // Selecting needs the view rendered, and a reload between listing and revealing replaces the node
    // objects: take the current node on each try.
    await vscode.commands.executeCommand(`${VIEWS.trainingJobs}.focus`);
    for (let attempt = 1; attempt <= 5 && !selectedId().includes(version.version.versionId); attempt++) {
      const current = await v0003();
      if (current) {
        await api.treeView.reveal(current, { select: true, focus: true }).then(undefined, () => undefined);
      }
      for (let i = 0; i < 100 && !selectedId().includes(version.version.versionId); i++) {
        await new Promise(resolve => setTimeout(resolve, 20));
      }
    }
    assert.deepEqual(selectedId(), [version.version.versionId], 'V0003 alone is selected in the view');
    const confirm = sandbox.stub(vscode.window, 'showWarningMessage').resolves('Delete' as never);
    emulator.clearRequests();

    const next = (await api.getVersionNodes('182626')).find(v => v.version.versionName === 'V0002');
    assert.ok(next);

    await vscode.commands.executeCommand(COMMANDS.deleteSelection);

    sinon.assert.calledOnce(confirm);
    assert.match(confirm.firstCall.args[0] as string, /"V0003"/);
    const deletes = emulator.requests.filter(r => r.method === 'DELETE');
    assert.deepEqual(deletes.map(r => r.path), [`/v1/${emulator.projectId}/training-jobs/182626/versions/${version.version.versionId}`]);
    // Once ModelArts confirmed it, the row below takes its place, selected (the keyboard goes on from there).
    for (let i = 0; i < 500 && !selectedId().includes(next.version.versionId); i++) {
      await new Promise(resolve => setTimeout(resolve, 20));
    }
    assert.deepEqual(selectedId(), [next.version.versionId], 'V0002 is selected after V0003 went');
  });

  it('opens a training log through its command, served by its own modelarts-log: provider', async () => {
    emulator.clearRequests();
    await vscode.commands.executeCommand(COMMANDS.showTrainingLog, { jobId: '182631', versionId: '278790' });
    const document = vscode.window.activeTextEditor?.document;
    assert.ok(document, 'a document is open');
    assert.equal(document.uri.scheme, LOG_SCHEME);
    assert.equal(document.languageId, 'log');
    assert.match(document.getText(), /^# Training log of job "bert-finetune-squad" \(ID 182631\), version V0003 \(ID 278790\)/);
    assert.deepEqual(emulator.requests.filter(r => r.route === 'aomLog').map(r => r.query.log_file), ['bert-finetune-squad-V0003.0']);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('filters the view through its commands: the description, message and the modelarts.filtered context key follow', async () => {
    new FakeQuickInputs(sandbox, shown => (shown.kind === 'input' ? { text: 'net' } : { pick: 'Running' }));
    await vscode.commands.executeCommand(COMMANDS.filterJobs);
    assert.equal(api.treeView.description, 'name: net · Running');
    assert.equal(api.treeView.message, 'Filtered: name contains "net" · latest status Running');
    assert.equal(api.filteredContextKey, true);
    assert.deepEqual((await api.getJobNodes()).map(job => job.job.jobName), ['resnet50-imagenet']);

    await vscode.commands.executeCommand(COMMANDS.clearFilter);
    assert.equal(api.treeView.description, undefined);
    assert.equal(api.treeView.message, undefined);
    assert.equal(api.filteredContextKey, false);
    assert.equal((await api.getJobNodes()).length, 13);
  });

  it('refuses a non-loopback emulator URL without sending anything', async () => {
    const error = sandbox.stub(vscode.window, 'showErrorMessage').resolves(undefined);
    const before = emulator.requests.length;
    await vscode.commands.executeCommand(COMMANDS.connectEmulator, 'http://example.com:8080');
    sinon.assert.calledOnce(error);
    assert.match(error.firstCall.args[0] as string, /not a local emulator/);
    assert.equal(emulator.requests.length, before);
  });

  it('signs out through the command: nothing stored any more, the tree empty (welcome view), the context key false', async () => {
    // The key follows once the writes of Connect to Local Emulator have settled.
    await until(() => api.configuredContextKey === true, 'the context key to turn true while connected');
    sandbox.stub(vscode.window, 'showWarningMessage').resolves('Sign Out' as never);
    await vscode.commands.executeCommand(COMMANDS.signOut);
    assertNothingStored(await api.credentialStore.get());
    assertNothingStored(await api.credentialStore.tokenCache.get());
    assert.deepEqual(await api.getJobNodes(), []);
    await until(() => api.configuredContextKey === false, 'the context key to turn false');
  });

  it('reloads the tree and flips the context key when the stored credentials change in SecretStorage', async () => {
    assert.equal(api.configuredContextKey, false);
    const rootReloads: number[] = [];
    const listener = api.treeProvider.onDidChangeTreeData(node => {
      if (node === undefined) {
        rootReloads.push(rootReloads.length);
      }
    });
    try {
      // Written straight to the secret storage, as another window would: no command of this window runs.
      await api.credentialStore.set({ kind: 'aksk', accessKey: emulator.credentials.accessKey, secretKey: emulator.credentials.secretKey });
      await until(() => api.configuredContextKey === true && rootReloads.length > 0, 'the reload and the context key');
      assert.equal((await api.getJobNodes()).length, 13, 'the jobs of the new credentials');

      const reloads = rootReloads.length;
      await api.credentialStore.clear();
      await until(() => api.configuredContextKey === false && rootReloads.length > reloads, 'the reload and the context key');
      assert.deepEqual(await api.getJobNodes(), []);
    } finally {
      listener.dispose();
    }
  });
});
