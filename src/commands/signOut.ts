/** Sign Out: remove every stored secret after a modal confirmation. */
import type * as vscode from 'vscode';
import { GLOBAL_STATE_KEYS } from '../constants';
import type { CredentialStore } from '../credentials/credentialStore';
import type { Logger } from '../util/logger';
import { askModal } from '../ui/messages';

/** The confirmation button. */
export const SIGN_OUT_BUTTON = 'Sign Out';

/** What Sign Out needs. */
export interface SignOutDeps {
  readonly store: CredentialStore;
  readonly connection: { invalidate(): void };
  readonly logger: Logger;
  /** Remembers the sign-out, so start-up does not connect to an emulator on its own afterwards. */
  readonly globalState: Pick<vscode.Memento, 'update'>;
}

/** Removes the stored credentials and cached token (settings such as the region stay), and remembers the sign-out. */
export async function signOut(deps: SignOutDeps): Promise<boolean> {
  const choice = await askModal({
    message: 'Sign out of ModelArts?',
    detail: ['The stored credentials and token are removed from VS Code\'s secret storage. The region and endpoint settings stay.'],
  }, SIGN_OUT_BUTTON);
  if (choice !== SIGN_OUT_BUTTON) {
    return false;
  }
  await deps.store.clear();
  await deps.globalState.update(GLOBAL_STATE_KEYS.signedOut, true);
  deps.logger.info('Signed out: stored credentials removed.');
  deps.connection.invalidate();
  return true;
}
