/**
 * The one composition root: builds the extension's object graph, the same for `activate()` and for
 * the tests in the extension host (which pass fakes only for the edges: secret storage, global state,
 * the log sink, the context key). Registering views, providers and commands with VS Code is
 * `extension.ts`'s part; nothing here registers anything.
 */
import * as vscode from 'vscode';
import { Actions } from './actions/actions';
import { DeletionTracker } from './actions/deletionTracker';
import { readLive } from './actions/liveReads';
import { LiveStatus, type LiveClock } from './actions/liveStatus';
import { Protections } from './actions/protections';
import { StopFollower } from './actions/stopFollower';
import { createClient } from './client';
import { createCommandHandlers, type CommandDeps } from './commands';
import { COMPARE_SCHEME, DETAILS_SCHEME, FOLLOW_SCHEME, LOG_SCHEME, REPORT_SCHEME, V2_DOCUMENT_SCHEME, type CommandId } from './constants';
import { ConnectionManager, type ClientFactory } from './credentials/connectionManager';
import { CredentialStore } from './credentials/credentialStore';
import { SettingsStore } from './credentials/settingsStore';
import { ConfiguredContextKey, startUp, wireConnectionChanges } from './startup';
import { setTranslator } from './util/l10n';
import { JobsTreeDataProvider } from './tree/jobsTreeDataProvider';
import { jobLive } from './tree/liveRows';
import { VersionDetailsProvider } from './ui/detailsDocuments';
import { FollowedLogs } from './ui/followDocuments';
import type { Handler } from './ui/errorHandler';
import { TrainingLogProvider } from './ui/logDocuments';
import { ComparisonDocumentProvider } from './ui/compareDocuments';
import { ReportDocumentProvider } from './ui/reportDocuments';
import { reportLiveEnd } from './ui/reports';
import { V2DocumentProvider } from './ui/v2Documents';
import { Logger, type LogSink } from './util/logger';

/** What the graph is built from: the edges. */
export interface ExtensionOptions {
  readonly secrets: vscode.SecretStorage;
  readonly globalState: vscode.Memento;
  /** Where the log goes: the "ModelArts" output channel, or a recording sink in tests. */
  readonly logSink: LogSink;
  /** The environment (`MODELARTS_EMULATOR_URL`). */
  readonly env: NodeJS.ProcessEnv;
  /** The extension's version, sent in the `User-Agent`. */
  readonly clientVersion?: string;
  /** Runs start-up (auto-connect to an emulator, the context key); default true. */
  readonly startUp?: boolean;
  /** Sets a context key (`setContext`); tests record it instead. */
  readonly setContext?: (key: string, value: unknown) => Thenable<unknown>;
  /** Waits between the polls that follow deletions and stops (tests shorten them). */
  readonly pollDelaysMs?: readonly number[];
  /** The clock of the log documents' "read at" line (tests). */
  readonly now?: () => number;
  readonly createClient?: ClientFactory;
  /** The clock of live status (tests drive a fake one). */
  readonly liveClock?: LiveClock;
}

/** The graph: every long-lived object, the command handlers, and what to dispose. */
export interface Extension {
  readonly logger: Logger;
  readonly store: CredentialStore;
  readonly settings: SettingsStore;
  readonly connection: ConnectionManager;
  readonly deletions: DeletionTracker;
  readonly stops: StopFollower;
  readonly protections: Protections;
  readonly actions: Actions;
  readonly tree: JobsTreeDataProvider;
  readonly details: VersionDetailsProvider;
  readonly logs: TrainingLogProvider;
  readonly reports: ReportDocumentProvider;
  readonly v2docs: V2DocumentProvider;
  readonly follows: FollowedLogs;
  /** Live status and watches: the view's visibility and the window's focus are told to it. */
  readonly live: LiveStatus;
  /** The read-only document providers, by URI scheme, to register. */
  readonly documents: readonly (readonly [string, vscode.TextDocumentContentProvider])[];
  readonly contextKey: ConfiguredContextKey;
  readonly handlers: Record<CommandId, Handler>;
  /** Settles when start-up is done; never rejects. */
  readonly ready: Promise<void>;
  /** Everything created here, in an order that is safe to dispose. */
  readonly disposables: readonly vscode.Disposable[];
  /** Where the Delete key finds the tree's selection (the view is created after the graph). */
  useSelection(selection: () => readonly unknown[]): void;
}

