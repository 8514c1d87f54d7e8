import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as sinon from 'sinon';
import * as vscode from 'vscode';
import { COMMANDS, SETTINGS_SECTION } from '../../../src/constants';
import { readProfiles } from '../../../src/credentials/settingsStore';
import { FIRST_CONNECTION_ID } from '../../../src/model/connectionProfiles';
import type { TestApi } from '../../../src/extension';
import { CONFIGURE_STEPS, CONFIGURE_TITLE, CUSTOM_LABEL, METHOD_LABELS } from '../../../src/ui/credentialPrompts';
import { FakeQuickInputs } from '../extension/fakeQuickInputs';
import {
  CANARY_CREDENTIALS, EXTENSION_ID, nextTreeChange, secretsIn, settingsFiles, startCanaryEmulator, testApi,
} from './helpers';

type CanaryEmulator = Awaited<ReturnType<typeof startCanaryEmulator>>;

describe('Configure Credentials and Sign Out, through the real commands', () => {
  let api: TestApi;
  let emulator: CanaryEmulator;
  let sandbox: sinon.SinonSandbox;
  let errors: sinon.SinonStub;

  before(async () => {
    api = await testApi();
    emulator = await startCanaryEmulator();
  });

  beforeEach(() => {
    sandbox = sinon.createSandbox();
    // The success message is a toast; nothing waits for it.
    sandbox.stub(vscode.window, 'showInformationMessage').resolves(undefined);
    // Answers a failed check's modal with Cancel; an unexpected one fails the test instead of waiting.
    errors = sandbox.stub(vscode.window, 'showErrorMessage').resolves(undefined);
  });

  afterEach(() => sandbox.restore());

  after(async () => {
    await emulator.stop();
  });

  /**
   * Answers every box of Configure Credentials for a custom endpoint (the emulator), by the name of its
   * step; a box no answer was given for is recorded in `unexpected` and closed with Escape.
   */
  function answerConfigure(method: keyof typeof METHOD_LABELS, secrets: Record<string, string>) {
    const answers: Record<string, string> = {
      [CONFIGURE_STEPS.target]: CUSTOM_LABEL,
      [CONFIGURE_STEPS.endpoint]: emulator.url,
      [CONFIGURE_STEPS.iamEndpoint]: emulator.url,
      [CONFIGURE_STEPS.region]: emulator.region,
      [CONFIGURE_STEPS.method]: METHOD_LABELS[method],
      [CONFIGURE_STEPS.projectId]: '', // resolved from the region by a real IAM call
      ...secrets,
    };
    const unexpected: string[] = [];
    new FakeQuickInputs(sandbox, (shown, attempt) => {
      const step = shown.title?.slice(`${CONFIGURE_TITLE}: `.length) ?? '';
      const answer = answers[step];
      if (answer === undefined || attempt > 1 || !shown.title?.startsWith(`${CONFIGURE_TITLE}: `)) {
        unexpected.push(`${shown.title} (${shown.validationMessage ?? 'no answer'})`);
        return 'cancel';
      }
      return shown.kind === 'pick' ? { pick: answer } : { text: answer };
    });
    return { unexpected };
  }

  /**
   * Runs Configure Credentials with these answers. The extension reloads the tree only when what is
   * stored changed, so callers that look at the tree refresh it themselves.
   */
  async function configure(method: 'aksk' | 'temporary' | 'password', secrets: Record<string, string>): Promise<void> {
    const prompts = answerConfigure(method, secrets);
    await vscode.commands.executeCommand(COMMANDS.configureCredentials);
    assert.deepEqual(prompts.unexpected, []);
    assert.deepEqual(errors.getCalls().map(call => String(call.args[0])), [], 'Configure Credentials failed');
  }

  /** No known secret in any settings value or settings file; the settings did reach the user's file. */
  function assertNoSecretInSettings(): void {
    const config = vscode.workspace.getConfiguration(SETTINGS_SECTION);
    const properties = Object.keys(vscode.extensions.getExtension(EXTENSION_ID)?.packageJSON.contributes.configuration.properties ?? {});
    assert.ok(properties.length > 0);
    for (const key of properties) {
      const inspected = config.inspect(key.slice(SETTINGS_SECTION.length + 1));
      assert.deepEqual(secretsIn(JSON.stringify(inspected ?? {})), [], `setting ${key} holds a secret`);
    }
    const files = settingsFiles();
    const contents = files.map(file => fs.readFileSync(file, 'utf8'));
    assert.ok(contents.some(text => text.includes(emulator.url)),
      `none of the settings files (${files.join(', ')}) holds the endpoint just configured`);
    files.forEach((file, i) => assert.deepEqual(secretsIn(contents[i]), [], `${file} holds a secret`));
  }

  it('checks AK/SK with a real call, stores the secret key in SecretStorage only, and the tree loads', async () => {
    await configure('aksk', { 'Access Key ID': CANARY_CREDENTIALS.accessKey, 'Secret Access Key': CANARY_CREDENTIALS.secretKey });

    const stored = await api.credentialStore.get();
    assert.ok(stored?.kind === 'aksk', 'no AK/SK credentials stored');
    assert.equal(stored.accessKey, CANARY_CREDENTIALS.accessKey);
    assert.ok(stored.secretKey === CANARY_CREDENTIALS.secretKey, 'SecretStorage does not hold the secret key entered');
    // The check resolved the project from the region (IAM) and listed jobs, signed with that key.
    const routes = emulator.requests.map(r => r.route);
    assert.ok(routes.includes('projects'), `no project look-up among ${routes.join(', ')}`);
    const signed = emulator.requests.filter(r => r.route === 'listJobs' && r.headers.authorization?.includes(`Access=${CANARY_CREDENTIALS.accessKey}`));
    assert.ok(signed.length > 0, 'no listJobs request signed with the access key entered');
    assert.equal(readProfiles().find(p => p.id === FIRST_CONNECTION_ID)?.endpoint, emulator.url, 'the endpoint is the first connection\'s in modelarts.connections');
    assertNoSecretInSettings();
    api.treeProvider.refresh();
    const jobs = await api.getJobNodes();
    assert.deepEqual(jobs.map(node => node.job.jobId).sort(), emulator.jobs().map(job => job.jobId).sort());
  });

  it('stores a temporary AK/SK with its security token in SecretStorage only', async () => {
    const { temporary } = CANARY_CREDENTIALS;
    await configure('temporary', {
      'Access Key ID': temporary.accessKey, 'Secret Access Key': temporary.secretKey, 'Security Token': temporary.securityToken,
    });
    const stored = await api.credentialStore.get();
    assert.ok(stored?.kind === 'aksk', 'no AK/SK credentials stored');
    assert.ok(stored.secretKey === temporary.secretKey && stored.securityToken === temporary.securityToken,
      'SecretStorage does not hold the temporary secret key and security token entered');
    emulator.clearRequests();
    api.treeProvider.refresh();
    assert.ok((await api.getJobNodes()).length > 0);
    const listed = emulator.requests.filter(r => r.route === 'listJobs');
    assert.ok(listed.length > 0 && listed.every(r => r.headers['x-security-token'] === temporary.securityToken),
      'the jobs were not listed with the security token');
    assertNoSecretInSettings();
  });

  it('signs in with IAM user name and password, caching the token in SecretStorage only', async () => {
    await configure('password', {
      'Account Name': CANARY_CREDENTIALS.domainName, 'IAM User Name': CANARY_CREDENTIALS.userName, 'Password': CANARY_CREDENTIALS.password,
    });
    const stored = await api.credentialStore.get();
    assert.ok(stored?.kind === 'password', 'no password credentials stored');
    assert.equal(stored.userName, CANARY_CREDENTIALS.userName);
    assert.ok(stored.password === CANARY_CREDENTIALS.password, 'SecretStorage does not hold the password entered');
    const token = await api.credentialStore.tokenCache.get();
    assert.ok(token, 'no IAM token cached in SecretStorage');
    emulator.clearRequests();
    api.treeProvider.refresh();
    assert.ok((await api.getJobNodes()).length > 0);
    assert.deepEqual(emulator.requests.filter(r => r.route === 'iamToken').length, 0, 'signed in again instead of using the cached token');
    assert.ok(emulator.requests.some(r => r.route === 'listJobs' && r.headers['x-auth-token'] !== undefined), 'jobs not listed with the token');
    assertNoSecretInSettings();
  });

  it('saves nothing when the service refuses the credentials, and says why', async () => {
    const before = await api.credentialStore.get();
    const prompts = answerConfigure('aksk', { 'Access Key ID': CANARY_CREDENTIALS.accessKey, 'Secret Access Key': 'wrong-secret-key-0000' });
    await vscode.commands.executeCommand(COMMANDS.configureCredentials);
    assert.deepEqual(prompts.unexpected, []);
    sinon.assert.calledOnce(errors);
    const [message] = errors.firstCall.args as unknown as [string];
    assert.match(message, /credentials were not saved/i);
    assert.match(message, /401|not accept|authenticat|signature/i);
    assert.deepEqual(secretsIn(message), []);
    // Compared as text so that a failure never prints the secrets.
    assert.ok(JSON.stringify(await api.credentialStore.get()) === JSON.stringify(before), 'the stored credentials changed');
  });

  it('Sign Out removes every stored secret and the tree shows the signed-out state', async () => {
    await configure('password', {
      'Account Name': CANARY_CREDENTIALS.domainName, 'IAM User Name': CANARY_CREDENTIALS.userName, 'Password': CANARY_CREDENTIALS.password,
    });
    sandbox.stub(vscode.window, 'showWarningMessage').callsFake((async () => 'Sign Out') as unknown as typeof vscode.window.showWarningMessage);
    const reloaded = nextTreeChange(api, 'signing out');
    await vscode.commands.executeCommand(COMMANDS.signOut);
    await reloaded;
    // Checked without a diff, which would print the secrets still stored.
    assert.ok(await api.credentialStore.get() === undefined, 'credentials are still stored after Sign Out');
    assert.ok(await api.credentialStore.tokenCache.get() === undefined, 'an IAM token is still cached after Sign Out');
    // An empty root is what lets the welcome view (Configure Credentials) show.
    assert.deepEqual(await api.treeProvider.getChildren(), []);
  });
});
