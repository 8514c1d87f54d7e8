/**
 * Every id the extension shares with `package.json`: views, commands, context keys, settings, secret
 * keys and `contextValue` tags. One source for each; `test/unit/extension/packageJson.test.ts` checks
 * that `package.json` and this module agree. This module must not import `vscode`: the check runs in
 * plain Node.
 */
import { CONSOLE_URL_DEFAULTS } from './model/console';

/** The activity-bar container. */
export const VIEW_CONTAINER_ID = 'modelarts';

/** Contributed views. */
export const VIEWS = {
  trainingJobs: 'modelarts.trainingJobs',
} as const;

/** Contributed commands. */
/** Commands about the connections themselves: they act on the list of connections, not inside one. */
export const CONNECTION_COMMANDS = {
  /** Add Connection…: a further connection (name, cloud, region, credentials), checked before it is saved. */
  add: 'modelarts.addConnection',
  /** Edit Connection…: its cloud, region and credentials (Configure Credentials of that connection). */
  edit: 'modelarts.editConnection',
  rename: 'modelarts.renameConnection',
  /** Remove Connection…: its entry and its secrets, after a confirmation; nothing in ModelArts changes. */
  remove: 'modelarts.removeConnection',
} as const;

export const COMMANDS = {
  configureCredentials: 'modelarts.configureCredentials',
  signOut: 'modelarts.signOut',
  connectEmulator: 'modelarts.connectEmulator',
  refresh: 'modelarts.refresh',
  showLogs: 'modelarts.showLogs',
  refreshJob: 'modelarts.job.refresh',
  loadMore: 'modelarts.loadMore',
  retry: 'modelarts.retry',
  copyId: 'modelarts.copyId',
  /** The context-menu entry ("Delete Version") on a version node. */
  deleteVersion: 'modelarts.version.delete',
  /** The palette entry ("Delete Training Job Version…"): pickers, or `{ jobId, versionId }` arguments. */
  deleteVersionFromPalette: 'modelarts.deleteVersion',
  stopVersion: 'modelarts.version.stop',
  showVersionDetails: 'modelarts.version.showDetails',
  /** Copy Details as JSON: every field of a version as read, on the clipboard. */
  copyVersionJson: 'modelarts.version.copyJson',
  /** Show Training Log: a version node, `{ jobId, versionId }` arguments, or pickers. */
  showTrainingLog: 'modelarts.version.showLog',
  /** The context-menu entry ("Delete Training Job") on a job node. */
  deleteJob: 'modelarts.job.delete',
  /** The palette entry ("Delete Training Job…"): the job picker, or `{ jobId }` arguments. */
  deleteJobFromPalette: 'modelarts.deleteJob',
  /** Filter Jobs…: by name (`search_content`) and one exact status code. */
  filterJobs: 'modelarts.filter',
  /** The same, as the view's title-bar button while a filter is on (a filled icon says so). */
  changeFilter: 'modelarts.filter.change',
  clearFilter: 'modelarts.clearFilter',
  /** The Delete key: Delete Version on selected versions, Delete Training Job on a selected job. */
  deleteSelection: 'modelarts.deleteSelection',
  /** Protect: keeps a job, version or v2 job (or a selection) from every deletion path. */
  protect: 'modelarts.protect',
  unprotect: 'modelarts.unprotect',
  /** Stop Training Job: a new-version (v2) job node, `{ jobId }` arguments, or the picker of running v2 jobs. */
  stopV2Job: 'modelarts.v2.stop',
  /** Show Events: a v2 job's event timeline. */
  showV2Events: 'modelarts.v2.showEvents',
  /** Open Full Log: the temporary download link of a v2 task's whole log, asked for only on this click. */
  openFullLog: 'modelarts.v2.openFullLog',
  /**
   * Clean Up…: deletes what a rule selects, after a preview of exactly that. On a job (or a selection of
   * jobs), a root, the view's title bar, or the palette (`{ rule: "saved rule name" }` runs a saved rule).
   */
  cleanUp: 'modelarts.cleanUp',
  /** Watch: a notification tells how a running version or v2 job ends (read even while the view is hidden). */
  watch: 'modelarts.watch',
  unwatch: 'modelarts.unwatch',
  /** Compare: two selected versions, or two new-version jobs, in VS Code's diff editor. */
  compare: 'modelarts.compare',
  compareWithPrevious: 'modelarts.version.compareWithPrevious',
  /** In a comparison's diff editor: all fields, or the differences only. */
  toggleDifferences: 'modelarts.compare.toggleDifferences',
  /** Open in Console: the job's page in the ModelArts web console (or its list, with the name copied). */
  openInConsole: 'modelarts.openInConsole',
  /** Follow Log: a running version's or v2 task's log, new lines appended as they are written. */
  followLog: 'modelarts.followLog',
  /** In a followed log's editor title: pause, resume, and read older lines. */
  pauseFollow: 'modelarts.followLog.pause',
  resumeFollow: 'modelarts.followLog.resume',
  loadOlderLines: 'modelarts.followLog.loadOlder',
} as const;

