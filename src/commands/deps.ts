/** The one thing every command receives: the extension's objects, built once in the composition root. */
import type * as vscode from 'vscode';
import type { Actions } from '../actions/actions';
import type { CommandId } from '../constants';
import type { DeletionTracker } from '../actions/deletionTracker';
import type { LiveStatus } from '../actions/liveStatus';
import type { Protections } from '../actions/protections';
import type { ConnectionManager } from '../credentials/connectionManager';
import type { CredentialStore } from '../credentials/credentialStore';
import type { SettingsStore } from '../credentials/settingsStore';
import type { JobsTreeDataProvider } from '../tree/jobsTreeDataProvider';
import type { ComparisonDocumentProvider } from '../ui/compareDocuments';
import type { VersionDetailsProvider } from '../ui/detailsDocuments';
import type { FollowedLogs } from '../ui/followDocuments';
import type { TrainingLogProvider } from '../ui/logDocuments';
import type { ReportDocumentProvider } from '../ui/reportDocuments';
import type { V2DocumentProvider } from '../ui/v2Documents';
import type { Logger } from '../util/logger';

/** Everything the commands use. */
export interface CommandDeps {
  readonly connection: ConnectionManager;
  readonly store: CredentialStore;
  readonly settings: SettingsStore;
  readonly tree: JobsTreeDataProvider;
  /** Every change to ModelArts goes through these. */
  readonly actions: Actions;
  /** What is being deleted (to say so instead of asking again), and how deletions ended. */
  readonly deletions: DeletionTracker;
  /** What is protected from deletion: every deletion command refuses it before asking. */
  readonly protections: Protections;
  /** What is read again by itself, and what is watched. */
  readonly live: LiveStatus;
  readonly details: VersionDetailsProvider;
  readonly logs: TrainingLogProvider;
  readonly reports: ReportDocumentProvider;
  /** The two sides of comparisons (diff editor). */
  readonly comparisons: ComparisonDocumentProvider;
  /** Logs, details and events of new-version jobs. */
  readonly v2docs: V2DocumentProvider;
  /** The followed logs (Follow Log). */
  readonly follows: FollowedLogs;
  readonly logger: Logger;
  readonly env: NodeJS.ProcessEnv;
  readonly globalState: vscode.Memento;
  /**
   * The tree's current selection. A keybinding runs a command without arguments (VS Code passes no
   * node then), so the Delete key acts on what is selected.
   */
  readonly selection?: () => readonly unknown[];
  /** The time (ms since the epoch): how old a clean-up's preview is. Tests move it. */
  readonly now: () => number;
  /** Runs another command of this extension (its handler here, errors reported like any command's). */
  readonly run: (command: CommandId, ...args: unknown[]) => Promise<unknown>;
}
