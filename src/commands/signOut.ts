/** Sign Out: remove every stored secret after a modal confirmation. */
import { GLOBAL_STATE_KEYS } from '../constants';
import { SIGN_OUT_BUTTON, signOutConfirmation } from '../model/confirmations';
import { askModal } from '../ui/messages';
import type { CommandDeps } from './deps';

/**
 * Removes the stored credentials and cached token (settings such as the region stay) and remembers
 * the sign-out. The connection manager notices the change (its client is closed, the tree reloads).
 */
export async function signOut(deps: Pick<CommandDeps, 'store' | 'logger' | 'globalState'>): Promise<boolean> {
  if (await askModal(signOutConfirmation(), SIGN_OUT_BUTTON) !== SIGN_OUT_BUTTON) {
    return false;
  }
  await deps.store.clear();
  await deps.globalState.update(GLOBAL_STATE_KEYS.signedOut, true);
  deps.logger.info('Signed out: stored credentials removed.');
  return true;
}
