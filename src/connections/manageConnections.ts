/** Add, rename and remove connections: the list in the settings, the secrets in SecretStorage. */
import * as vscode from 'vscode';
import { COMMANDS, GLOBAL_STATE_KEYS } from '../constants';
import { editProfiles, entryId } from '../credentials/settingsStore';
import { FIRST_CONNECTION_ID, connectionLabel, newConnectionId, storedProfile } from '../model/connectionProfiles';
import { askModal, showInfo } from '../ui/messages';
import { msg, t } from '../util/l10n';
import { pickConnection } from './connectionPicker';
import type { Connections } from './connections';
import { ConnectionNode } from './connectionsView';

/** The longest name kept (it is a tree label and part of every confirmation). */
const MAX_NAME = 60;

async function askName(value: string, title: string): Promise<string | undefined> {
  const name = await vscode.window.showInputBox({
    title, value, prompt: t('What the view and the confirmations call this connection (say, "OTC eu-de" or "team A").'),
    validateInput: text => (text.trim().length > MAX_NAME ? t('At most {0} characters.', MAX_NAME) : undefined),
  });
  return name?.trim();
}

/** Sets a connection's name ("" = its cloud and region). */
async function setName(connections: Connections, id: string, name: string): Promise<void> {
  await connections.graph(id)?.settings.writeName(name);
  connections.sync();
}

/**
 * Add Connection: cloud, region and credentials in the Configure Credentials steps (checked with
 * ModelArts before anything is saved), then a name. With no connection signed in yet, this signs in
 * the first one. Cancelling leaves nothing behind.
 */
export async function addConnection(connections: Connections): Promise<boolean> {
  const first = connections.deps.first;
  if (!connections.several() && !await first.connection.isConfigured()) {
    return await first.handlers[COMMANDS.configureCredentials]() === true;
  }
  const id = newConnectionId(connections.ids());
  const graph = connections.begin(id, '');
  try {
    if (await graph.handlers[COMMANDS.configureCredentials]() !== true) {
      return false;
    }
  } finally {
    connections.end(id);
  }
  const name = await askName(connectionLabel(connections.profile(id)), t('Name the new connection'));
  if (name) {
    await setName(connections, id, name);
  }
  connections.deps.logger.info(`Connection ${id} added.`);
  return true;
}

/** The connection of a root, or the picked one. */
async function chosen(connections: Connections, arg: unknown, title: string): Promise<string | undefined> {
  return arg instanceof ConnectionNode ? arg.connectionId : pickConnection(connections, title);
}

/** Rename Connection…: its name in the view, pickers and confirmations. */
export async function renameConnection(connections: Connections, arg: unknown): Promise<boolean> {
  const id = await chosen(connections, arg, t('Rename Connection'));
  if (id === undefined || !connections.graph(id)) {
    return false;
  }
  const name = await askName(connectionLabel(connections.profile(id)), t('Rename Connection'));
  if (name === undefined) {
    return false;
  }
  await setName(connections, id, name);
  return true;
}

/**
 * Remove Connection…: after a confirmation naming it, its secrets are deleted and it leaves the list.
 * The first connection's place is taken by the next one (settings and credentials moved, nothing asked
 * again); the only connection is signed out.
 */
export async function removeConnection(connections: Connections, arg: unknown): Promise<boolean> {
  const id = await chosen(connections, arg, t('Remove Connection'));
  const graph = id === undefined ? undefined : connections.graph(id);
  if (id === undefined || !graph) {
    return false;
  }
  const label = connectionLabel(connections.profile(id));
  const button = msg('Remove');
  const text = { message: t('Remove the connection "{0}"?', label),
    detail: [t('Its stored credentials and token are deleted from VS Code\'s secret storage, and it leaves the view. Nothing changes in ModelArts.')] };
  if (await askModal(text, button) !== button) {
    return false;
  }
  const others = connections.ids().filter(other => other !== FIRST_CONNECTION_ID);
  if (id !== FIRST_CONNECTION_ID) {
    await graph.store.clear();
    await editProfiles(entries => entries.filter(entry => entryId(entry) !== id));
  } else if (others.length > 0) {
    await promote(connections, others[0]);
  } else {
    await graph.store.clear();
    await setName(connections, FIRST_CONNECTION_ID, '');
    await connections.deps.globalState.update(GLOBAL_STATE_KEYS.signedOut, true);
  }
  connections.sync();
  void showInfo(t('Connection "{0}" removed.', label));
  connections.deps.logger.info(`Connection ${id} removed: its stored credentials were deleted.`);
  return true;
}

/**
 * Moves connection `id` into the first one's place: its settings and name (one write of the list,
 * dropping its own entry) and its credentials. The first one's credentials go first, so at no moment
 * are the moved settings paired with the removed connection's credentials (or the other way round);
 * the moved credentials leave their old key only once stored under the first one's.
 */
async function promote(connections: Connections, id: string): Promise<void> {
  const first = connections.deps.first;
  const next = connections.graph(id);
  const moved = storedProfile({ ...connections.profile(id), id: FIRST_CONNECTION_ID });
  const credentials = await next?.store.get();
  await first.store.clear();
  await editProfiles(entries => [moved, ...entries.filter(entry => entryId(entry) !== id && entryId(entry) !== FIRST_CONNECTION_ID)]);
  if (credentials) {
    await first.store.set(credentials);
  }
  await next?.store.clear();
}
