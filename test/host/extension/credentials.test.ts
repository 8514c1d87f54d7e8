/**
 * Credentials: Configure Credentials through its real prompts (answered by stubs) and one real check
 * against the emulator; secrets only in SecretStorage (an in-memory fake here), never in settings,
 * settings.json or the log; Edit and Retry keeps what was typed; Sign Out; change notifications.
 */
import * as assert from 'node:assert/strict';
import * as sinon from 'sinon';
import * as vscode from 'vscode';
import { COMMANDS, SECRET_KEYS, SETTINGS_SECTION } from '../../../src/constants';
import { CONFIGURE_STEPS, METHOD_LABELS, RETRY_BUTTON } from '../../../src/commands/configureCredentials';
import { startHarness, type Harness, assertSameSecret, assertNothingStored } from './harness';

type Answers = Partial<Record<keyof typeof CONFIGURE_STEPS, string>>;

/** The step of a prompt, from its title ("ModelArts: <step>"). */
function stepOf(title: string | undefined): keyof typeof CONFIGURE_STEPS {
  const step = (Object.keys(CONFIGURE_STEPS) as (keyof typeof CONFIGURE_STEPS)[])
    .find(key => title === `ModelArts: ${CONFIGURE_STEPS[key]}`);
  assert.ok(step, `unexpected prompt "${title}"`);
  return step;
}

/** Every value a user setting of this extension holds, plus the user settings.json text. */
async function everythingInSettings(): Promise<string> {
  const config = vscode.workspace.getConfiguration(SETTINGS_SECTION);
  const values = Object.keys(config).filter(k => typeof (config as Record<string, unknown>)[k] !== 'function')
    .map(key => JSON.stringify(config.inspect(key)));
  await vscode.commands.executeCommand('workbench.action.openSettingsJson');
  const editor = vscode.window.activeTextEditor;
  assert.ok(editor, 'the user settings.json opened');
  assert.match(editor.document.uri.path, /settings\.json$/);
  const text = editor.document.getText();
  await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
  return [...values, text].join('\n');
}

