/**
 * Earlier versions kept one connection: its settings in `modelarts.cloud`, `region`, `endpoint`,
 * `iamEndpoint`, `projectId` (its name in `connectionName`) and its secrets under
 * `modelarts.credentials` / `modelarts.iamToken`. On the first start of this version that connection
 * becomes the first entry of `modelarts.connections` (id `default`) with its secrets under that
 * entry's keys, so the user keeps it without being asked anything. Each step can run again: a start
 * cut short finishes the move next time.
 */
import * as vscode from 'vscode';
import { LEGACY_SECRET_KEYS, SETTINGS, SETTINGS_SECTION, SETTING_DEFAULTS } from '../constants';
import { FIRST_CONNECTION_ID, entryFields, profileFrom, secretKeysOf, storedProfile, type ConnectionProfile } from '../model/connectionProfiles';
import { editProfiles, entryId } from './settingsStore';

/** The settings the single connection lived in. */
const OLD_SETTINGS = [SETTINGS.cloud, SETTINGS.region, SETTINGS.endpoint, SETTINGS.iamEndpoint, SETTINGS.projectId, SETTINGS.connectionName] as const;

type OldValues = Partial<Record<(typeof OLD_SETTINGS)[number], unknown>>;

/**
 * The first connection's entry from the old settings, over what `existing` (its current entry, as
 * stored) has where an old setting is not set; a user who never set a region had the default one.
 */
export function entryFromOldSettings(old: OldValues, existing: unknown = {}): ConnectionProfile {
  const had = entryFields(existing);
  const value = (key: keyof OldValues, field: string) => (old[key] !== undefined ? old[key] : had[field]);
  const entry = profileFrom({
    id: FIRST_CONNECTION_ID, name: value('connectionName', 'name'), cloud: value('cloud', 'cloud'), region: value('region', 'region'),
    endpoint: value('endpoint', 'endpoint'), iamEndpoint: value('iamEndpoint', 'iamEndpoint'), projectId: value('projectId', 'projectId'),
  });
  return { ...entry, region: entry.region || SETTING_DEFAULTS.region };
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
 * first connection's keys; returns what it did, for the log (no secret).
 *
 * Nothing in this version writes the old settings or keys, so what is in them was written by an
 * earlier version, after any earlier move (say, in a window still running it during the update): while
 * an old setting is set, the old values are the newest and replace the first entry's (its name kept
 * unless an old one is set) and the secrets under its keys. With no old setting left, an old secret
 * only fills an empty place (it is what a start cut short left behind).
 *
 * Order: the entry, then the old settings removed, then each secret copied and its old key deleted: a
 * failure at any point loses nothing, and the next start goes on from there.
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
  const hasFirst = Array.isArray(current) && current.some(entry => entryId(entry) === FIRST_CONNECTION_ID);
  if (oldSet.length > 0 || (!hasFirst && oldCredentials !== undefined)) {
    let entry: ConnectionProfile | undefined;
    await editProfiles(entries => {
      const index = entries.findIndex(e => entryId(e) === FIRST_CONNECTION_ID);
      if (index >= 0 && oldSet.length === 0) {
        return entries; // written meanwhile (say, by the emulator's auto-connect): that one is current
      }
      entry = entryFromOldSettings(old, entries[index]);
      const stored = storedProfile(entry);
      return index >= 0 ? entries.map((e, i) => (i === index ? stored : e)) : [stored, ...entries];
    }, config);
    if (entry) {
      done.push(`The connection (${entry.cloud} ${entry.region}) is now the first entry of ${SETTINGS_SECTION}.${SETTINGS.connections}.`);
    }
  }
  if (oldSet.length > 0) {
    const now = configuration();
    for (const key of oldSet) {
      await now.update(key, undefined, vscode.ConfigurationTarget.Global);
    }
    done.push(`The old settings (${oldSet.map(key => `${SETTINGS_SECTION}.${key}`).join(', ')}) were removed.`);
  }
  const keys = secretKeysOf(FIRST_CONNECTION_ID);
  for (const kind of ['credentials', 'token'] as const) {
    const value = kind === 'credentials' ? oldCredentials : await secrets.get(LEGACY_SECRET_KEYS[kind]);
    if (value === undefined) {
      continue;
    }
    if (oldSet.length > 0 || await secrets.get(keys[kind]) === undefined) {
      await secrets.store(keys[kind], value);
      done.push(`Its ${kind === 'credentials' ? 'credentials' : 'cached IAM token'} moved to its own key in the secret storage.`);
    }
    await secrets.delete(LEGACY_SECRET_KEYS[kind]);
  }
  return done;
}
