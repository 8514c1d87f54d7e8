/**
 * The settings of one further connection: where it sends requests is its entry of
 * `modelarts.connections` (user settings only); paging, timeouts and the rest are shared by all.
 */
import * as vscode from 'vscode';
import { SETTINGS, SETTINGS_SECTION } from '../constants';
import { parseProfiles, storedProfile, type ConnectionProfile } from '../model/connectionProfiles';
import { SettingsStore, type ConnectionSettings } from './settingsStore';

/** The connections of `modelarts.connections` (user value), valid ones only. */
export function readProfiles(configuration = vscode.workspace.getConfiguration(SETTINGS_SECTION)): readonly ConnectionProfile[] {
  return parseProfiles(configuration.inspect(SETTINGS.connections)?.globalValue).profiles;
}

/** What `modelarts.connections` holds that cannot be used, and why (for the log). */
export function profileProblems(configuration = vscode.workspace.getConfiguration(SETTINGS_SECTION)): readonly string[] {
  return parseProfiles(configuration.inspect(SETTINGS.connections)?.globalValue).problems;
}

/** Replaces `modelarts.connections` in the user settings (one write: never half written). */
export async function writeProfiles(profiles: readonly ConnectionProfile[]): Promise<void> {
  await vscode.workspace.getConfiguration(SETTINGS_SECTION)
    .update(SETTINGS.connections, profiles.length > 0 ? profiles.map(storedProfile) : undefined, vscode.ConfigurationTarget.Global);
}

/** Reads and writes one entry of `modelarts.connections` as the connection settings of its connection. */
export class ProfileSettingsStore extends SettingsStore {
  constructor(readonly id: string, private readonly initialName = '') {
    super();
  }

  /** The entry, else (removed, or not written yet) an empty one. */
  profile(): ConnectionProfile {
    return readProfiles().find(p => p.id === this.id)
      ?? { id: this.id, name: this.initialName, cloud: 'huaweicloud', region: '', endpoint: '', iamEndpoint: '', projectId: '' };
  }

  override readConnection(): ConnectionSettings {
    const { cloud, region, endpoint, iamEndpoint, projectId } = this.profile();
    return { cloud, region, endpoint, iamEndpoint, projectId };
  }

  /** Writes the entry (adding it when new), keeping its name and every other connection. */
  override async writeConnection(settings: ConnectionSettings): Promise<void> {
    const profiles = [...readProfiles()];
    const entry: ConnectionProfile = { ...this.profile(), ...settings };
    const index = profiles.findIndex(p => p.id === this.id);
    profiles.splice(index < 0 ? profiles.length : index, index < 0 ? 0 : 1, entry);
    await writeProfiles(profiles);
  }

  override connectionName(): string {
    return this.profile().name;
  }

  override affects(event: vscode.ConfigurationChangeEvent): boolean {
    return event.affectsConfiguration(`${SETTINGS_SECTION}.${SETTINGS.connections}`)
      || event.affectsConfiguration(`${SETTINGS_SECTION}.${SETTINGS.requestTimeoutSeconds}`);
  }
}
