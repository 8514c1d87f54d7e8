/** Connect to Local Emulator: store the demo credentials of a loopback emulator like any user's. */
import * as vscode from 'vscode';
import { fetchEmulatorInfo, loopbackOrigin, type EmulatorInfo } from '../client/emulatorInfo';
import { EMULATOR_URL_ENV, GLOBAL_STATE_KEYS } from '../constants';
import type { CredentialStore } from '../credentials/credentialStore';
import type { SettingsStore } from '../credentials/settingsStore';
import { REPLACE_BUTTON, replaceCredentialsConfirmation } from '../model/confirmations';
import { CommandError } from '../ui/errorHandler';
import { askModal, showInfo, withProgress } from '../ui/messages';
import { describeError } from '../util/describeError';
import { t } from '../util/l10n';
import type { Logger } from '../util/logger';

/** What connecting to an emulator needs. */
export interface EmulatorDeps {
  readonly store: CredentialStore;
  readonly settings: SettingsStore;
  readonly logger: Logger;
  /** The environment to read {@link EMULATOR_URL_ENV} from. */
  readonly env: NodeJS.ProcessEnv;
  /** Where an explicit Sign Out is remembered ({@link GLOBAL_STATE_KEYS.signedOut}). */
  readonly globalState: Pick<vscode.Memento, 'get' | 'update'>;
}

async function connectTo(deps: EmulatorDeps, info: EmulatorInfo): Promise<void> {
  await deps.settings.writeConnection({
    cloud: 'custom', region: info.region, endpoint: info.url, iamEndpoint: info.url, projectId: info.projectId,
  });
  await deps.store.set({ kind: 'aksk', accessKey: info.credentials.accessKey, secretKey: info.credentials.secretKey });
  deps.logger.info(`Connected to the local emulator at ${info.url} (region ${info.region}, project ${info.projectId}).`);
}

/**
 * The "Connect to Local Emulator…" command: asks for the emulator's loopback URL (default from
 * `MODELARTS_EMULATOR_URL`), or takes it as the argument, reads the emulator's demo account, and
 * stores its credentials and settings; when credentials are stored already, only after a modal naming
 * the URL and what is replaced.
 */
export async function connectEmulator(deps: EmulatorDeps, arg?: unknown): Promise<void> {
  const url = typeof arg === 'string' ? arg : await vscode.window.showInputBox({
    title: t('ModelArts: Connect to Local Emulator'),
    prompt: t('URL of a running ModelArts emulator on this machine (npm run emulator prints it)'),
    value: deps.env[EMULATOR_URL_ENV] ?? 'http://127.0.0.1:',
    ignoreFocusOut: true,
    validateInput: v => {
      try {
        loopbackOrigin(v);
        return undefined;
      } catch (error) {
        return describeError(error);
      }
    },
  });
  if (url === undefined) {
    return;
  }
  let info: EmulatorInfo;
  try {
    info = await withProgress(t('Connecting to the local emulator…'), () => fetchEmulatorInfo(url));
  } catch (error) {
    throw new CommandError(t('Could not connect to the emulator at {0}', url), error);
  }
  // Any command link can run this command with a URL: never replace stored credentials unasked.
  const stored = await deps.store.get();
  if (stored && await askModal(replaceCredentialsConfirmation(info, stored.kind), REPLACE_BUTTON) !== REPLACE_BUTTON) {
    deps.logger.info(`Not connecting to the emulator at ${info.url}: the stored credentials were kept.`);
    return;
  }
  await connectTo(deps, info);
  // Asked for explicitly: start-up may connect to the emulator on its own again.
  await deps.globalState.update(GLOBAL_STATE_KEYS.signedOut, undefined);
  void showInfo(t('Connected to the local ModelArts emulator at {0}.', info.url));
}

/**
 * At activation: when `MODELARTS_EMULATOR_URL` names a loopback emulator, no credentials are stored,
 * and the user has not signed out before (an explicit Sign Out is remembered in `globalState`),
 * connect to it without a prompt (this is how `npm start` shows demo jobs): that writes the
 * emulator's endpoints to the user settings and its demo AK/SK to SecretStorage, and says so in the
 * ModelArts log. Resolves either way; failures are logged only (the welcome view then offers
 * Configure Credentials).
 */
export async function autoConnectEmulator(deps: EmulatorDeps): Promise<void> {
  const url = deps.env[EMULATOR_URL_ENV];
  if (!url) {
    return;
  }
  try {
    loopbackOrigin(url);
    if (await deps.store.has()) {
      deps.logger.info(`${EMULATOR_URL_ENV} is set, but credentials are stored: not connecting to the emulator at ${url}.`);
      return;
    }
    if (deps.globalState.get<boolean>(GLOBAL_STATE_KEYS.signedOut) === true) {
      deps.logger.info(`${EMULATOR_URL_ENV} is set, but you signed out earlier: not connecting to the emulator at ${url} ` +
        '(run "ModelArts: Connect to Local Emulator…" to connect).');
      return;
    }
    deps.logger.info(`${EMULATOR_URL_ENV} names ${url} and no credentials are stored: connecting to that emulator ` +
      '(its endpoints go to the user settings, its demo access key to the secret storage).');
    await connectTo(deps, await fetchEmulatorInfo(url));
  } catch (error) {
    deps.logger.error(`Connecting to the emulator named by ${EMULATOR_URL_ENV} failed`, error);
  }
}
