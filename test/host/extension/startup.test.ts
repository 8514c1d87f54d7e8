/**
 * Start-up (src/startup.ts): the context key is set from the store before anything else; the
 * emulator named by MODELARTS_EMULATOR_URL is connected to only when no credentials are stored and
 * the user never signed out, and the log says so; a failing step never rejects, so the tree loads.
 */
import * as assert from 'node:assert/strict';
import * as sinon from 'sinon';
import * as vscode from 'vscode';
import { COMMANDS, EMULATOR_URL_ENV, GLOBAL_STATE_KEYS } from '../../../src/constants';
import { ConfiguredContextKey, startUp } from '../../../src/startup';
import { REPLACE_BUTTON } from '../../../src/model/confirmations';
import { startEmulator } from '../../fixtures/emulator';
import { startHarness, type Harness, assertSameSecret, assertNothingStored } from './harness';

describe('Start-up', () => {
  const sandbox = sinon.createSandbox();
  let h: Harness;
  let keyValues: boolean[];
  let contextKey: ConfiguredContextKey;

  beforeEach(async () => {
    h = await startHarness({ signedIn: false });
    keyValues = [];
    contextKey = new ConfiguredContextKey(() => h.connection.isConfigured(), h.logger, async (_key, value) => keyValues.push(value));
  });

  afterEach(async () => {
    sandbox.restore();
    await h.dispose();
  });

  const run = (env: NodeJS.ProcessEnv) => startUp({
    store: h.store, settings: h.settings, connection: h.connection, logger: h.logger, env, globalState: h.globalState, contextKey,
  });

  it('connects to the emulator named by the environment when nothing is stored, and logs it', async () => {
    await run({ [EMULATOR_URL_ENV]: h.emulator.url });
    assertSameSecret(await h.store.get(), {
      kind: 'aksk', accessKey: h.emulator.credentials.accessKey, secretKey: h.emulator.credentials.secretKey,
    });
    assert.deepEqual(keyValues, [false, true], 'set from the store first, then after connecting');
    assert.ok(h.logger.lines.some(line => line.includes(`${EMULATOR_URL_ENV} names ${h.emulator.url} and no credentials are stored`)));
    assert.equal((await h.tree.jobs()).length, 13);
  });

  it('does not connect again after an explicit Sign Out', async () => {
    await run({ [EMULATOR_URL_ENV]: h.emulator.url });
    sandbox.stub(vscode.window, 'showWarningMessage').resolves('Sign Out' as never);
    await h.handlers[COMMANDS.signOut]();
    assert.equal(h.globalState.get(GLOBAL_STATE_KEYS.signedOut), true, 'the sign-out is remembered');
    assertNothingStored(await h.store.get());
    keyValues.length = 0;

    await run({ [EMULATOR_URL_ENV]: h.emulator.url });

    assertNothingStored(await h.store.get(), 'still signed out');
    assert.deepEqual(keyValues, [false, false]);
    assert.ok(h.logger.lines.some(line => line.includes('you signed out earlier: not connecting')));

    sandbox.stub(vscode.window, 'showInformationMessage').resolves(undefined);
    await h.handlers[COMMANDS.connectEmulator](h.emulator.url);
    assert.equal(h.globalState.get(GLOBAL_STATE_KEYS.signedOut), undefined, 'connecting explicitly forgets the sign-out');
  });

  it('leaves stored credentials and their settings alone', async () => {
    await h.store.set({ kind: 'aksk', ...h.emulator.credentials.temporary });
    await h.settings.writeConnection({ cloud: 'otc', region: 'eu-de', endpoint: '', iamEndpoint: '', projectId: '' });
    await run({ [EMULATOR_URL_ENV]: h.emulator.url });
    assert.equal((await h.store.get())?.kind === 'aksk' && (await h.store.get() as { accessKey: string }).accessKey,
      h.emulator.credentials.temporary.accessKey);
    assert.equal(h.settings.readConnection().cloud, 'otc');
    assert.deepEqual(keyValues, [true, true]);
    assert.ok(h.logger.lines.some(line => line.includes('credentials are stored: not connecting')));
  });

  it('never rejects: an emulator that cannot be reached is logged and the tree shows the welcome view', async () => {
    const url = h.emulator.url;
    await h.emulator.close();
    await run({ [EMULATOR_URL_ENV]: url });
    assert.deepEqual(keyValues, [false, false]);
    assert.ok(h.logger.lines.some(line => line.startsWith(`Connecting to the emulator named by ${EMULATOR_URL_ENV} failed`)));
    assert.deepEqual(await h.tree.getChildren(), []);
  });

  describe('Connect to Local Emulator with stored credentials (any command link can run it with a URL)', () => {
    const theirs = () => ({ kind: 'aksk' as const, accessKey: h.emulator.credentials.temporary.accessKey, secretKey: h.emulator.credentials.temporary.secretKey });

    beforeEach(async () => {
      await h.store.set(theirs());
      await h.settings.writeConnection({ cloud: 'otc', region: 'eu-de', endpoint: '', iamEndpoint: '', projectId: '' });
      sandbox.stub(vscode.window, 'showInformationMessage').resolves(undefined);
    });

    it('asks first, naming the URL and what is replaced; dismissed, it changes nothing', async () => {
      const other = await startEmulator({ region: 'cn-north-4' });
      try {
        const warning = sandbox.stub(vscode.window, 'showWarningMessage').resolves(undefined);
        await h.handlers[COMMANDS.connectEmulator](other.url);
        sinon.assert.calledOnce(warning);
        const [message, options, ...buttons] = warning.firstCall.args as unknown as [string, vscode.MessageOptions, ...string[]];
        assert.equal(options.modal, true);
        assert.equal(message, `Connect to the local emulator at ${other.url}, replacing your stored ModelArts credentials?`);
        assert.match(String(options.detail), new RegExp(`Emulator: ${other.url} \\(region cn-north-4, project ${other.projectId}\\)`));
        assert.match(String(options.detail), /access key and secret key are removed/);
        assert.deepEqual(buttons, [REPLACE_BUTTON]);
        assertSameSecret(await h.store.get(), theirs(), 'the stored credentials');
        assert.equal(h.settings.readConnection().cloud, 'otc');
        assert.equal(h.settings.readConnection().endpoint, '');
      } finally {
        await other.close();
      }
    });

    it('replaces them only when the user chooses Replace Credentials', async () => {
      sandbox.stub(vscode.window, 'showWarningMessage').resolves(REPLACE_BUTTON as never);
      await h.handlers[COMMANDS.connectEmulator](h.emulator.url);
      assertSameSecret(await h.store.get(), {
        kind: 'aksk', accessKey: h.emulator.credentials.accessKey, secretKey: h.emulator.credentials.secretKey,
      });
      assert.equal(h.settings.readConnection().endpoint, h.emulator.url);
    });
  });
});