export type CommandId = typeof COMMANDS[keyof typeof COMMANDS];

/**
 * How each command behaves in the Command Palette: `always` needs no argument; `picker` works on a
 * node and falls back to pickers without one; `hidden` needs a node and is hidden from the palette.
 */
export const COMMAND_PALETTE: Readonly<Record<CommandId | typeof CONNECTION_COMMANDS[keyof typeof CONNECTION_COMMANDS], 'always' | 'picker' | 'hidden'>> = {
  [CONNECTION_COMMANDS.add]: 'always',
  [CONNECTION_COMMANDS.edit]: 'picker',
  [CONNECTION_COMMANDS.rename]: 'picker',
  [CONNECTION_COMMANDS.remove]: 'picker',
  [COMMANDS.configureCredentials]: 'always',
  [COMMANDS.signOut]: 'always',
  [COMMANDS.connectEmulator]: 'always',
  [COMMANDS.refresh]: 'always',
  [COMMANDS.showLogs]: 'always',
  [COMMANDS.refreshJob]: 'hidden',
  [COMMANDS.loadMore]: 'hidden',
  [COMMANDS.retry]: 'hidden',
  [COMMANDS.copyId]: 'hidden',
  [COMMANDS.deleteVersion]: 'hidden',
  [COMMANDS.deleteVersionFromPalette]: 'picker',
  [COMMANDS.stopVersion]: 'picker',
  [COMMANDS.showVersionDetails]: 'picker',
  [COMMANDS.copyVersionJson]: 'picker',
  [COMMANDS.showTrainingLog]: 'picker',
  [COMMANDS.deleteJob]: 'hidden',
  [COMMANDS.deleteJobFromPalette]: 'picker',
  [COMMANDS.filterJobs]: 'always',
  [COMMANDS.changeFilter]: 'hidden',
  [COMMANDS.clearFilter]: 'always',
  [COMMANDS.deleteSelection]: 'hidden',
  [COMMANDS.protect]: 'hidden',
  [COMMANDS.unprotect]: 'hidden',
  [COMMANDS.stopV2Job]: 'picker',
  [COMMANDS.showV2Events]: 'picker',
  [COMMANDS.openFullLog]: 'picker',
  [COMMANDS.cleanUp]: 'always',
  [COMMANDS.watch]: 'hidden',
  [COMMANDS.unwatch]: 'hidden',
  [COMMANDS.compare]: 'hidden',
  [COMMANDS.compareWithPrevious]: 'hidden',
  [COMMANDS.toggleDifferences]: 'always',
  [COMMANDS.openInConsole]: 'hidden',
  [COMMANDS.followLog]: 'picker',
  [COMMANDS.pauseFollow]: 'always',
  [COMMANDS.resumeFollow]: 'always',
  [COMMANDS.loadOlderLines]: 'always',
};

/** Context keys set with `setContext` and used in `when` clauses. */
export const CONTEXT_KEYS = {
  /** True when credentials are stored. Drives the welcome view. */
  configured: 'modelarts.configured',
  /** True while the Training Jobs view is filtered. Shows Clear Filter. */
  filtered: 'modelarts.filtered',
  /** File names of the followed logs that are following (Pause shows), paused (Resume shows), and have older lines to read. */
  followingLogs: 'modelarts.followingLogs',
  pausedLogs: 'modelarts.pausedLogs',
  olderLogs: 'modelarts.olderLogs',
} as const;

/** The settings section: every setting is `modelarts.<key>`. */
export const SETTINGS_SECTION = 'modelarts';

/** Setting keys, relative to {@link SETTINGS_SECTION}. */
export const SETTINGS = {
  /** `cloud` … `projectId` and `connectionName`: where the single connection lived; read once, to move it into `connections`. */
  cloud: 'cloud',
  region: 'region',
  endpoint: 'endpoint',
  iamEndpoint: 'iamEndpoint',
  projectId: 'projectId',
  pageSize: 'pageSize',
  requestTimeoutSeconds: 'requestTimeoutSeconds',
  deleteConcurrency: 'deleteConcurrency',
  deleteGraceSeconds: 'deleteGraceSeconds',
  cleanupRules: 'cleanupRules',
  liveStatus: 'liveStatus',
  consoleUrls: 'consoleUrls',
  connectionName: 'connectionName',
  /** Every connection (no secret): id (the first one's `default`), name, cloud, region, endpoints, project. */
  connections: 'connections',
} as const;

/**
 * The one default of each setting whose value the code reads as a number or a string. package.json
 * declares the same (a unit test holds them equal); the code falls back to these when a value is
 * missing or unusable.
 */
export const SETTING_DEFAULTS = {
  [SETTINGS.cloud]: 'huaweicloud',
  [SETTINGS.region]: 'cn-north-4',
  [SETTINGS.endpoint]: '',
  [SETTINGS.iamEndpoint]: '',
  [SETTINGS.projectId]: '',
  [SETTINGS.pageSize]: 50,
  [SETTINGS.requestTimeoutSeconds]: 30,
  [SETTINGS.deleteConcurrency]: 4,
  [SETTINGS.deleteGraceSeconds]: 5,
  [SETTINGS.cleanupRules]: [],
  [SETTINGS.liveStatus]: true,
  [SETTINGS.consoleUrls]: CONSOLE_URL_DEFAULTS,
  [SETTINGS.connectionName]: '',
  [SETTINGS.connections]: [],
} as const;