/** Live status over the tree: it reads the tree's transitional rows, and the tree draws what it watches. */
function createLive(tree: JobsTreeDataProvider, settings: SettingsStore, logger: Logger, run: CommandDeps['run'], clock?: LiveClock): LiveStatus {
  const live = new LiveStatus({
    items: () => tree.liveItems(),
    read: (item, signal) => readLive(tree, jobId => jobLive(tree.findJob(jobId)), item, settings.pageSize(), signal),
    enabled: () => settings.liveStatus(),
    onEnded: (item, read) => void reportLiveEnd({ run }, item, read),
    onWatchChanged: () => tree.redraw(),
    logger,
    clock,
  });
  tree.isWatched = key => live.isWatched(key);
  return live;
}

/** Builds the graph. */
export function createExtension(options: ExtensionOptions): Extension {
  // The pure layers' text in the display language, from the same bundle as the rest.
  setTranslator((message, ...args) => vscode.l10n.t(message, ...args));
  const logger = new Logger(options.logSink);
  const store = new CredentialStore(options.secrets);
  const settings = new SettingsStore();
  const connection = new ConnectionManager({
    store, settings, createClient: options.createClient ?? createClient, logger, clientVersion: options.clientVersion,
  });
  const deletions = new DeletionTracker({ logger, delaysMs: options.pollDelaysMs });
  const documentDeps = { current: () => connection.current() };
  const details = new VersionDetailsProvider(documentDeps);
  const logs = new TrainingLogProvider({ ...documentDeps, now: options.now });
  const reports = new ReportDocumentProvider(documentDeps);
  const comparisons = new ComparisonDocumentProvider(documentDeps);
  const v2docs = new V2DocumentProvider({ ...documentDeps, now: options.now });
  const follows = new FollowedLogs({ logger, clock: options.liveClock, setContext: options.setContext });
  const contextKey = new ConfiguredContextKey(() => connection.isConfigured(), logger, options.setContext);
  const { env, globalState } = options;
  const ready = options.startUp === false ? Promise.resolve()
    : startUp({ store, settings, connection, logger, env, globalState, contextKey });
  const protections = new Protections(options.globalState);
  const tree = new JobsTreeDataProvider({ connection, settings, logger, deletions, protections, ready });
  const stops = new StopFollower({
    logger, delaysMs: options.pollDelaysMs, onProgress: version => tree.updateVersion(version), onV2Progress: job => tree.updateV2Job(job),
  });
  const actions = new Actions({ connection, tracker: deletions, stops, tree, logger, protections });
  let selection: () => readonly unknown[] = () => [];
  const live = createLive(tree, settings, logger, (command, ...args) => handlers[command](...args), options.liveClock);
  const deps: CommandDeps = {
    connection, store, settings, tree, actions, deletions, protections, live, details, logs, reports, comparisons, v2docs, follows, logger, env, globalState,
    selection: () => selection(),
    run: (command, ...args) => handlers[command](...args),
    now: options.now ?? Date.now,
  };
  const handlers = createCommandHandlers(deps);
  const disposables: vscode.Disposable[] = [
    wireConnectionChanges(connection, tree, contextKey, [details, logs, reports, comparisons, v2docs, live, follows]),
    vscode.workspace.onDidChangeConfiguration(e => {
      if (SettingsStore.affectsPaging(e)) {
        tree.refresh();
      }
      if (SettingsStore.affectsLiveStatus(e)) {
        live.wake();
      }
    }),
    // New rows may be in a transitional status: live status looks again.
    tree.onDidChangeTreeData(() => live.wake()),
    { dispose: () => live.dispose() },
    tree, details, logs, reports, comparisons, v2docs, follows, deletions, stops, protections, connection, settings,
  ];
  return {
    logger, store, settings, connection, deletions, stops, protections, actions, tree, details, logs, reports, v2docs, follows, live, contextKey, ready, disposables,
    documents: [[DETAILS_SCHEME, details], [LOG_SCHEME, logs], [REPORT_SCHEME, reports], [COMPARE_SCHEME, comparisons], [V2_DOCUMENT_SCHEME, v2docs], [FOLLOW_SCHEME, follows]],
    handlers,
    useSelection: get => {
      selection = get;
    },
  };
}