describe('Credentials', () => {
  const sandbox = sinon.createSandbox();
  let h: Harness;
  let inputs: sinon.SinonStub;
  let picks: sinon.SinonStub;
  let prompts: { step: string; options: vscode.InputBoxOptions }[];
  let errorBox: sinon.SinonStub;
  let infoBox: sinon.SinonStub;

  /** Answers the prompts of one Configure Credentials round; later rounds use `rounds[n]`. */
  function answer(...rounds: Answers[]): void {
    let round = -1;
    picks.callsFake(async (items: readonly vscode.QuickPickItem[] | Thenable<readonly vscode.QuickPickItem[]>, options?: vscode.QuickPickOptions) => {
      const step = stepOf(options?.title);
      if (step === 'target') {
        round++;
      }
      const wanted = rounds[Math.min(round, rounds.length - 1)][step];
      return (await items).find(item => item.label === wanted);
    });
    inputs.callsFake(async (options: vscode.InputBoxOptions) => {
      const step = stepOf(options.title);
      prompts.push({ step, options });
      const value = rounds[Math.min(round, rounds.length - 1)][step];
      return value ?? options.value ?? '';
    });
  }

  beforeEach(async () => {
    h = await startHarness({ signedIn: false });
    prompts = [];
    inputs = sandbox.stub(vscode.window, 'showInputBox');
    picks = sandbox.stub(vscode.window, 'showQuickPick');
    errorBox = sandbox.stub(vscode.window, 'showErrorMessage').resolves(undefined);
    infoBox = sandbox.stub(vscode.window, 'showInformationMessage').resolves(undefined);
  });

  afterEach(async () => {
    sandbox.restore();
    await h.dispose();
  });

  function customAkSk(overrides: Answers = {}): Answers {
    return {
      target: 'Custom endpoint…', endpoint: h.emulator.url, iamEndpoint: h.emulator.url, region: h.emulator.region,
      method: METHOD_LABELS.aksk, accessKey: h.emulator.credentials.accessKey, secretKey: h.emulator.credentials.secretKey,
      projectId: '', ...overrides,
    };
  }

  it('checks AK/SK with one real call, then keeps the secret key in SecretStorage only', async () => {
    answer(customAkSk());
    const saved = await h.handlers[COMMANDS.configureCredentials]();

    assert.equal(saved, true);
    assertSameSecret(await h.store.get(), {
      kind: 'aksk', accessKey: h.emulator.credentials.accessKey, secretKey: h.emulator.credentials.secretKey,
    });
    assert.deepEqual(h.settings.readConnection(), {
      cloud: 'custom', region: h.emulator.region, endpoint: h.emulator.url, iamEndpoint: h.emulator.url, projectId: '',
    });
    const check = h.requests('listJobs');
    assert.equal(check.length, 1);
    assert.equal(check[0].query.per_page, '1');
    assert.equal(h.requests('projects').length, 1, 'the project ID was resolved from the region');
    const secretPrompt = prompts.find(p => p.step === 'secretKey');
    assert.equal(secretPrompt?.options.password, true);
    assert.ok(!secretPrompt?.options.value, 'a secret box never shows a value');
    sinon.assert.calledWithMatch(infoBox, sinon.match(new RegExp(`region ${h.emulator.region}, project ${h.emulator.projectId}`)));
    sinon.assert.notCalled(errorBox);

    const settingsText = await everythingInSettings();
    assert.ok(settingsText.includes(h.emulator.url), 'the settings that were read are the ones written');
    assert.ok(!settingsText.includes(h.emulator.credentials.secretKey), 'no secret key in settings');
    assert.ok(!h.sink.lines.join('\n').includes(h.emulator.credentials.secretKey), 'no secret key in the log');
    assert.deepEqual([...h.secrets.values.keys()], [SECRET_KEYS.credentials]);
  });

  it('saves nothing when the check fails, says why, and Edit and Retry keeps every value typed', async () => {
    const wrong = 'WrongSecretKey-canary-000000000000000000';
    answer(customAkSk({ secretKey: wrong }), customAkSk({ secretKey: h.emulator.credentials.secretKey }));
    let storedDuringError: unknown = 'not called';
    errorBox.callsFake(async () => {
      storedDuringError = await h.store.get();
      return RETRY_BUTTON;
    });

    const saved = await h.handlers[COMMANDS.configureCredentials]();

    assert.equal(saved, true);
    sinon.assert.calledOnce(errorBox);
    const [message, options, button] = errorBox.firstCall.args as [string, vscode.MessageOptions, string];
    assert.match(message, /^The credentials were not saved: /);
    assert.match(message, /APIG\.0301/);
    assert.equal(options.modal, true);
    assert.match(String(options.detail), /Check the access key ID and secret key/);
    assert.equal(button, RETRY_BUTTON);
    assertNothingStored(storedDuringError, 'after the failed check, the secret storage');
    assert.ok(!message.includes(wrong) && !String(options.detail).includes(wrong), 'the secret is never echoed');

    const second = prompts.slice(prompts.findIndex((p, i) => i > 0 && p.step === 'endpoint'));
    const value = (step: string) => second.find(p => p.step === step)?.options.value;
    assert.equal(value('endpoint'), h.emulator.url);
    assert.equal(value('iamEndpoint'), h.emulator.url);
    assert.equal(value('region'), h.emulator.region);
    assert.equal(value('accessKey'), h.emulator.credentials.accessKey);
    const secondSecret = second.find(p => p.step === 'secretKey');
    assert.ok(!secondSecret?.options.value, 'the secret typed before is not shown');
    assert.match(String(secondSecret?.options.placeHolder), /Leave empty to keep/);
    assert.equal((await h.store.get())?.kind, 'aksk');
    assert.ok(!h.sink.lines.join('\n').includes(wrong), 'no secret in the log');
  });

  it('keeps a secret typed before when its box is left empty on retry', async () => {
    answer(customAkSk({ endpoint: `${h.emulator.url}/wrong-base`, iamEndpoint: h.emulator.url }),
      customAkSk({ secretKey: '' }));
    errorBox.resolves(RETRY_BUTTON);
    assert.equal(await h.handlers[COMMANDS.configureCredentials](), true);
    sinon.assert.calledOnce(errorBox);
    const stored = await h.store.get();
    assert.ok(stored?.kind === 'aksk' && stored.secretKey === h.emulator.credentials.secretKey, 'the secret key typed first is kept (not printed)');
  });

  it('signs in with IAM user name and password, and caches the token in SecretStorage only', async () => {
    answer(customAkSk({
      method: METHOD_LABELS.password, userName: h.emulator.credentials.userName,
      password: h.emulator.credentials.password, domainName: h.emulator.credentials.domainName,
    }));
    assert.equal(await h.handlers[COMMANDS.configureCredentials](), true);
    assertSameSecret(await h.store.get(), {
      kind: 'password', userName: h.emulator.credentials.userName,
      password: h.emulator.credentials.password, domainName: h.emulator.credentials.domainName,
    });
    assert.equal(prompts.find(p => p.step === 'password')?.options.password, true);
    const token = await h.store.tokenCache.get();
    assert.ok(token?.token, 'the token of the check is cached');
    assert.equal(token.projectId, h.emulator.projectId);
    const settingsText = await everythingInSettings();
    for (const secret of [h.emulator.credentials.password, token.token]) {
      assert.ok(!settingsText.includes(secret), 'no password or token in settings');
      assert.ok(!h.sink.lines.join('\n').includes(secret), 'no password or token in the log');
    }
    // The tree signs in no more: it uses the cached token.
    const tokensBefore = h.requests('iamToken').length;
    assert.equal((await h.tree.jobs()).length, 13);
    assert.equal(h.requests('iamToken').length, tokensBefore);
  });

  it('signs in with a temporary AK/SK and its security token', async () => {
    const temporary = h.emulator.credentials.temporary;
    answer(customAkSk({
      method: METHOD_LABELS.temporary, accessKey: temporary.accessKey, secretKey: temporary.secretKey,
      securityToken: temporary.securityToken, projectId: h.emulator.projectId,
    }));
    assert.equal(await h.handlers[COMMANDS.configureCredentials](), true);
    assertSameSecret(await h.store.get(), { kind: 'aksk', ...temporary });
    assert.equal(prompts.find(p => p.step === 'securityToken')?.options.password, true);
    assert.equal(h.requests('projects').length, 0, 'a project ID given is used as is');
    assert.equal(h.settings.readConnection().projectId, h.emulator.projectId);
    assert.ok(!(await everythingInSettings()).includes(temporary.securityToken));
  });

  it('refuses a pasted secret with an invisible character as it is entered, naming the field and the position', async () => {
    const temporary = h.emulator.credentials.temporary;
    answer(customAkSk({
      method: METHOD_LABELS.temporary, accessKey: temporary.accessKey, secretKey: temporary.secretKey,
      securityToken: temporary.securityToken, projectId: h.emulator.projectId,
    }));
    await h.handlers[COMMANDS.configureCredentials]();
    const box = (step: string) => prompts.find(p => p.step === step)?.options;
    const token = box('securityToken');
    assert.ok(token?.validateInput, 'the security token box validates what is pasted');
    assert.match(String(await token.validateInput(`${temporary.securityToken}\u200b`)),
      new RegExp(`^The security token holds a character that is not printable ASCII at position ${temporary.securityToken.length + 1} \\(U\\+200B\\)`));
    assert.equal(await token.validateInput(temporary.securityToken), undefined);
    assert.match(String(await box('secretKey')?.validateInput?.('secret\u00a0key')), /The secret access key .* position 7 \(U\+00A0\)/);
    assert.match(String(await box('accessKey')?.validateInput?.('AK\u200bEY')), /The access key ID .* position 3 \(U\+200B\)/);
  });

  it('saves nothing when a prompt is cancelled', async () => {
    answer(customAkSk({ target: 'no such item' }));
    assert.equal(await h.handlers[COMMANDS.configureCredentials](), false);
    assert.equal(h.secrets.values.size, 0);
    assert.equal(h.emulator.requests.length, 0);
  });

  it('Sign Out removes every stored secret after confirmation, and keeps the settings', async () => {
    await h.store.set({ kind: 'password', userName: 'u', password: 'p', domainName: 'd' });
    await h.store.tokenCache.set({ token: 't', expiresAt: Date.now() + 60_000, projectId: h.emulator.projectId });
    const warning = sandbox.stub(vscode.window, 'showWarningMessage');
    warning.resolves(undefined);
    await h.handlers[COMMANDS.signOut]();
    assert.equal(h.secrets.values.size, 2, 'dismissed: nothing removed');
    warning.resolves('Sign Out' as never);
    await h.handlers[COMMANDS.signOut]();
    assert.equal(h.secrets.values.size, 0);
    assert.equal(h.settings.readConnection().endpoint, h.emulator.url);
    assert.deepEqual(await h.tree.getChildren(), [], 'the tree shows the welcome view again');
  });

  it('announces a change of all connection settings once, with every setting written', async () => {
    await h.connection.current();
    const seen: string[] = [];
    const listener = h.connection.onDidChange(() => seen.push(h.settings.readConnection().endpoint));
    try {
      // Five writes, each with its own configuration event: only the end state may be announced.
      await h.settings.writeConnection({ cloud: 'custom', region: 'eu-nl', endpoint: 'http://127.0.0.1:1', iamEndpoint: 'http://127.0.0.1:1', projectId: '' });
      // The announcement may come after writeConnection() resolves: wait for the first (bounded, for
      // a broken run), then long enough for a second, wrongly split one to arrive too.
      for (let waited = 0; seen.length === 0 && waited < 5000; waited += 50) {
        await new Promise(resolve => setTimeout(resolve, 50));
      }
      await new Promise(resolve => setTimeout(resolve, 300));
      assert.deepEqual(seen, ['http://127.0.0.1:1']);
    } finally {
      listener.dispose();
    }
  });

  it('reloads when the credentials change in another window, not when the cached token does', async () => {
    await h.store.set({ kind: 'aksk', accessKey: h.emulator.credentials.accessKey, secretKey: h.emulator.credentials.secretKey });
    const first = (await h.connection.current())?.client;
    let credentialEvents = 0;
    const listener = h.store.onDidChangeCredentials(() => credentialEvents++);
    try {
      await h.secrets.store(SECRET_KEYS.token, JSON.stringify({ token: 't', expiresAt: Date.now() + 60_000, projectId: 'p' }));
      assert.equal(credentialEvents, 0);
      assert.equal((await h.connection.current())?.client, first, 'same client after a token change');

      const changed = new Promise<void>(resolve => h.connection.onDidChange(() => resolve()));
      await h.secrets.store(SECRET_KEYS.credentials, JSON.stringify({
        kind: 'aksk', accessKey: h.emulator.credentials.temporary.accessKey, secretKey: 'other',
      }));
      assert.equal(credentialEvents, 1);
      await changed;
      assert.notEqual((await h.connection.current())?.client, first, 'a new client for the new credentials');
    } finally {
      listener.dispose();
    }
  });
});
