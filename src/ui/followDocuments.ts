/**
 * Followed log documents (`modelarts-follow:` URIs): one per followed log, redrawn as its follower
 * appends lines. An editor opens at the end and stays there (like `tail -f`) until the user scrolls
 * up; scrolled back down to the end, it follows the end again. Closing its last tab stops the follower. The editor-title buttons (Pause, Resume,
 * Load Older Lines) show by context keys that list the documents in each state, by file name.
 */
import * as vscode from 'vscode';
import { t } from '../util/l10n';
import type { LiveClock } from '../actions/liveStatus';
import { FOLLOW_FIRST_DELAY_MS, FOLLOW_MAX_DELAY_MS, LogFollower, type LogFollowerDeps } from '../actions/logFollow';
import { FOLLOW_PAGE_LINES } from '../actions/logSources';
import type { Logger } from '../util/logger';
import { CONTEXT_KEYS, FOLLOW_SCHEME } from '../constants';
import { forLine } from '../util/sanitize';
import { FollowPlaces } from './followPlaces';

/** What a followed log is: a version's log file, or a v2 job's task. */
export interface FollowKey {
  readonly jobId: string;
  readonly jobName: string;
  readonly versionId?: string;
  readonly versionName?: string;
  /** The log file (v1) or the task (v2); undefined until the run has one. */
  readonly part?: string;
}

/** One followed log. */
interface Follow {
  readonly key: FollowKey;
  readonly follower: LogFollower;
  /** What it follows, in words, for the header. */
  readonly what: string;
}

/** What the documents need. */
export interface FollowedLogsDeps {
  readonly logger: Logger;
  /** The followers' clock (tests drive a fake one). */
  readonly clock?: LiveClock;
  readonly setContext?: (key: string, value: unknown) => Thenable<unknown>;
}

/** The editors showing `uri`. */
function editorsOf(uri: vscode.Uri): vscode.TextEditor[] {
  return vscode.window.visibleTextEditors.filter(e => e.document.uri.toString() === uri.toString());
}

/** True while a tab (in any group) shows `uri`. */
function hasTab(uri: vscode.Uri): boolean {
  return vscode.window.tabGroups.all.some(group => group.tabs.some(tab => tab.input instanceof vscode.TabInputText && tab.input.uri.toString() === uri.toString()));
}

