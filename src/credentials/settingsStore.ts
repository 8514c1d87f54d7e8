/** The non-secret settings (`modelarts.*`): each connection's entry (where requests go), paging, timeouts and the rest. */
import { t } from '../util/l10n';
import * as vscode from 'vscode';
import { parseRule, type CleanupRule } from '../model/cleanupRules';
import { CONSOLE_URL_DEFAULTS, type ConsoleKey } from '../model/console';
import { SETTINGS, SETTINGS_SECTION, SETTING_DEFAULTS } from '../constants';
import { ConfigurationError } from '../client/errors';
import { FIRST_CONNECTION_ID, emptyProfile, entryFields, parseProfiles, storedProfile, type ConnectionProfile } from '../model/connectionProfiles';
import { findPreset, normaliseEndpoint, type CloudId } from '../client/endpoints';

/** Where requests go, as configured (endpoints may be empty for a preset cloud and region). */
export interface ConnectionSettings {
  readonly cloud: CloudId;
  readonly region: string;
  /** Explicit ModelArts endpoint; empty means "the preset's". */
  readonly endpoint: string;
  /** Explicit IAM endpoint; empty means "the preset's". */
  readonly iamEndpoint: string;
  /** Empty means "resolve from the region". */
  readonly projectId: string;
}

/** Endpoints resolved from settings and presets, validated. */
export interface ResolvedTarget {
  readonly region: string;
  readonly endpoint: string;
  readonly iamEndpoint: string;
  readonly projectId?: string;
}


function clampInt(value: unknown, min: number, max: number, fallback: number): number {
  return typeof value === 'number' && Number.isFinite(value) ? Math.min(max, Math.max(min, Math.floor(value))) : fallback;
}

/**
 * The effective endpoints of `settings`: explicit endpoints win, otherwise the cloud and region preset.
 * Throws a {@link ConfigurationError} saying which setting to fix.
 */
export function resolveTarget(settings: ConnectionSettings): ResolvedTarget {
  const region = settings.region.trim();
  if (!region) {
    throw new ConfigurationError(t('No region is set. Run "ModelArts: Configure Credentials" to choose one.'));
  }
  const preset = settings.cloud === 'custom' ? undefined : findPreset(settings.cloud, region);
  const endpoint = settings.endpoint.trim() || preset?.endpoint;
  const iamEndpoint = settings.iamEndpoint.trim() || preset?.iamEndpoint;
  if (!endpoint || !iamEndpoint) {
    throw new ConfigurationError(t('No endpoint is known for region "{0}" of cloud "{1}". Run "ModelArts: Configure Credentials" and choose a region or enter a custom endpoint.',
      region, settings.cloud));
  }
  const projectId = settings.projectId.trim();
  return {
    region,
    endpoint: normaliseEndpoint(endpoint, t('ModelArts endpoint ("endpoint" of the connection in {0})', 'modelarts.connections')),
    iamEndpoint: normaliseEndpoint(iamEndpoint, t('IAM endpoint ("iamEndpoint" of the connection in {0})', 'modelarts.connections')),
    ...(projectId ? { projectId } : {}),
  };
}

/** The connections of `modelarts.connections` (user value), valid ones only. */
export function readProfiles(configuration = vscode.workspace.getConfiguration(SETTINGS_SECTION)): readonly ConnectionProfile[] {
  return parseProfiles(configuration.inspect(SETTINGS.connections)?.globalValue).profiles;
}

/** What `modelarts.connections` holds that cannot be used, and why (for the log). */
export function profileProblems(configuration = vscode.workspace.getConfiguration(SETTINGS_SECTION)): readonly string[] {
  return parseProfiles(configuration.inspect(SETTINGS.connections)?.globalValue).problems;
}

/** The `id` of a raw entry of `modelarts.connections` (undefined when it has none). */
export function entryId(entry: unknown): unknown {
  return entryFields(entry).id;
}

/**
 * Rewrites `modelarts.connections` in the user settings in one write (never half written): `change`
 * gets its entries as stored, so the entries it leaves alone stay exactly as the user wrote them (even
 * one that cannot be used yet, say while its region is being typed in).
 */
export async function editProfiles(change: (entries: unknown[]) => unknown[],
  configuration = vscode.workspace.getConfiguration(SETTINGS_SECTION)): Promise<void> {
  const current = configuration.inspect(SETTINGS.connections)?.globalValue;
  const next = change(Array.isArray(current) ? [...current] : []);
  await configuration.update(SETTINGS.connections, next.length > 0 ? next : undefined, vscode.ConfigurationTarget.Global);
}

/**
 * Reads and writes one connection's entry of `modelarts.connections`, and the settings all
 * connections share (paging, timeouts, clean-up rules…), in the user's (global) settings only, never
 * a workspace's: a cloned repository cannot redirect credentials even where a setting's `application`
 * scope is not enforced.
 */
export class SettingsStore {
  /** `id`: the connection's entry; `initialName`: its name until the entry is written (Add Connection). */
  constructor(readonly id: string = FIRST_CONNECTION_ID, private readonly initialName = '',
    private readonly configuration: () => vscode.WorkspaceConfiguration = () => vscode.workspace.getConfiguration(SETTINGS_SECTION)) {}

  dispose(): void {
    // Nothing held: every read goes to the configuration.
  }

  /**
   * The entry, else (removed, or not written yet) an empty one, with no region: its requests have
   * nowhere to go until Configure Credentials gives it one (stored credentials are never sent to a
   * default region).
   */
  profile(): ConnectionProfile {
    return readProfiles(this.configuration()).find(p => p.id === this.id) ?? emptyProfile(this.id, this.initialName);
  }