/**
 * Settings a workspace must not set: where signed requests go (a cloned repository's
 * `.vscode/settings.json` must never redirect a user's credentials), and how many requests go and how
 * long they wait (it must not turn the tree into a flood of requests or hang every call). All are
 * `"scope": "application"`, and the extension reads their user value only.
 */
export const APPLICATION_SCOPED_SETTINGS: readonly string[] = [
  SETTINGS.cloud, SETTINGS.region, SETTINGS.endpoint, SETTINGS.iamEndpoint, SETTINGS.projectId,
  SETTINGS.pageSize, SETTINGS.requestTimeoutSeconds, SETTINGS.deleteConcurrency, SETTINGS.deleteGraceSeconds, SETTINGS.cleanupRules, SETTINGS.liveStatus, SETTINGS.consoleUrls,
  SETTINGS.connectionName, SETTINGS.connections,
];

/** Where the single connection's secrets were, read once to move them to the first connection's keys. */
export const LEGACY_SECRET_KEYS = {
  credentials: 'modelarts.credentials',
  token: 'modelarts.iamToken',
} as const;

/** Tags joined (sorted, `;`) into `TreeItem.contextValue`; menus match them with `/(^|;)tag(;|$)/`. */
export const CONTEXT_VALUE_TAGS = {
  job: 'job',
  version: 'version',
  /** A new-version (v2) training job. */
  v2Job: 'v2job',
  /** A task of a multi-task v2 job. */
  v2Task: 'v2task',
  /** A v2 job or task whose log Show Training Log reads. */
  hasLog: 'hasLog',
  /** A root of one kind of job, shown when the project has both kinds. */
  group: 'group',
  /**
   * With `version`: a version Delete Version applies to (every version not already being deleted).
   * With `job`: a job Delete Training Job applies to (its latest version is not running or in progress).
   */
  deletable: 'deletable',
  /** A version that is running or in progress and can be stopped. */
  stoppable: 'stoppable',
  /** A version or job whose deletion was accepted and is being confirmed. */
  deleting: 'deleting',
  /** A job or version protected from deletion (Unprotect applies, unless `protectedByJob`). */
  protected: 'protected',
  /** With `protected`: a version protected only because its job is. */
  protectedByJob: 'protectedByJob',
  /** Why a failed version or v2 job failed (a child row). */
  reason: 'reason',
  /** A version or v2 job being watched (Unwatch applies). */
  watched: 'watched',
  /** A version or v2 job that can be watched: in a transitional status. */
  watchable: 'watchable',
  /** A task of a v2 job in a transitional phase: Follow Log applies. */
  followable: 'followable',
  loadMore: 'loadMore',
  message: 'message',
  /** A connection's root, shown when there are several connections. */
  connection: 'connection',
  /** With `connection`: the first one (id `default`). */
  firstConnection: 'first',
  /** With `message`: a failed load that Retry may fix (an inline Retry button). */
  retryable: 'retryable',
} as const;

/** Keys in `context.globalState` (nothing secret). */
export const GLOBAL_STATE_KEYS = {
  /**
   * True after an explicit Sign Out: start-up then no longer connects to the emulator named by
   * {@link EMULATOR_URL_ENV} on its own. Cleared by an explicit Connect to Local Emulator.
   */
  signedOut: 'modelarts.signedOut',
  /**
   * The items protected from deletion (cloud, region, project, kind and ID each; nothing secret).
   * Synchronised across machines by Settings Sync.
   */
  protected: 'modelarts.protected',
  /** The clean-up rules used last (newest first, at most 5; rules only, nothing secret): Clean Up… offers them again. */
  recentCleanupRules: 'modelarts.recentCleanupRules',
} as const;

/** Name of the `LogOutputChannel`. */
export const OUTPUT_CHANNEL_NAME = 'ModelArts';

/** URI scheme of the read-only version details documents. */
export const DETAILS_SCHEME = 'modelarts';

/** URI scheme of the read-only training log documents. */
export const LOG_SCHEME = 'modelarts-log';

/** URI scheme of the read-only documents of new-version jobs (task logs, details, events). */
export const V2_DOCUMENT_SCHEME = 'modelarts-v2';

/** URI scheme of the read-only reports (what a batch deletion did). */
export const REPORT_SCHEME = 'modelarts-report';

/** URI scheme of the two sides of a comparison (VS Code's diff editor shows them). */
export const COMPARE_SCHEME = 'modelarts-compare';

/** Environment variable naming a local emulator to connect to (used by `npm start`). */
export const EMULATOR_URL_ENV = 'MODELARTS_EMULATOR_URL';

/** URI scheme of the followed logs (Follow Log), redrawn as new lines are read. */
export const FOLLOW_SCHEME = 'modelarts-follow';
