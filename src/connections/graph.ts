/** What one connection is made of: its stores, client, tree, deletions, documents and command handlers. */
import type * as vscode from 'vscode';
import type { Actions } from '../actions/actions';
import type { DeletionTracker } from '../actions/deletionTracker';
import type { LiveStatus } from '../actions/liveStatus';
import type { StopFollower } from '../actions/stopFollower';
import type { CommandId } from '../constants';
import type { ConnectionManager } from '../credentials/connectionManager';
import type { CredentialStore } from '../credentials/credentialStore';
import type { SettingsStore } from '../credentials/settingsStore';
import type { JobsTreeDataProvider } from '../tree/jobsTreeDataProvider';
import type { VersionDetailsProvider } from '../ui/detailsDocuments';
import type { Handler } from '../ui/errorHandler';
import type { TrainingLogProvider } from '../ui/logDocuments';
import type { ReportDocumentProvider } from '../ui/reportDocuments';
import type { V2DocumentProvider } from '../ui/v2Documents';

/** One connection's objects: everything that reads or changes ModelArts is bound to its client. */
export interface ConnectionGraph {
  readonly store: CredentialStore;
  readonly settings: SettingsStore;
  readonly connection: ConnectionManager;
  readonly deletions: DeletionTracker;
  readonly stops: StopFollower;
  readonly actions: Actions;
  readonly tree: JobsTreeDataProvider;
  readonly details: VersionDetailsProvider;
  readonly logs: TrainingLogProvider;
  readonly reports: ReportDocumentProvider;
  readonly v2docs: V2DocumentProvider;
  /** Live status and watches: the view's visibility and the window's focus are told to it. */
  readonly live: LiveStatus;
  /** The read-only document providers, by URI scheme, to register. */
  readonly documents: readonly (readonly [string, vscode.TextDocumentContentProvider])[];
  readonly handlers: Record<CommandId, Handler>;
  /** Settles when start-up is done; never rejects. */
  readonly ready: Promise<void>;
  /** Everything created for it, in an order that is safe to dispose. */
  readonly disposables: readonly vscode.Disposable[];
}
