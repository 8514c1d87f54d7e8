/**
 * Several connections side by side, against two emulators ("OTC eu-de" and "OTC eu-nl", each its own
 * project and credentials): one root each, each loading and failing on its own; every command runs in
 * the connection of its node, so a delete reaches only its own endpoint and its confirmation names the
 * connection; Sign Out and Remove act on one connection; the first one's place is taken by the next.
 */
import * as assert from 'node:assert/strict';
import * as sinon from 'sinon';
import * as vscode from 'vscode';
import { CONFIGURE_STEPS, CONFIGURE_TITLE, METHOD_LABELS } from '../../../src/commands/configureCredentials';
import { ConnectionNode } from '../../../src/connections/connectionsView';
import { COMMANDS, CONNECTION_COMMANDS, SETTINGS, SETTINGS_SECTION } from '../../../src/constants';
import { detailsUri } from '../../../src/ui/detailsDocuments';
import { JobNode, MessageNode, VersionNode } from '../../../src/tree/nodes';
import { startEmulator, type Emulator } from '../../fixtures/emulator';
import { settingsVisible } from '../settingsVisible';
import { FakeQuickInputs } from './fakeQuickInputs';
import { dialog, startHarness, stubMessages, until, type Harness, type WarningStub } from './harness';

const NL_PROJECT = '0f1e2d3c4b5a69788796a5b4c3d2e1f0';
const NL_KEYS = { accessKey: 'NLEMULATORACCESSKEY0', secretKey: 'NlEmulatorSecretKeyNotARealSecret00000' };
const NL_SECRET = 'modelarts.connection.eu-nl.credentials';

