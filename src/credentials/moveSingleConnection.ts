/**
 * Earlier versions kept one connection: its settings in `modelarts.cloud`, `region`, `endpoint`,
 * `iamEndpoint`, `projectId` (its name in `connectionName`) and its secrets under
 * `modelarts.credentials` / `modelarts.iamToken`. On the first start of this version that connection
 * becomes the first entry of `modelarts.connections` (id `default`) with its secrets under that
 * entry's keys, so the user keeps it without being asked anything. Each step can run again: a start
 * cut short finishes the move next time, and a moved connection is never moved twice.
 */
import * as vscode from 'vscode';
import { LEGACY_SECRET_KEYS, SETTINGS, SETTINGS_SECTION, SETTING_DEFAULTS } from '../constants';
import { FIRST_CONNECTION_ID, secretKeysOf, storedProfile, type ConnectionProfile } from '../model/connectionProfiles';

/** The settings the single connection lived in. */
const OLD_SETTINGS = [SETTINGS.cloud, SETTINGS.region, SETTINGS.endpoint, SETTINGS.iamEndpoint, SETTINGS.projectId, SETTINGS.connectionName] as const;

type OldValues = Partial<Record<(typeof OLD_SETTINGS)[number], unknown>>;

function text(value: unknown): string {
  return typeof value === 'string' ? value.trim() : '';
}

/** The first connection's entry, from the old settings (a user who never set a region had the default one). */
export function entryFromOldSettings(old: OldValues): ConnectionProfile {
  const cloud = text(old.cloud);
  return {
    id: FIRST_CONNECTION_ID,
    name: text(old.connectionName),
    cloud: cloud === 'otc' || cloud === 'custom' ? cloud : 'huaweicloud',
    region: text(old.region) || SETTING_DEFAULTS.region,
    endpoint: text(old.endpoint),
    iamEndpoint: text(old.iamEndpoint),
    projectId: text(old.projectId),
  };
}

function hasFirstEntry(list: readonly unknown[]): boolean {
  return list.some(entry => entry !== null && typeof entry === 'object' && (entry as Record<string, unknown>).id === FIRST_CONNECTION_ID);
}

/**
 * True when a setting of the single connection of earlier versions is still set: only then is there
 * something to move before the connections are read (a start that has nothing to move reads no secret
 * first; it starts at once).
 */
export function oldSettingsSet(configuration = vscode.workspace.getConfiguration(SETTINGS_SECTION)): boolean {
  return OLD_SETTINGS.some(key => configuration.inspect(key)?.globalValue !== undefined);
}

/**
 * Moves the single connection of earlier versions into `modelarts.connections` and its secrets to the
 * first connection's keys; returns what it did, for the log (no secret). Settings first, then the
 * secrets (copied, then the old key deleted), then the old settings removed: a failure at any point
 * loses nothing, and the next start goes on from there.
 */
export async function moveSingleConnection(
  secrets: vscode.SecretStorage,
  configuration: () => vscode.WorkspaceConfiguration = () => vscode.workspace.getConfiguration(SETTINGS_SECTION),
): Promise<string[]> {
  const done: string[] = [];
  const config = configuration();
  const old: OldValues = Object.fromEntries(OLD_SETTINGS.map(key => [key, config.inspect(key)?.globalValue]));
  const oldSet = OLD_SETTINGS.filter(key => old[key] !== undefined);
  const oldCredentials = await secrets.get(LEGACY_SECRET_KEYS.credentials);
  const current = config.inspect(SETTINGS.connections)?.globalValue;
  const list: readonly unknown[] = Array.isArray(current) ? current : [];
  let moved = hasFirstEntry(list);
  if (!moved && (oldSet.length > 0 || oldCredentials !== undefined)) {
    const entry = entryFromOldSettings(old);
    await config.update(SETTINGS.connections, [storedProfile(entry), ...list], vscode.ConfigurationTarget.Global);
    moved = true;
    done.push(`The connection (${entry.cloud} ${entry.region}) is now the first entry of ${SETTINGS_SECTION}.${SETTINGS.connections}.`);
  }
  const keys = secretKeysOf(FIRST_CONNECTION_ID);
  for (const kind of ['credentials', 'token'] as const) {
    const value = kind === 'credentials' ? oldCredentials : await secrets.get(LEGACY_SECRET_KEYS[kind]);
    if (value === undefined) {
      continue;
    }
    // Stored under the new key already (a start cut short, or signed in since): that one is current.
    if (await secrets.get(keys[kind]) === undefined) {
      await secrets.store(keys[kind], value);
      done.push(`Its ${kind === 'credentials' ? 'credentials' : 'cached IAM token'} moved to its own key in the secret storage.`);
    }
    await secrets.delete(LEGACY_SECRET_KEYS[kind]);
  }
  if (moved && oldSet.length > 0) {
    const now = configuration();
    for (const key of oldSet) {
      await now.update(key, undefined, vscode.ConfigurationTarget.Global);
    }
    done.push(`The old settings (${oldSet.map(key => `${SETTINGS_SECTION}.${key}`).join(', ')}) were removed.`);
  }
  return done;
}
