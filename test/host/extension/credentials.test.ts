/**
 * Credentials: Configure Credentials through its real prompts (answered by stubs) and one real check
 * against the emulator; secrets only in SecretStorage (an in-memory fake here), never in settings,
 * settings.json or the log; Edit and Retry keeps what was typed; Sign Out; change notifications.
 */
import * as assert from 'node:assert/strict';
import * as sinon from 'sinon';
import * as vscode from 'vscode';
import { COMMANDS, SETTINGS_SECTION } from '../../../src/constants';
import { FIRST_CONNECTION_ID, secretKeysOf } from '../../../src/model/connectionProfiles';
import { CONFIGURE_STEPS, CONFIGURE_TITLE, METHOD_LABELS, RETRY_BUTTON } from '../../../src/commands/configureCredentials';
import { FakeQuickInputs, type Shown } from './fakeQuickInputs';
import { startHarness, type Harness, assertSameSecret, assertNothingStored } from './harness';

type Answers = Partial<Record<keyof typeof CONFIGURE_STEPS, string>>;

/** The step of a box, from its title ("Configure Credentials: <step>"). */
function stepOf(title: string | undefined): keyof typeof CONFIGURE_STEPS {
  const step = (Object.keys(CONFIGURE_STEPS) as (keyof typeof CONFIGURE_STEPS)[])
    .find(key => title === `${CONFIGURE_TITLE}: ${CONFIGURE_STEPS[key]}`);
  assert.ok(step, `unexpected box "${title}"`);
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
  let boxes: FakeQuickInputs;
  /** The boxes shown, with the name of their step. */
  let prompts: (Shown & { name: keyof typeof CONFIGURE_STEPS })[];
  let errorBox: sinon.SinonStub;
  let infoBox: sinon.SinonStub;
  /** Which round of answers applies: the next one after each error dialog. */
  let round: number;

  /**
   * Answers the boxes of Configure Credentials: round n uses `rounds[n]` (a new round begins after each
   * error dialog); a step with no answer keeps what the box shows; an answer the box refuses is
   * recorded (validationMessage) and the box then cancelled.
   */
  function answer(...rounds: Answers[]): void {
    boxes = new FakeQuickInputs(sandbox, (shown, attempt) => {
      const step = stepOf(shown.title);
      if (attempt === 1) {
        prompts.push(Object.assign(shown, { name: step }));
      }
      if (attempt > 1) {
        return 'cancel';
      }
      const wanted = rounds[Math.min(round, rounds.length - 1)][step];
      if (shown.kind === 'pick') {
        return wanted === undefined ? { pick: shown.active?.label ?? '' } : { pick: wanted };
      }
      return { text: wanted ?? shown.value };
    });
  }

  beforeEach(async () => {
    h = await startHarness({ signedIn: false });
    prompts = [];
    round = 0;
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
    const secretPrompt = prompts.find(p => p.name === 'secretKey');
    assert.equal(secretPrompt?.password, true);
    assert.ok(!secretPrompt?.value, 'a secret box never shows a value');
    // One dialog of steps: "n of m", and Back from the second step on.
    assert.deepEqual(prompts.map(p => `${p.name} ${p.step}/${p.totalSteps}`), [
      'target 1/8', 'endpoint 2/8', 'iamEndpoint 3/8', 'region 4/8', 'method 5/8', 'accessKey 6/8', 'secretKey 7/8', 'projectId 8/8']);
    assert.deepEqual(prompts.map(p => p.hasBack), [false, true, true, true, true, true, true, true]);
    sinon.assert.calledWithMatch(infoBox, sinon.match(new RegExp(`region ${h.emulator.region}, project ${h.emulator.projectId}`)));
    sinon.assert.notCalled(errorBox);

    const settingsText = await everythingInSettings();
    assert.ok(settingsText.includes(h.emulator.url), 'the settings that were read are the ones written');
    assert.ok(!settingsText.includes(h.emulator.credentials.secretKey), 'no secret key in settings');
    assert.ok(!h.sink.lines.join('\n').includes(h.emulator.credentials.secretKey), 'no secret key in the log');
    assert.deepEqual([...h.secrets.values.keys()], [secretKeysOf(FIRST_CONNECTION_ID).credentials]);
  });

  it('saves nothing when the check fails, states the one cause, and Edit and Retry goes back to the secret key with every value kept', async () => {
    const wrong = 'WrongSecretKey-canary-000000000000000000';
    answer(customAkSk({ secretKey: wrong }), customAkSk({ secretKey: h.emulator.credentials.secretKey }));
    let storedDuringError: unknown = 'not called';
    errorBox.callsFake(async () => {
      storedDuringError = await h.store.get();
      round++;
      return RETRY_BUTTON;
    });

    const saved = await h.handlers[COMMANDS.configureCredentials]();

    assert.equal(saved, true);
    sinon.assert.calledOnce(errorBox);
    const [message, options, button] = errorBox.firstCall.args as [string, vscode.MessageOptions, string];
    assert.equal(message, 'The credentials were not saved: the access key or secret key was not accepted (APIG.0301).');
    assert.equal(options.modal, true);
    assert.match(String(options.detail), /^Check the access key ID and secret key .* clock is correct\.\n\nChoose "Edit and Retry" to correct the secret access key; everything else you entered is kept\.$/);
    assert.equal(button, RETRY_BUTTON);
    assertNothingStored(storedDuringError, 'after the failed check, the secret storage');
    assert.ok(!message.includes(wrong) && !String(options.detail).includes(wrong), 'the secret is never echoed');

    const second = prompts.slice(prompts.findIndex(p => p.name === 'projectId') + 1);
    assert.deepEqual(second.map(p => `${p.name} ${p.step}/${p.totalSteps}`), ['secretKey 7/8', 'projectId 8/8'], 'straight back to the secret key');
    const secondSecret = second[0];
    assert.ok(!secondSecret.value, 'the secret typed before is not shown');
    assert.match(String(secondSecret.placeholder), /Leave empty to keep/);
    assert.ok(secondSecret.hasBack, 'and Back leads to the values kept');
    assert.equal((await h.store.get())?.kind, 'aksk');
    assert.ok(!h.sink.lines.join('\n').includes(wrong), 'no secret in the log');
  });

  it('a wrong endpoint sends Edit and Retry to the endpoint; a secret box left empty then keeps what was typed', async () => {
    answer(customAkSk({ endpoint: `${h.emulator.url}/wrong-base`, iamEndpoint: h.emulator.url }),
      customAkSk({ secretKey: '' }));
    errorBox.callsFake(async () => {
      round++;
      return RETRY_BUTTON;
    });
    assert.equal(await h.handlers[COMMANDS.configureCredentials](), true);
    sinon.assert.calledOnce(errorBox);
    assert.match(String(errorBox.firstCall.args[0]), /^The credentials were not saved: the ModelArts endpoint does not answer as ModelArts does \(APIG\.0101\)\.$/);
    assert.equal(prompts[prompts.findIndex(p => p.name === 'projectId') + 1]?.name, 'endpoint', 'back to the endpoint');
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
    assert.equal(prompts.find(p => p.name === 'password')?.password, true);
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
    assert.equal(prompts.find(p => p.name === 'securityToken')?.password, true);
    assert.equal(h.requests('projects').length, 0, 'a project ID given is used as is');
    assert.equal(h.settings.readConnection().projectId, h.emulator.projectId);
    assert.ok(!(await everythingInSettings()).includes(temporary.securityToken));
  });

  it('refuses a pasted secret with an invisible character as it is entered, naming the field and the position', async () => {
    const temporary = h.emulator.credentials.temporary;
    const pasted: Record<string, string> = {
      accessKey: `${temporary.accessKey.slice(0, 2)}\u200b${temporary.accessKey.slice(2)}`,
      secretKey: `secret\u00a0key`,
      securityToken: `${temporary.securityToken}\u200b`,
    };
    const refused: Record<string, string | undefined> = {};
    boxes = new FakeQuickInputs(sandbox, (shown, attempt) => {
      const step = stepOf(shown.title);
      const good: Answers = customAkSk({ method: METHOD_LABELS.temporary, ...temporary, projectId: h.emulator.projectId });
      if (attempt === 2) {
        refused[step] = shown.validationMessage;
      }
      if (shown.kind === 'pick') {
        return { pick: good[step] ?? '' };
      }
      return { text: attempt === 1 && pasted[step] !== undefined ? pasted[step] : good[step] ?? shown.value };
    });
    assert.equal(await h.handlers[COMMANDS.configureCredentials](), true, 'saved once the good values were typed');
    assert.match(String(refused.securityToken),
      new RegExp(`^The security token holds a character that is not printable ASCII at position ${temporary.securityToken.length + 1} \\(U\\+200B\\)`));
    assert.match(String(refused.secretKey), /The secret access key .* position 7 \(U\+00A0\)/);
    assert.match(String(refused.accessKey), /The access key ID .* position 3 \(U\+200B\)/);
  });

  it('Back returns to the step before with its value, and a new cloud and region forgets the project ID of the old one', async () => {
    await h.settings.writeConnection({ cloud: 'otc', region: 'eu-de', endpoint: '', iamEndpoint: '', projectId: 'aaaabbbbccccddddeeeeffff00001111' });
    const seen: string[] = [];
    let backs = 0;
    boxes = new FakeQuickInputs(sandbox, shown => {
      const step = stepOf(shown.title);
      seen.push(`${step} ${shown.step}/${shown.totalSteps}${step === 'projectId' ? ` "${shown.value}"` : ''}`);
      if (step === 'target') {
        return { pick: backs === 0 ? 'Netherlands' : 'Germany' };
      }
      if (step === 'method' && backs === 0) {
        backs++;
        return 'back';
      }
      return step === 'projectId' ? 'cancel' : step === 'method' ? { pick: METHOD_LABELS.aksk } : { text: 'x' };
    });
    assert.equal(await h.handlers[COMMANDS.configureCredentials](), false);
    assert.deepEqual(seen, ['target 1/5', 'method 2/5', 'target 1/5', 'method 2/5', 'accessKey 3/5', 'secretKey 4/5', 'projectId 5/5 ""']);
    assert.equal(boxes.shown[0].active?.label, 'Germany', 'the current region is highlighted, in its group');
    assert.ok(boxes.shown[0].items.some(i => i.kind === vscode.QuickPickItemKind.Separator && i.label === 'Open Telekom Cloud'));
    assert.equal(h.secrets.values.size, 0);
  });

  for (const escaped of ['target', 'method', 'secretKey', 'projectId'] as const) {
    it(`saves nothing, and sends nothing, when Escape closes the ${escaped} step`, async () => {
      const good = customAkSk();
      boxes = new FakeQuickInputs(sandbox, shown => {
        const step = stepOf(shown.title);
        if (step === escaped) {
          return 'cancel';
        }
        return shown.kind === 'pick' ? { pick: good[step] ?? '' } : { text: good[step] ?? shown.value };
      });
      assert.equal(await h.handlers[COMMANDS.configureCredentials](), false);
      assert.equal(stepOf(boxes.shown.at(-1)?.title), escaped);
      assert.equal(h.secrets.values.size, 0);
      assert.equal(h.emulator.requests.length, 0);
      sinon.assert.notCalled(errorBox);
    });
  }

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
      await h.secrets.store(secretKeysOf(FIRST_CONNECTION_ID).token, JSON.stringify({ token: 't', expiresAt: Date.now() + 60_000, projectId: 'p' }));
      assert.equal(credentialEvents, 0);
      assert.equal((await h.connection.current())?.client, first, 'same client after a token change');

      const changed = new Promise<void>(resolve => h.connection.onDidChange(() => resolve()));
      await h.secrets.store(secretKeysOf(FIRST_CONNECTION_ID).credentials, JSON.stringify({
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