describe('Several connections', () => {
  const sandbox = sinon.createSandbox();
  let h: Harness;
  let nl: Emulator;
  let warning: WarningStub;

  const config = () => vscode.workspace.getConfiguration(SETTINGS_SECTION);
  const deEntry = () => ({ id: 'default', name: 'OTC eu-de', cloud: 'custom', region: h.emulator.region, endpoint: h.emulator.url, iamEndpoint: h.emulator.url });
  const nlEntry = () => ({ id: 'eu-nl', name: 'OTC eu-nl', cloud: 'custom', region: nl.region, endpoint: nl.url, iamEndpoint: nl.url });
  const label = (node: object) => String(h.view.getTreeItem(node).label);
  const roots = async () => (await h.view.getChildren()) as ConnectionNode[];
  const deletesAt = (emulator: Emulator) => emulator.requests.filter(r => r.method === 'DELETE');

  /** The old-version jobs under a connection's root. */
  async function jobsOf(id: string): Promise<JobNode[]> {
    const children = await h.view.getChildren(h.view.root(id));
    return children.filter((n): n is JobNode => n instanceof JobNode);
  }

  async function versionOf(id: string, jobId: string, versionId: string): Promise<VersionNode> {
    const job = (await jobsOf(id)).find(j => j.job.jobId === jobId);
    assert.ok(job, `job ${jobId} is under ${id}`);
    const versions = await h.view.getChildren(job);
    const version = versions.find((n): n is VersionNode => n instanceof VersionNode && n.version.versionId === versionId);
    assert.ok(version, `version ${versionId} is under ${id}`);
    return version;
  }

  beforeEach(async () => {
    h = await startHarness();
    nl = await startEmulator({ v2: false, region: 'eu-nl', projectId: NL_PROJECT, credentials: NL_KEYS });
    nl.setJobText('182626', { name: 'resnet50-eu-nl' });
    await h.secrets.store(NL_SECRET, JSON.stringify({ kind: 'aksk', ...NL_KEYS }));
    await config().update(SETTINGS.connections, [deEntry(), nlEntry()], vscode.ConfigurationTarget.Global);
    await settingsVisible({ [SETTINGS.connections]: [deEntry(), nlEntry()] });
    await until(() => h.connections.several(), 'the second connection');
    ({ warning } = stubMessages(sandbox));
  });

  afterEach(async () => {
    sandbox.restore();
    await h.connections.graph('eu-nl')?.deletions.whenIdle();
    await h.dispose();
    await nl.close();
  });

  it('shows one root per connection, each with its own project\'s jobs, and row IDs that never clash', async () => {
    const top = await roots();
    assert.deepEqual(top.map(node => node.connectionId), ['default', 'eu-nl']);
    assert.deepEqual(top.map(label), ['OTC eu-de', 'OTC eu-nl']);
    const de = await jobsOf('default');
    const nlJobs = await jobsOf('eu-nl');
    assert.equal(de.find(j => j.job.jobId === '182626')?.job.jobName, 'resnet50-imagenet');
    assert.equal(nlJobs.find(j => j.job.jobId === '182626')?.job.jobName, 'resnet50-eu-nl');
    const ids = [...de, ...nlJobs].map(node => h.view.getTreeItem(node).id);
    assert.equal(new Set(ids).size, ids.length, 'equal job IDs of two projects get different row IDs');
    assert.equal(await h.view.getParent(nlJobs[0]), top[1], 'a job\'s parent is its connection\'s root');
  });

  it('deletes only in the connection of the node: one DELETE at its own endpoint, none at the other, and the confirmation names it', async () => {
    const node = await versionOf('eu-nl', '182626', '278702');
    h.emulator.clearRequests();
    nl.clearRequests();
    warning.resolves('Delete' as never);

    await h.commands[COMMANDS.deleteVersion](node);

    const shown = dialog(warning);
    assert.equal(shown.message, 'Delete version "V0004" of training job "resnet50-eu-nl"?');
    assert.match(shown.detail, new RegExp(`Connection "OTC eu-nl": Project ${NL_PROJECT} in region eu-nl`));
    assert.deepEqual(deletesAt(nl).map(r => r.path), [`/v1/${NL_PROJECT}/training-jobs/182626/versions/278702`]);
    assert.deepEqual(deletesAt(h.emulator), [], 'nothing was sent to the other connection');
    assert.equal(h.emulator.requests.length, 0, 'the other connection was not even read');
    await h.connections.graph('eu-nl')?.deletions.whenIdle();
    assert.ok(!nl.jobs().find(j => j.jobId === '182626')?.versions.some(v => v.versionId === '278702'));
    assert.ok(h.emulator.jobs().find(j => j.jobId === '182626')?.versions.some(v => v.versionId === '278702'), 'eu-de keeps its V0004');
  });

  it('runs a command with `{ connection }` arguments in that connection, and asks which one when nothing says', async () => {
    nl.clearRequests();
    h.emulator.clearRequests();
    await h.commands[COMMANDS.showVersionDetails]({ jobId: '182626', versionId: '278702', connection: 'eu-nl' });
    assert.ok(nl.requests.some(r => r.route === 'getVersion'));
    assert.equal(h.emulator.requests.length, 0);
    // The document is served by the connection it was read with (the view's providers route by its URI).
    const nlConnection = await h.connections.graph('eu-nl')?.connection.current();
    assert.ok(nlConnection);
    const details = await vscode.workspace.openTextDocument(detailsUri('182626', '278702', 'V0004', 'resnet50-eu-nl', nlConnection));
    assert.match(details.getText(), /^# V0004 of resnet50-eu-nl/);
    assert.match(details.getText(), /\| Version ID \| 278702 \|/);

    const pick = sandbox.stub(vscode.window, 'showQuickPick').resolves(undefined);
    await h.commands[COMMANDS.deleteVersionFromPalette]();
    sinon.assert.calledOnce(pick);
    const items = pick.firstCall.args[0] as readonly vscode.QuickPickItem[];
    assert.deepEqual(items.map(item => item.label), ['OTC eu-de', 'OTC eu-nl']);
    assert.equal(deletesAt(nl).length + deletesAt(h.emulator).length, 0, 'cancelled: nothing sent');
  });

  it('refuses a selection that spans two connections', async () => {
    const a = await versionOf('default', '182626', '278702');
    const b = await versionOf('eu-nl', '182626', '278702');
    const info = vscode.window.showInformationMessage as unknown as sinon.SinonStub;
    await h.commands[COMMANDS.deleteVersion](a, [a, b]);
    sinon.assert.notCalled(warning);
    assert.match(String(info.firstCall.args[0]), /select rows of one connection at a time/);
    assert.equal(deletesAt(nl).length + deletesAt(h.emulator).length, 0);
  });

  it('one connection failing leaves the other loaded: its root shows the error, the other its jobs', async () => {
    await h.secrets.store(NL_SECRET, JSON.stringify({ kind: 'aksk', accessKey: NL_KEYS.accessKey, secretKey: 'WrongSecretKeyWrongSecretKey0000000000' }));
    await h.connections.graph('eu-nl')?.connection.whenSettled();
    const nlChildren = await h.view.getChildren(h.view.root('eu-nl'));
    assert.equal(nlChildren.length, 1);
    assert.ok(nlChildren[0] instanceof MessageNode && nlChildren[0].tag === 'error', 'eu-nl shows an error row');
    assert.match(label(nlChildren[0]), /Could not load training jobs: .*APIG\.0301/);
    assert.ok((await jobsOf('default')).length > 0, 'eu-de still lists its jobs');
  });

  it('signs out of one connection from its root: its secrets go, the other\'s stay, and its root says it is not signed in', async () => {
    warning.resolves('Sign Out' as never);
    await h.commands[COMMANDS.signOut](h.view.root('eu-nl'));
    assert.equal(await h.secrets.get(NL_SECRET), undefined);
    assert.ok(await h.store.get(), 'the first connection keeps its credentials');
    await h.connections.graph('eu-nl')?.connection.whenSettled();
    const children = await h.view.getChildren(h.view.root('eu-nl'));
    assert.deepEqual(children.map(label), ['Not signed in']);
    assert.ok((await jobsOf('default')).length > 0);
  });

  it('Sign Out from the palette offers each connection and all of them; All signs out of every one after one confirmation', async () => {
    const pick = sandbox.stub(vscode.window, 'showQuickPick').callsFake(async items => (await items).find(item => item.label === 'All Connections'));
    warning.resolves('Sign Out of All' as never);
    assert.equal(await h.commands[COMMANDS.signOut](), true);
    const offered = (await pick.firstCall.args[0]) as readonly vscode.QuickPickItem[];
    assert.deepEqual(offered.map(item => item.label), ['OTC eu-de', 'OTC eu-nl', 'All Connections']);
    assert.match(dialog(warning).message, /Sign out of all 2 ModelArts connections\?/);
    assert.equal(await h.secrets.get(NL_SECRET), undefined);
    assert.equal(await h.store.get(), undefined);
    assert.deepEqual(h.connections.ids(), ['default', 'eu-nl'], 'the connections stay, to sign in again');
  });

  it('removes a further connection: its entry and its secrets go, the first stays as it was', async () => {
    warning.resolves('Remove' as never);
    await h.commands[CONNECTION_COMMANDS.remove](h.view.root('eu-nl'));
    assert.match(dialog(warning).message, /Remove the connection "OTC eu-nl"\?/);
    assert.match(dialog(warning).detail, /Nothing changes in ModelArts/);
    await settingsVisible({ [SETTINGS.connections]: [deEntry()] });
    assert.equal(await h.secrets.get(NL_SECRET), undefined);
    assert.ok(await h.store.get());
    assert.deepEqual(h.connections.ids(), ['default']);
    assert.equal(deletesAt(nl).length + deletesAt(h.emulator).length, 0);
  });

  it('removes the first connection: the next takes its place with its settings and credentials, nothing asked again', async () => {
    warning.resolves('Remove' as never);
    await h.commands[CONNECTION_COMMANDS.remove](h.view.root('default'));
    assert.match(dialog(warning).message, /Remove the connection "OTC eu-de"\?/);
    await settingsVisible({ [SETTINGS.connections]: [{ ...nlEntry(), id: 'default' }] });
    await until(() => !h.connections.several(), 'one connection left');
    assert.equal(await h.secrets.get(NL_SECRET), undefined, 'the moved connection\'s old secret key is emptied');
    assert.deepEqual(await h.store.get(), { kind: 'aksk', ...NL_KEYS });
    await h.connection.whenSettled();
    const jobs = await h.tree.jobs();
    assert.equal(jobs.find(j => j.job.jobId === '182626')?.job.jobName, 'resnet50-eu-nl', 'the view is eu-nl\'s, flat again');
  });
});

describe('Add Connection', () => {
  const sandbox = sinon.createSandbox();
  let h: Harness;
  let nl: Emulator;
  let nameBox: sinon.SinonStub;

  /** Answers Configure Credentials' boxes for a custom endpoint with AK/SK, or Escape at the first. */
  function answer(target: Emulator | 'cancel'): void {
    const answers: Record<string, string> = target === 'cancel' ? {} : {
      [CONFIGURE_STEPS.target]: 'Custom endpoint…', [CONFIGURE_STEPS.endpoint]: target.url, [CONFIGURE_STEPS.iamEndpoint]: target.url,
      [CONFIGURE_STEPS.region]: target.region, [CONFIGURE_STEPS.method]: METHOD_LABELS.aksk,
      [CONFIGURE_STEPS.accessKey]: NL_KEYS.accessKey, [CONFIGURE_STEPS.secretKey]: NL_KEYS.secretKey, [CONFIGURE_STEPS.projectId]: '',
    };
    new FakeQuickInputs(sandbox, (shown, attempt) => {
      const step = String(shown.title).replace(`${CONFIGURE_TITLE}: `, '');
      const wanted = answers[step];
      if (target === 'cancel' || attempt > 1) {
        return 'cancel';
      }
      return shown.kind === 'pick' ? { pick: wanted ?? shown.active?.label ?? '' } : { text: wanted ?? shown.value };
    });
  }

  beforeEach(async () => {
    h = await startHarness();
    nl = await startEmulator({ v2: false, region: 'eu-nl', projectId: NL_PROJECT, credentials: NL_KEYS });
    stubMessages(sandbox);
    nameBox = sandbox.stub(vscode.window, 'showInputBox').resolves('OTC eu-nl');
  });

  afterEach(async () => {
    sandbox.restore();
    await h.dispose();
    await nl.close();
  });

  it('checks the new credentials, keeps them under the new connection\'s own secret key, names it, and shows both roots', async () => {
    answer(nl);
    assert.equal(await h.commands[CONNECTION_COMMANDS.add](), true);

    const stored = vscode.workspace.getConfiguration(SETTINGS_SECTION).inspect(SETTINGS.connections)?.globalValue as Record<string, string>[];
    assert.equal(stored.length, 2);
    const [first, entry] = stored;
    assert.equal(first.id, 'default', 'the first connection stays first in the list');
    assert.deepEqual({ ...entry, id: undefined }, { id: undefined, name: 'OTC eu-nl', cloud: 'custom', region: 'eu-nl', endpoint: nl.url, iamEndpoint: nl.url });
    assert.match(entry.id, /^c[0-9a-f]{8}$/);
    assert.equal(await h.secrets.get(`modelarts.connection.${entry.id}.credentials`), JSON.stringify({ kind: 'aksk', ...NL_KEYS }));
    assert.doesNotMatch(JSON.stringify(stored), new RegExp(NL_KEYS.secretKey), 'no secret in the settings');
    assert.ok(await h.store.get(), 'the first connection keeps its credentials');
    assert.equal(String(nameBox.firstCall.args[0]?.value), 'Custom endpoint eu-nl', 'the name box offers cloud and region');
    assert.ok(nl.requests.some(r => r.route === 'listJobs'), 'the credentials were checked with the new endpoint');

    await until(() => h.connections.several(), 'two connections');
    const top = await h.view.getChildren();
    assert.deepEqual(top.map(node => String(h.view.getTreeItem(node).label)), ['Custom endpoint eu-de', 'OTC eu-nl']);
  });

  it('leaves nothing behind when cancelled: no entry, no secret, still one connection', async () => {
    answer('cancel');
    assert.equal(await h.commands[CONNECTION_COMMANDS.add](), false);
    const stored = vscode.workspace.getConfiguration(SETTINGS_SECTION).inspect(SETTINGS.connections)?.globalValue as Record<string, string>[];
    assert.deepEqual(stored.map(entry => entry.id), ['default'], 'only the first connection is listed');
    assert.deepEqual([...h.secrets.values.keys()].filter(key => key.startsWith('modelarts.connection.') && !key.startsWith('modelarts.connection.default.')), []);
    assert.equal(h.connections.several(), false);
    assert.deepEqual(h.connections.ids(), ['default']);
    sinon.assert.notCalled(nameBox);
  });
});
