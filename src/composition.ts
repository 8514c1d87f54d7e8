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
import { COMPARE_SCHEME, DETAILS_SCHEME, FOLLOW_SCHEME, LOG_SCHEME, REPORT_SCHEME, V2_DOCUMENT_SCHEME } from './constants';
import { ConnectionManager, type ClientFactory } from './credentials/connectionManager';
import { CredentialStore } from './credentials/credentialStore';
import { SettingsStore } from './credentials/settingsStore';
import { ConfiguredContextKey, startUp, wireConnectionChanges } from './startup';
import { createConnectionCommands } from './connections/connectionCommands';
import { Connections } from './connections/connections';
import { ConnectionsView } from './connections/connectionsView';
import type { ConnectionGraph } from './connections/graph';
import { routedDocuments } from './connections/routedDocuments';
import { FIRST_CONNECTION_ID, secretKeysOf } from './model/connectionProfiles';
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

/** The graph: the first connection's objects (as before there were several), what they share, and every connection. */
export interface Extension extends ConnectionGraph {
  readonly logger: Logger;
  readonly protections: Protections;
  readonly follows: FollowedLogs;
  readonly contextKey: ConfiguredContextKey;
  /** Where the Delete key finds the tree's selection (the view is created after the graph). */
  useSelection(selection: () => readonly unknown[]): void;
  /** Every connection's graph (the fields above are the first connection's). */
  readonly connections: Connections;
  /** The view over every connection (one root each when there are several). */
  readonly view: ConnectionsView;
  /** The handlers to register: each runs the command in the connection of its node, or asks which. */
  readonly commands: Record<string, Handler>;
  /** The document providers to register: each document is served by the connection it was read with. */
  readonly routedDocuments: readonly (readonly [string, vscode.TextDocumentContentProvider])[];
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

/** What every connection's graph shares: the log, protections, followed logs, the context key, the view's selection. */
interface Shared {
  readonly options: ExtensionOptions;
  readonly logger: Logger;
  readonly protections: Protections;
  readonly follows: FollowedLogs;
  readonly contextKey: ConfiguredContextKey;
  readonly selection: () => readonly unknown[];
}

/** Where one connection's settings and secrets are, and what it is called when there are several. */
interface ConnectionSpec {
  readonly store: CredentialStore;
  readonly settings: SettingsStore;
  readonly label?: () => string | undefined;
  /** The first connection runs start-up (auto-connect to an emulator). */
  readonly startUp: boolean;
}

/** One connection's graph: everything that reads or changes ModelArts is bound to its client. */
function createConnectionGraph(shared: Shared, spec: ConnectionSpec): ConnectionGraph {
  const { options, logger, protections, follows, contextKey } = shared;
  const { store, settings } = spec;
  const connection = new ConnectionManager({
    store, settings, createClient: options.createClient ?? createClient, logger, clientVersion: options.clientVersion, label: spec.label,
  });
  const deletions = new DeletionTracker({ logger, delaysMs: options.pollDelaysMs });
  const documentDeps = { current: () => connection.current() };
  const details = new VersionDetailsProvider(documentDeps);
  const logs = new TrainingLogProvider({ ...documentDeps, now: options.now });
  const reports = new ReportDocumentProvider(documentDeps);
  const comparisons = new ComparisonDocumentProvider(documentDeps);
  const v2docs = new V2DocumentProvider({ ...documentDeps, now: options.now });
  const { env, globalState } = options;
  const ready = !spec.startUp || options.startUp === false ? Promise.resolve()
    : startUp({ store, settings, connection, logger, env, globalState, contextKey });
  const tree = new JobsTreeDataProvider({ connection, settings, logger, deletions, protections, ready });
  const stops = new StopFollower({
    logger, delaysMs: options.pollDelaysMs, onProgress: version => tree.updateVersion(version), onV2Progress: job => tree.updateV2Job(job),
  });
  const actions = new Actions({ connection, tracker: deletions, stops, tree, logger, protections });
  const live = createLive(tree, settings, logger, (command, ...args) => handlers[command](...args), options.liveClock);
  const deps: CommandDeps = {
    connection, store, settings, tree, actions, deletions, protections, live, details, logs, reports, comparisons, v2docs, follows, logger, env, globalState,
    selection: shared.selection,
    run: (command, ...args) => handlers[command](...args),
    now: options.now ?? Date.now,
  };
  const handlers = createCommandHandlers(deps);
  const disposables: vscode.Disposable[] = [
    wireConnectionChanges(connection, tree, contextKey, [details, logs, reports, comparisons, v2docs, live]),
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
    tree, details, logs, reports, comparisons, v2docs, deletions, stops, connection, settings,
  ];
  return {
    store, settings, connection, deletions, stops, actions, tree, details, logs, reports, v2docs, live, ready, disposables, handlers,
    documents: [[DETAILS_SCHEME, details], [LOG_SCHEME, logs], [REPORT_SCHEME, reports], [COMPARE_SCHEME, comparisons], [V2_DOCUMENT_SCHEME, v2docs], [FOLLOW_SCHEME, follows]],
  };
}

/**
 * Builds the graph: the first connection's (whose objects the fields are, as before there were
 * several), and the {@link Connections} that hold every connection's graph, add and remove them, and
 * route the view, the commands and the documents to the connection each belongs to.
 */
export function createExtension(options: ExtensionOptions): Extension {
  // The pure layers' text in the display language, from the same bundle as the rest.
  setTranslator((message, ...args) => vscode.l10n.t(message, ...args));
  const logger = new Logger(options.logSink);
  // Set once every graph exists; the first graph's label and the context key read it later.
  const all: { connections?: Connections } = {};
  let selection: () => readonly unknown[] = () => [];
  const firstStore = new CredentialStore(options.secrets, secretKeysOf(FIRST_CONNECTION_ID));
  const contextKey = new ConfiguredContextKey(async () => (all.connections ? all.connections.anyConfigured() : firstStore.has()), logger, options.setContext);
  const shared: Shared = {
    options, logger, contextKey,
    protections: new Protections(options.globalState),
    follows: new FollowedLogs({ logger, clock: options.liveClock, setContext: options.setContext }),
    selection: () => selection(),
  };
  const labelOf = (id: string) => () => all.connections?.labelWhenSeveral(id);
  const first = createConnectionGraph(shared, {
    store: firstStore, settings: new SettingsStore(FIRST_CONNECTION_ID), label: labelOf(FIRST_CONNECTION_ID), startUp: true,
  });
  const connections = new Connections({
    first, logger, globalState: options.globalState,
    create: (id, name) => createConnectionGraph(shared, {
      store: new CredentialStore(options.secrets, secretKeysOf(id)), settings: new SettingsStore(id, name), label: labelOf(id), startUp: false,
    }),
    selection: () => selection(),
    whenChanged: () => void contextKey.update(),
  });
  all.connections = connections;
  const view = new ConnectionsView(connections);
  connections.start();
  const routed = routedDocuments(connections);
  return {
    ...first, logger, protections: shared.protections, follows: shared.follows, contextKey, connections, view,
    commands: createConnectionCommands(connections, view), routedDocuments: routed,
    disposables: [...routed.map(([, provider]) => provider), view, connections, shared.follows, shared.protections],
    useSelection: get => {
      selection = get;
    },
  };
}
