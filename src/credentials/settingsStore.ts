/** The non-secret connection settings (`modelarts.*`): where requests go, paging and timeouts. */
import { t } from '../util/l10n';
import * as vscode from 'vscode';
import { parseRule, type CleanupRule } from '../model/cleanupRules';
import { CONSOLE_URL_DEFAULTS, type ConsoleKey } from '../model/console';
import { SETTINGS, SETTINGS_SECTION, SETTING_DEFAULTS } from '../constants';
import { ConfigurationError } from '../client/errors';
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
    endpoint: normaliseEndpoint(endpoint, t('ModelArts endpoint (setting {0})', 'modelarts.endpoint')),
    iamEndpoint: normaliseEndpoint(iamEndpoint, t('IAM endpoint (setting {0})', 'modelarts.iamEndpoint')),
    ...(projectId ? { projectId } : {}),
  };
}

/**
 * Reads and writes `modelarts.*` in the user's (global) settings. Connection settings are read from
 * the user value only, never from a workspace, so a cloned repository cannot redirect credentials
 * even where a setting's `application` scope is not enforced.
 */
export class SettingsStore {
  private writes = 0;
  private readonly wrote = new vscode.EventEmitter<void>();

  /**
   * Fires once after {@link writeConnection} wrote all its settings. VS Code has no atomic multi-key
   * update, so the configuration events of the single writes show half-written states (a new region
   * with the old endpoint); listeners skip those while {@link isWritingConnection} and act on this.
   */
  readonly onDidWriteConnection = this.wrote.event;

  constructor(private readonly configuration: () => vscode.WorkspaceConfiguration =
  () => vscode.workspace.getConfiguration(SETTINGS_SECTION)) {}

  dispose(): void {
    this.wrote.dispose();
  }

  /** True while {@link writeConnection} is between its first and last write. */
  isWritingConnection(): boolean {
    return this.writes > 0;
  }

  /** The connection settings (user values, else defaults). */
  readConnection(): ConnectionSettings {
    const user = (key: keyof typeof SETTING_DEFAULTS): string => {
      const value = this.userValue(key);
      return typeof value === 'string' ? value : '';
    };
    const cloud = user(SETTINGS.cloud);
    return {
      cloud: cloud === 'otc' || cloud === 'custom' ? cloud : 'huaweicloud',
      region: user(SETTINGS.region),
      endpoint: user(SETTINGS.endpoint),
      iamEndpoint: user(SETTINGS.iamEndpoint),
      projectId: user(SETTINGS.projectId),
    };
  }

  /** Writes all connection settings to the user settings; empty strings remove the value. */
  async writeConnection(settings: ConnectionSettings): Promise<void> {
    const config = this.configuration();
    const write = (key: string, value: string) =>
      config.update(key, value === '' ? undefined : value, vscode.ConfigurationTarget.Global);
    this.writes++;
    try {
      await write(SETTINGS.cloud, settings.cloud);
      await write(SETTINGS.region, settings.region);
      await write(SETTINGS.endpoint, settings.endpoint);
      await write(SETTINGS.iamEndpoint, settings.iamEndpoint);
      await write(SETTINGS.projectId, settings.projectId);
    } finally {
      this.writes--;
      this.wrote.fire();
    }
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

  /** True when `event` changes where this store's connection sends requests, how, or what it is called. */
  affects(event: vscode.ConfigurationChangeEvent): boolean {
    return SettingsStore.affectsConnection(event) || event.affectsConfiguration(`${SETTINGS_SECTION}.${SETTINGS.connectionName}`);
  }

  /** What the user calls this connection ("" when unnamed). */
  connectionName(): string {
    const value = this.userValue(SETTINGS.connectionName);
    return typeof value === 'string' ? value.trim() : '';
  }

  /** True when `event` changes a setting that decides where requests go or how they are sent. */
  static affectsConnection(event: vscode.ConfigurationChangeEvent): boolean {
    return [SETTINGS.cloud, SETTINGS.region, SETTINGS.endpoint, SETTINGS.iamEndpoint, SETTINGS.projectId, SETTINGS.requestTimeoutSeconds]
      .some(key => event.affectsConfiguration(`${SETTINGS_SECTION}.${key}`));
  }

  /** True when `event` changes how the tree pages. */
  static affectsPaging(event: vscode.ConfigurationChangeEvent): boolean {
    return event.affectsConfiguration(`${SETTINGS_SECTION}.${SETTINGS.pageSize}`);
  }
}