  /** The connection settings (cloud, region, endpoints, project) of the entry. */
  readConnection(): ConnectionSettings {
    const { cloud, region, endpoint, iamEndpoint, projectId } = this.profile();
    return { cloud, region, endpoint, iamEndpoint, projectId };
  }

  /** Writes the entry (adding it when new: the first connection first), keeping its name and every other connection. */
  async writeConnection(settings: ConnectionSettings): Promise<void> {
    await this.writeEntry({ ...this.profile(), ...settings });
  }

  /** Names the connection (writing its entry, with the settings it has, when there is none yet). */
  async writeName(name: string): Promise<void> {
    await this.writeEntry({ ...this.profile(), name });
  }

  /** True when `event` changes where this connection sends requests, how, or what it is called. */
  affects(event: vscode.ConfigurationChangeEvent): boolean {
    return event.affectsConfiguration(`${SETTINGS_SECTION}.${SETTINGS.connections}`)
      || event.affectsConfiguration(`${SETTINGS_SECTION}.${SETTINGS.requestTimeoutSeconds}`);
  }

  /** Writes this connection's entry in place (a new one: the first connection first, others last); the others stay as they are. */
  private async writeEntry(entry: ConnectionProfile): Promise<void> {
    const stored = storedProfile(entry);
    await editProfiles(entries => {
      const index = entries.findIndex(e => entryId(e) === this.id);
      if (index >= 0) {
        entries[index] = stored;
      } else if (this.id === FIRST_CONNECTION_ID) {
        entries.unshift(stored);
      } else {
        entries.push(stored);
      }
      return entries;
    }, this.configuration());
  }

  /** Jobs and versions per page (1–1000). */
  pageSize(): number {
    return clampInt(this.userValue(SETTINGS.pageSize), 1, 1000, SETTING_DEFAULTS.pageSize);
  }

  /** Per-request timeout in milliseconds. */
  timeoutMs(): number {
    return clampInt(this.userValue(SETTINGS.requestTimeoutSeconds), 1, 600, SETTING_DEFAULTS.requestTimeoutSeconds) * 1000;
  }

  /** How many deletions run at once when several versions are deleted together (1–16). */
  deleteConcurrency(): number {
    return clampInt(this.userValue(SETTINGS.deleteConcurrency), 1, 16, SETTING_DEFAULTS.deleteConcurrency);
  }

  /** Seconds a deletion of several items waits, undoable, before anything is sent (0–60; 0: none). */
  deleteGraceSeconds(): number {
    return clampInt(this.userValue(SETTINGS.deleteGraceSeconds), 0, 60, SETTING_DEFAULTS.deleteGraceSeconds);
  }

  /** Whether rows in a transitional status are read again by themselves while the view is visible. */
  liveStatus(): boolean {
    return this.userValue(SETTINGS.liveStatus) !== false;
  }

  /** True when `event` changes whether live status runs. */
  static affectsLiveStatus(event: vscode.ConfigurationChangeEvent): boolean {
    return event.affectsConfiguration(`${SETTINGS_SECTION}.${SETTINGS.liveStatus}`);
  }

  /** The console address template of a cloud and kind (`modelarts.consoleUrls`), else the default; undefined when not text. */
  consoleUrl(key: ConsoleKey): string | undefined {
    const value = this.userValue(SETTINGS.consoleUrls);
    const own = value !== null && typeof value === 'object' ? (value as Record<string, unknown>)[key] : undefined;
    return typeof own === 'string' ? own : own === undefined ? CONSOLE_URL_DEFAULTS[key] : undefined;
  }

  /** The saved clean-up rules (`modelarts.cleanupRules`), each named; `problems` says what was ignored and why. */
  cleanupRules(): { readonly rules: readonly CleanupRule[]; readonly problems: readonly string[] } {
    const value = this.userValue(SETTINGS.cleanupRules);
    const rules: CleanupRule[] = [];
    const problems: string[] = [];
    (Array.isArray(value) ? value : []).forEach((entry: unknown, index) => {
      const parsed = parseRule(entry);
      if ('error' in parsed) {
        problems.push(`rule ${index + 1}: ${parsed.error}`);
      } else if (parsed.rule.name === undefined) {
        problems.push(`rule ${index + 1}: it needs a "name" to be offered`);
      } else if (rules.some(rule => rule.name === parsed.rule.name)) {
        problems.push(`rule ${index + 1}: another rule is named "${parsed.rule.name}"`);
      } else {
        rules.push(parsed.rule);
      }
    });
    if (!Array.isArray(value)) {
      problems.push('it must be a list of rules');
    }
    return { rules, problems };
  }

  /**
   * A setting's user value (else its default), never a workspace's: these settings are application-
   * scoped, and reading only the user value keeps a cloned repository out even where a VS Code build
   * does not enforce the scope.
   */
  protected userValue(key: keyof typeof SETTING_DEFAULTS): unknown {
    const inspected = this.configuration().inspect(key);
    return inspected?.globalValue ?? inspected?.defaultValue ?? SETTING_DEFAULTS[key];
  }

  /** True when `event` changes how the tree pages. */
  static affectsPaging(event: vscode.ConfigurationChangeEvent): boolean {
    return event.affectsConfiguration(`${SETTINGS_SECTION}.${SETTINGS.pageSize}`);
  }
}
