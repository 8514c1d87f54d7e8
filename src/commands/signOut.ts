/** Sign Out: remove every stored secret after a modal confirmation. */
import * as vscode from 'vscode';
import type { CredentialStore } from '../credentials/credentialStore';
import type { Logger } from '../util/logger';

/** The confirmation button. */
export const SIGN_OUT_BUTTON = 'Sign Out';

/** What Sign Out needs. */
export interface SignOutDeps {
  readonly store: CredentialStore;
  readonly connection: { invalidate(): void };
  readonly logger: Logger;
}

/** Removes the stored credentials and cached token (settings such as the region stay). */
export async function signOut(deps: SignOutDeps): Promise<boolean> {
  const choice = await vscode.window.showWarningMessage('Sign out of ModelArts?', {
    modal: true,
    detail: 'The stored credentials and token are removed from VS Code\'s secret storage. The region and endpoint settings stay.',
  }, SIGN_OUT_BUTTON);
  if (choice !== SIGN_OUT_BUTTON) {
    return false;
  }
  await deps.store.clear();
  deps.logger.info('Signed out: stored credentials removed.');
  deps.connection.invalidate();
  return true;
}