/** The followed logs: serves their documents, and stops each when its editor closes. */
export class FollowedLogs implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly follows = new Map<string, Follow>();
  private readonly places = new FollowPlaces();
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;
  /** The workbench events it listens to, from the first follow on (nothing at activation). */
  private subscriptions?: vscode.Disposable[];
  private readonly setContext: (key: string, value: unknown) => Thenable<unknown>;

  constructor(private readonly deps: FollowedLogsDeps) {
    this.setContext = deps.setContext ?? ((key, value) => vscode.commands.executeCommand('setContext', key, value));
  }

  private listen(): void {
    this.subscriptions ??= [
      vscode.window.tabGroups.onDidChangeTabs(() => this.stopClosed()),
      vscode.window.onDidChangeVisibleTextEditors(() => this.wakeAll()),
      vscode.window.onDidChangeWindowState(() => this.wakeAll()),
      vscode.workspace.onDidChangeTextDocument(e => this.keepAtEnd(e.document)),
      vscode.window.onDidChangeTextEditorVisibleRanges(e => {
        if (e.textEditor.document.uri.scheme === FOLLOW_SCHEME) {
          this.places.moved(e.textEditor, e.visibleRanges);
        }
      }),
      vscode.window.onDidChangeTextEditorSelection(e => {
        if (e.textEditor.document.uri.scheme === FOLLOW_SCHEME) {
          this.places.cursorMoved(e.textEditor, e.selections, e.kind);
        }
      }),
    ];
  }

  /** The URI of a followed log: its file name names the job, version and file, and is unique. */
  uriFor(key: FollowKey): vscode.Uri {
    const safe = (s: string) => forLine(s, 60).replace(/[\\/?#%]/g, '_');
    const name = [key.jobName, key.versionName, key.part].filter((s): s is string => !!s).map(safe).join(' ');
    const query = new URLSearchParams({ jobId: key.jobId, ...key.versionId ? { versionId: key.versionId } : {} }).toString();
    return vscode.Uri.from({ scheme: FOLLOW_SCHEME, path: `/${name} (live).log`, query });
  }

  /** The follower of `uri`, while it is followed. */
  get(uri: vscode.Uri): LogFollower | undefined {
    return this.follows.get(uri.toString())?.follower;
  }

  /** True while the editor showing `uri` is visible and the window focused. */
  fast(uri: vscode.Uri): boolean {
    return vscode.window.state.focused && editorsOf(uri).length > 0;
  }

  /**
   * Follows the log `key` names, read from `reading.source`: a new follower, or the one already
   * following it (`reused`).
   */
  follow(key: FollowKey, what: string, reading: Pick<LogFollowerDeps, 'source' | 'status'>): { uri: vscode.Uri; follower: LogFollower; reused: boolean } {
    const uri = this.uriFor(key);
    const existing = this.follows.get(uri.toString());
    if (existing?.follower.active) {
      return { uri, follower: existing.follower, reused: true };
    }
    existing?.follower.stop();
    this.listen();
    const follower = new LogFollower({
      ...reading,
      onChange: () => this.redraw(uri),
      fast: () => this.fast(uri),
      logger: this.deps.logger,
      label: what,
      clock: this.deps.clock,
    });
    this.follows.set(uri.toString(), { key, follower, what });
    follower.start();
    this.redraw(uri);
    return { uri, follower, reused: false };
  }

  /** The follower's lines or phase changed: redraws its document and the title buttons. */
  redraw(uri: vscode.Uri): void {
    this.changed.fire(uri);
    void this.updateContext();
  }

  provideTextDocumentContent(uri: vscode.Uri): string {
    const follow = this.follows.get(uri.toString());
    if (!follow) {
      return `# ${t('This log is no longer followed (its editor was closed, you signed out, or the window was reloaded). Run "Follow Log" again.')}\n`;
    }
    return renderFollowed(follow.what, follow.follower);
  }

  /** Stops every follower (signed out, another connection): their documents say so. */
  clear(): void {
    const uris = [...this.follows.keys()];
    this.follows.forEach(f => f.follower.stop());
    this.follows.clear();
    uris.forEach(uri => this.changed.fire(vscode.Uri.parse(uri)));
    void this.updateContext();
  }

  dispose(): void {
    this.follows.forEach(f => f.follower.stop());
    this.follows.clear();
    this.subscriptions?.forEach(s => s.dispose());
    this.changed.dispose();
  }

  private stopClosed(): void {
    let stopped = false;
    for (const [key, follow] of this.follows) {
      if (!hasTab(vscode.Uri.parse(key))) {
        follow.follower.stop();
        this.follows.delete(key);
        stopped = true;
      }
    }
    if (stopped) {
      void this.updateContext();
    }
  }

  private wakeAll(): void {
    this.follows.forEach(f => f.follower.wake());
  }

  /** An editor keeping to the end shows the end again after new lines. */
  private keepAtEnd(document: vscode.TextDocument): void {
    if (document.uri.scheme === FOLLOW_SCHEME && this.follows.has(document.uri.toString())) {
      editorsOf(document.uri).forEach(e => this.places.keepAtEnd(e));
    }
  }

  /** The title buttons: which followed documents are following, paused, or have older lines to read. */
  private async updateContext(): Promise<void> {
    const names = (test: (f: LogFollower) => boolean) => [...this.follows.keys()]
      .filter(key => test(this.follows.get(key)!.follower))
      .map(key => vscode.Uri.parse(key).path.slice(1));
    await this.setContext(CONTEXT_KEYS.followingLogs, names(f => f.phase === 'following' || f.phase === 'waiting'));
    await this.setContext(CONTEXT_KEYS.pausedLogs, names(f => f.phase === 'paused'));
    await this.setContext(CONTEXT_KEYS.olderLogs, names(f => f.older === 'more'));
  }
}

/** The header line that says what the follower is doing. */
function phaseLine(follower: LogFollower): string {
  const n = follower.lines.length.toLocaleString('en-US');
  const count = follower.lines.length === 1 ? t('{0} line', n) : t('{0} lines', n);
  switch (follower.phase) {
    case 'waiting':
      return `# ${t('Waiting for the run to write its log: it appears here as soon as it does.')}`;
    case 'following':
      return follower.error !== undefined
        ? `# ${t('Could not read new lines ({0}); trying again. Nothing is lost: it reads on from the last line shown.', forLine(follower.error))}`
        : `# ${t('Following ({0}): new lines appear at the end as ModelArts writes them, read every {1} s while they come and up to every {2} s when they do not. Pause with the button above.', count, FOLLOW_FIRST_DELAY_MS / 1000, FOLLOW_MAX_DELAY_MS / 1000)}`;
    case 'paused':
      return `# ${t('Paused ({0}): nothing is read. Resume with the button above: it reads on from the last line shown, missing nothing.', count)}`;
    case 'ended': {
      const ended = follower.ended;
      const reason = ended?.reason ? `: ${forLine(ended.reason)}` : '';
      return `# ${t('The run ended ({0}{1}). These are its last lines ({2}); nothing more is read.', forLine(ended?.label ?? t('ended')), reason, count)}`;
    }
    case 'failed':
      return `# ${t('Stopped following: could not read the log ({0}). Run "Follow Log" again to retry.', forLine(follower.error ?? t('unknown error')))}`;
    default:
      return `# ${t('Stopped following.')}`;
  }
}

/** The header line about earlier lines. */
function olderLine(follower: LogFollower): string {
  if (follower.dropped > 0) {
    return `# ${t('The first {0} lines read were dropped to keep this editor light; Show Training Log reads the log again.', follower.dropped.toLocaleString('en-US'))}`;
  }
  switch (follower.older) {
    case 'more':
      return `# ${t('Earlier lines: "Load Older Lines" (the arrow above) reads {0} more.', FOLLOW_PAGE_LINES)}`;
    case 'start':
      return `# ${t('This is the start of the log.')}`;
    default:
      return follower.lines.length === 0 ? '' : `# ${t('Earlier lines are not read here (Open Full Log downloads the whole log).')}`;
  }
}

/**
 * A followed log's text: what it is, what the follower is doing, a blank line, the lines; once it no
 * longer reads (paused, ended, failed), that is said at the end too, where an editor following the end shows it.
 */
export function renderFollowed(what: string, follower: LogFollower): string {
  const header = [`# ${t('Follow Log: {0}', what)}`, phaseLine(follower), olderLine(follower)].filter(line => line !== '');
  const footer = follower.phase === 'waiting' || follower.phase === 'following' || follower.lines.length === 0 ? [] : ['', phaseLine(follower)];
  return [...header, '', ...follower.lines, ...footer].join('\n') + '\n';
}
