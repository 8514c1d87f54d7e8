/** Which connection a command without a node acts on, when there are several. */
import * as vscode from 'vscode';
import { FIRST_CONNECTION_ID, connectionLabel } from '../model/connectionProfiles';
import { msg, t } from '../util/l10n';
import type { Connections } from './connections';

const ALL_BUTTON = msg('All Connections');

/** Asks which connection (signed-in ones only when `signedIn`); the only candidate is taken without asking. */
export async function pickConnection(connections: Connections, title: string, options: { signedIn?: boolean; all?: boolean } = {}): Promise<string | undefined> {
  const ids = options.signedIn
    ? (await Promise.all(connections.ids().map(async id => (await connections.graph(id)?.connection.isConfigured() ? id : undefined)))).filter((id): id is string => id !== undefined)
    : connections.ids();
  if (ids.length <= 1 && !options.all) {
    return ids[0] ?? FIRST_CONNECTION_ID;
  }
  const items = ids.map(id => {
    const profile = connections.profile(id);
    return { label: connectionLabel(profile), description: `${profile.cloud} · ${profile.region}`, id };
  });
  const all = { label: vscode.l10n.t(ALL_BUTTON), description: t('{0} connections', ids.length), id: '*' };
  const picked = await vscode.window.showQuickPick(options.all ? [...items, all] : items, { title, placeHolder: t('Which connection?') });
  return picked?.id;
}

