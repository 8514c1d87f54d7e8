/**
 * The registered command handlers when connections may be several: each command runs in the graph of
 * the connection its node belongs to (a root's, a row's, a document's, or `{ connection: "id" }`);
 * without one, in the only connection, else in the one the user picks. A selection spanning two
 * connections is refused. Add, Edit, Rename and Remove Connection act on the list itself.
 */
import * as vscode from 'vscode';
import { COMMANDS, CONNECTION_COMMANDS, GLOBAL_STATE_KEYS, type CommandId } from '../constants';
import type { ConnectionGraph } from './graph';
import { FIRST_CONNECTION_ID } from '../model/connectionProfiles';
import { documentConnection } from '../ui/documents';
import { withErrorHandling, type Handler } from '../ui/errorHandler';
import { askModal, showInfo } from '../ui/messages';
import { msg, t } from '../util/l10n';
import { addConnection, removeConnection, renameConnection } from './manageConnections';
import { pickConnection } from './connectionPicker';
import type { Connections } from './connections';
import { ConnectionNode, type ConnectionsView } from './connectionsView';

/** Commands that are the same in every connection (the log, the filter, followed logs, the emulator): the first one's. */
const FIRST_ONLY: readonly CommandId[] = [
  COMMANDS.showLogs, COMMANDS.connectEmulator, COMMANDS.filterJobs, COMMANDS.changeFilter, COMMANDS.clearFilter,
  COMMANDS.toggleDifferences, COMMANDS.pauseFollow, COMMANDS.resumeFollow, COMMANDS.loadOlderLines,
];

/** Commands that act on the view's selection when called with no node (the Delete key and friends). */
const SELECTION: readonly CommandId[] = [
  COMMANDS.deleteVersion, COMMANDS.deleteSelection, COMMANDS.protect, COMMANDS.unprotect, COMMANDS.watch, COMMANDS.unwatch, COMMANDS.compare,
];

/** The connection of a command's argument or selection; null when they span several connections. */
function ownerOf(view: ConnectionsView, arg: unknown, selection: unknown): string | undefined | null {
  const rows = [arg, ...(Array.isArray(selection) ? selection : [])].filter(row => row !== undefined);
  const owners = new Set(rows.map(row => view.ownerOf(row)).filter(id => id !== undefined));
  if (owners.size > 1) {
    return null;
  }
  if (owners.size === 1) {
    return [...owners][0];
  }
  const named = arg !== null && typeof arg === 'object' && 'connection' in arg ? (arg as { connection: unknown }).connection : undefined;
  return typeof named === 'string' ? named : undefined;
}

/** The connection a document URI was read with. */
async function documentOwner(connections: Connections, uri: vscode.Uri): Promise<string | undefined> {
  const wanted = documentConnection(uri);
  for (const id of connections.ids()) {
    if (wanted !== undefined && (await connections.graph(id)?.connection.current().catch(() => undefined))?.id === wanted) {
      return id;
    }
  }
  return undefined;
}

/** Where a command runs: a graph, or undefined when the user cancelled or nothing fits (said so). */
async function route(connections: Connections, view: ConnectionsView, command: CommandId, arg: unknown, selection: unknown): Promise<ConnectionGraph | undefined> {
  if (!connections.several() || FIRST_ONLY.includes(command)) {
    return connections.deps.first;
  }
  const viewSelection = arg === undefined && selection === undefined && SELECTION.includes(command) ? connections.deps.selection() : [];
  let id = arg instanceof vscode.Uri ? await documentOwner(connections, arg) : ownerOf(view, arg, selection ?? viewSelection);
  if (id === null) {
    void showInfo(t('Nothing was done: select rows of one connection at a time.'));
    return undefined;
  }
  id ??= await pickConnection(connections, t('ModelArts: choose the connection'), { signedIn: true });
  const graph = id === undefined ? undefined : connections.graph(id);
  if (id !== undefined && !graph) {
    void showInfo(t('There is no connection with the ID "{0}".', id));
  }
  return graph;
}

/** Sign Out: of a connection (its root, or picked), or of all of them after one confirmation. */
async function signOut(connections: Connections, arg: unknown): Promise<unknown> {
  const id = arg instanceof ConnectionNode ? arg.connectionId
    : connections.several() ? await pickConnection(connections, t('Sign Out'), { all: true }) : FIRST_CONNECTION_ID;
  if (id !== '*') {
    return id === undefined ? false : connections.graph(id)?.handlers[COMMANDS.signOut]();
  }
  const button = msg('Sign Out of All');
  const text = { message: t('Sign out of all {0} ModelArts connections?', connections.ids().length),
    detail: [t('Every connection\'s stored credentials and token are removed from VS Code\'s secret storage. The connections stay, to sign in again.')] };
  if (await askModal(text, button) !== button) {
    return false;
  }
  for (const graph of connections.all()) {
    await graph.store.clear();
  }
  await connections.deps.globalState.update(GLOBAL_STATE_KEYS.signedOut, true);
  connections.deps.logger.info('Signed out of every connection: stored credentials removed.');
  return true;
}

/** Configure Credentials / Edit Connection: of a root's connection, the picked one, or the only one. */
async function edit(connections: Connections, arg: unknown): Promise<unknown> {
  const id = arg instanceof ConnectionNode ? arg.connectionId
    : connections.several() ? await pickConnection(connections, t('Edit Connection')) : FIRST_CONNECTION_ID;
  return id === undefined ? false : connections.graph(id)?.handlers[COMMANDS.configureCredentials]();
}

function routed(connections: Connections, view: ConnectionsView, command: CommandId): Handler {
  switch (command) {
    case COMMANDS.signOut:
      return arg => signOut(connections, arg);
    case COMMANDS.configureCredentials:
      return arg => edit(connections, arg);
    case COMMANDS.refresh:
      return async arg => (arg instanceof ConnectionNode ? [connections.graph(arg.connectionId)] : connections.all()).forEach(graph => graph?.tree.refresh());
    default:
      return async (arg, selection) => {
        const graph = await route(connections, view, command, arg, selection);
        return graph?.handlers[command](arg instanceof ConnectionNode ? undefined : arg, selection);
      };
  }
}

/** Every command's registered handler. */
export function createConnectionCommands(connections: Connections, view: ConnectionsView): Record<string, Handler> {
  const logger = connections.deps.logger;
  const table: Record<string, Handler> = Object.fromEntries(Object.values(COMMANDS).map(id => [id, routed(connections, view, id)]));
  table[CONNECTION_COMMANDS.add] = () => addConnection(connections);
  table[CONNECTION_COMMANDS.edit] = arg => edit(connections, arg);
  table[CONNECTION_COMMANDS.rename] = arg => renameConnection(connections, arg);
  table[CONNECTION_COMMANDS.remove] = arg => removeConnection(connections, arg);
  return Object.fromEntries(Object.entries(table).map(([id, handler]) => [id, withErrorHandling(logger, id, handler)]));
}
