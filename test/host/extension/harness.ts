/**
 * Builds the extension's real object graph, with the composition root `activate()` uses
 * (src/composition.ts), for tests in the extension host: a real client against an emulator started
 * here, the real settings (reset after), and fakes only at the edges: SecretStorage and global state
 * in memory, the log channel recorded, and the context key recorded instead of set.
 */
import * as assert from 'node:assert/strict';
import { isDeepStrictEqual } from 'node:util';
import type * as sinon from 'sinon';
import * as vscode from 'vscode';
import type { LiveClock } from '../../../src/actions/liveStatus';
import { createExtension, type Extension } from '../../../src/composition';
import { FIRST_CONNECTION_ID } from '../../../src/model/connectionProfiles';
import { SETTINGS, SETTINGS_SECTION } from '../../../src/constants';
import { GroupNode, JobNode, LoadMoreNode, type TreeNode, type VersionNode } from '../../../src/tree/nodes';
import type { LogSink } from '../../../src/util/logger';
import { startEmulator, type Emulator, type EmulatorOptions } from '../../fixtures/emulator';
import { settingsVisible } from '../settingsVisible';

/** An in-memory `vscode.SecretStorage`, firing `onDidChange` like the real one. */
export class InMemorySecretStorage implements vscode.SecretStorage {
  readonly values = new Map<string, string>();
  private readonly changed = new vscode.EventEmitter<vscode.SecretStorageChangeEvent>();
  readonly onDidChange = this.changed.event;

  async get(key: string): Promise<string | undefined> {
    return this.values.get(key);
  }

  async store(key: string, value: string): Promise<void> {
    this.values.set(key, value);
    this.changed.fire({ key });
  }

  async delete(key: string): Promise<void> {
    if (this.values.delete(key)) {
      this.changed.fire({ key });
    }
  }

  async keys(): Promise<string[]> {
    return [...this.values.keys()];
  }
}

/** An in-memory `vscode.Memento` (the extension's `globalState`). */
export class InMemoryMemento implements vscode.Memento {
  readonly values = new Map<string, unknown>();

  keys(): readonly string[] {
    return [...this.values.keys()];
  }

  get<T>(key: string, defaultValue?: T): T | undefined {
    return this.values.has(key) ? this.values.get(key) as T : defaultValue;
  }

  async update(key: string, value: unknown): Promise<void> {
    if (value === undefined) {
      this.values.delete(key);
    } else {
      this.values.set(key, value);
    }
  }
}

/** A log sink that keeps every line (the `Logger` keeps them too; this also sees the level). */
export class RecordingSink implements LogSink {
  readonly lines: string[] = [];
  info(message: string): void { this.lines.push(`info ${message}`); }
  warn(message: string): void { this.lines.push(`warn ${message}`); }
  error(message: string | Error): void { this.lines.push(`error ${String(message)}`); }
  show(): void { /* nothing to reveal in tests */ }
}

/** Every `modelarts.*` setting back to its default (user settings), and seen so by the extension host. */
export async function resetSettings(): Promise<void> {
  const config = vscode.workspace.getConfiguration(SETTINGS_SECTION);
  for (const key of Object.values(SETTINGS)) {
    if (config.inspect(key)?.globalValue !== undefined) {
      await config.update(key, undefined, vscode.ConfigurationTarget.Global);
    }
  }
  await settingsVisible(Object.fromEntries(Object.values(SETTINGS).map(key => [key, undefined])));
}

export interface HarnessOptions {
  readonly emulator?: EmulatorOptions;
  readonly pageSize?: number;
  /** Store the emulator's AK/SK (default true). */
  readonly signedIn?: boolean;
  readonly pollDelaysMs?: readonly number[];
  /** `modelarts.deleteGraceSeconds` (default 0 here: no countdown before multi-item deletions). */
  readonly graceSeconds?: number;
  /** The clock of live status (a fake one drives its back-off). */
  readonly liveClock?: LiveClock;
}

/**
 * The graph's own objects (the first connection's, and what every connection shares), as
 * `createExtension` returns them; the live status starts hidden here (a test shows the view).
 */
type GraphParts = Pick<Extension, 'logger' | 'store' | 'settings' | 'connection' | 'deletions' | 'stops' | 'actions' | 'tree' | 'logs' | 'reports'
  | 'v2docs' | 'live' | 'follows' | 'handlers' | 'contextKey' | 'connections' | 'view' | 'commands'>;

export interface Harness extends GraphParts {
  readonly emulator: Emulator;
  readonly secrets: InMemorySecretStorage;
  readonly sink: RecordingSink;
  /** The last value each context key was set to (recorded instead of set). */
  readonly contexts: Map<string, unknown>;
  /** The log documents' clock: a test sets `now` to make the "read at" line predictable; unset, the real time. */
  readonly clock: { now?: number };
  readonly globalState: InMemoryMemento;
  /** Every `onDidChangeTreeData` event, in order (`undefined` = the root). */
  readonly changes: (TreeNode | undefined)[];
  /** Sets the tree view's selection (what the Delete key acts on). */
  select(...nodes: TreeNode[]): void;
  /** Requests the emulator received for a route. */
  requests(route: string, method?: string): Emulator['requests'];
  dispose(): Promise<void>;
}

/** The id of this extension (publisher.name of package.json). */
const EXTENSION_ID = 'modelarts-tools.modelarts-training-jobs';

/** Starts an emulator and builds the graph against it, signed in with its AK/SK unless told otherwise. */
export async function startHarness(options: HarnessOptions = {}): Promise<Harness> {
  // The running extension registers content providers for the same schemes as the harness. VS Code
  // asks the newest provider first, so the extension must be active before the harness registers its
  // own: otherwise an activation during the test would put the extension's providers in front.
  await vscode.extensions.getExtension(EXTENSION_ID)?.activate();
  // Old-version tests see the old-version tree as it was (flat); v2 tests opt in with `emulator: { v2: true }`.
  const emulator = await startEmulator({ v2: false, ...options.emulator });
  const secrets = new InMemorySecretStorage();
  const sink = new RecordingSink();
  const globalState = new InMemoryMemento();
  const clock: { now?: number } = {};
  const contexts = new Map<string, unknown>();
  const ext = createExtension({
    secrets, globalState, logSink: sink, env: {}, startUp: false,
    setContext: async (key, value) => contexts.set(key, value),
    pollDelaysMs: options.pollDelaysMs ?? [10, 20, 40, 80, 160, 320],
    now: () => clock.now ?? Date.now(),
    liveClock: options.liveClock,
  });
  const { logger, store, settings, connection, deletions, stops, actions, tree, logs, reports, v2docs, handlers, contextKey, live, follows } = ext;
  await settings.writeConnection({ cloud: 'custom', region: emulator.region, endpoint: emulator.url, iamEndpoint: emulator.url, projectId: '' });
  // No grace period before a multi-item deletion unless a test asks for one (it has its own tests).
  await vscode.workspace.getConfiguration(SETTINGS_SECTION).update(SETTINGS.deleteGraceSeconds, options.graceSeconds ?? 0, vscode.ConfigurationTarget.Global);
  if (options.pageSize !== undefined) {
    await vscode.workspace.getConfiguration(SETTINGS_SECTION).update(SETTINGS.pageSize, options.pageSize, vscode.ConfigurationTarget.Global);
  }
  await settingsVisible({
    [SETTINGS.connections]: [{ id: FIRST_CONNECTION_ID, cloud: 'custom', region: emulator.region, endpoint: emulator.url, iamEndpoint: emulator.url }],
    [SETTINGS.pageSize]: options.pageSize, [SETTINGS.deleteGraceSeconds]: options.graceSeconds ?? 0,
  });
  if (options.signedIn !== false) {
    await store.set({ kind: 'aksk', accessKey: emulator.credentials.accessKey, secretKey: emulator.credentials.secretKey });
  }
  // What the set-up wrote is where the tests start from: every change it caused is announced (and the
  // tree reset) now, not in the middle of the test.
  await connection.whenSettled();
  await connection.current();
  // Registered after the running extension's own providers, so these answer first.
  const registration = vscode.Disposable.from(
    ...ext.routedDocuments.map(([scheme, provider]) => vscode.workspace.registerTextDocumentContentProvider(scheme, provider)),
  );
  // The tree view's selection, as the Delete key reads it: set by the test.
  const selected: TreeNode[] = [];
  ext.useSelection(() => selected);
  const changes: (TreeNode | undefined)[] = [];
  const listener = tree.onDidChangeTreeData(node => changes.push(node));
  return {
    emulator, secrets, sink, logger, store, settings, connection, deletions, stops, actions, tree, reports, v2docs, logs, clock, handlers, changes, globalState, contextKey, live,
    follows, contexts, connections: ext.connections, view: ext.view, commands: ext.commands,
    select: (...nodes) => {
      selected.splice(0, selected.length, ...nodes);
    },
    requests: (route, method) => emulator.requests.filter(r => r.route === route && (!method || r.method === method)),
    dispose: async () => {
      await deletions.whenIdle();
      await stops.whenIdle();
      listener.dispose();
      vscode.Disposable.from(...ext.disposables, registration).dispose();
      await resetSettings();
      await emulator.close();
    },
  };
}

/** Waits until `condition` holds (checked every 10 ms); fails with `what` if the test's own timeout passes first. */
export async function until(condition: () => boolean, what = 'the condition'): Promise<void> {
  for (let i = 0; i < 2500 && !condition(); i++) {
    await new Promise(resolve => setTimeout(resolve, 10));
  }
  assert.ok(condition(), `timed out waiting for ${what}`);
}

/**
 * A stand-in for the `vscode.QuickPick` that `createQuickPick()` returns (a prompt, faked at the
 * edge): records what the command sets, and lets the test type, pick and cancel.
 */
export class FakeQuickPick<T extends vscode.QuickPickItem> {
  title?: string;
  placeholder?: string;
  matchOnDescription = false;
  matchOnDetail = false;
  ignoreFocusOut = false;
  busy = false;
  value = '';
  selectedItems: readonly T[] = [];
  activeItems: readonly T[] = [];
  shown = false;
  disposed = false;
  /** Every list of items the command set, in order. */
  readonly itemHistory: (readonly T[])[] = [];
  private current: readonly T[] = [];
  private hidden = false;
  private readonly valueChanged = new vscode.EventEmitter<string>();
  private readonly accepted = new vscode.EventEmitter<void>();
  private readonly hiddenEvent = new vscode.EventEmitter<void>();
  readonly onDidChangeValue = this.valueChanged.event;
  readonly onDidAccept = this.accepted.event;
  readonly onDidHide = this.hiddenEvent.event;

  get items(): readonly T[] {
    return this.current;
  }

  set items(items: readonly T[]) {
    this.current = items;
    this.itemHistory.push(items);
  }

  show(): void {
    this.shown = true;
  }

  hide(): void {
    if (!this.hidden) {
      this.hidden = true;
      this.hiddenEvent.fire();
    }
  }

  dispose(): void {
    this.disposed = true;
    this.hide();
  }

  /** The user types `value` (replacing the box's text). */
  type(value: string): void {
    this.value = value;
    this.valueChanged.fire(value);
  }

  /** The user picks the first item for which `match` holds, and presses Enter. */
  pick(match: (item: T) => boolean): void {
    const item = this.current.find(match);
    assert.ok(item, 'the item to pick is listed');
    this.selectedItems = [item];
    this.accepted.fire();
  }
}

/** The node of job `jobId`, loading further pages of jobs ("Load more…") until it is listed. */
export async function jobNode(h: Harness, jobId: string): Promise<JobNode> {
  for (;;) {
    // Old-version jobs sit under their own root when the emulator serves both kinds.
    const top = await h.tree.getChildren();
    const group = top.find((n): n is GroupNode => n instanceof GroupNode && n.scope === 'v1');
    const children = group ? await h.tree.getChildren(group) : top;
    const job = children.find((n): n is JobNode => n instanceof JobNode && n.job.jobId === jobId);
    if (job) {
      return job;
    }
    const more = children.at(-1);
    assert.ok(more instanceof LoadMoreNode, `job ${jobId} is listed`);
    await h.tree.loadMore(more);
  }
}

/** The node of version `versionId` of job `jobId` (the job's first page of versions). */
export async function versionNode(h: Harness, jobId: string, versionId: string): Promise<VersionNode> {
  const node = (await h.tree.versions(jobId)).find(v => v.version.versionId === versionId);
  assert.ok(node, `version ${versionId} of job ${jobId} is in the tree`);
  return node;
}

/** Every DELETE the emulator received, in order. */
export const deletes = (h: Harness): Emulator['requests'] => h.emulator.requests.filter(r => r.method === 'DELETE');

/** A sinon stub of `vscode.window.showWarningMessage`, typed so that `resolves` takes a button. */
export type WarningStub = sinon.SinonStub<Parameters<typeof vscode.window.showWarningMessage>, ReturnType<typeof vscode.window.showWarningMessage>>;

/** The message prompts, stubbed in `sandbox`: warnings left for the test to answer, information and errors answered with nothing. */
export function stubMessages(sandbox: sinon.SinonSandbox): { warning: WarningStub; info: sinon.SinonStub; error: sinon.SinonStub } {
  return {
    warning: sandbox.stub(vscode.window, 'showWarningMessage') as unknown as WarningStub,
    info: sandbox.stub(vscode.window, 'showInformationMessage').resolves(undefined),
    error: sandbox.stub(vscode.window, 'showErrorMessage').resolves(undefined),
  };
}

/** The message, options and buttons of a showWarningMessage call. */
export function dialog(stub: WarningStub, call = 0): { message: string; modal: boolean; detail: string; buttons: unknown[] } {
  const [message, options, ...buttons] = stub.getCall(call).args as unknown as [string, vscode.MessageOptions, ...unknown[]];
  return { message, modal: options?.modal === true, detail: options?.detail ?? '', buttons };
}

/**
 * Compares stored credentials without printing them: a failing `assert.deepEqual` would write the
 * secret values into the test log.
 */
export function assertSameSecret(actual: unknown, expected: unknown, what = 'the stored credentials'): void {
  assert.ok(isDeepStrictEqual(actual, expected), `${what} differ from what was expected (values not printed)`);
}

/** Asserts that nothing is stored, without printing what is. */
export function assertNothingStored(actual: unknown, what = 'the secret storage'): void {
  assert.ok(actual === undefined, `${what} still holds a value (not printed)`);
}

/**
 * A stand-in for the typed confirmation's input box (a prompt, faked at the edge): types exactly what
 * the box asks for (its placeholder) after checking that the box refuses an empty answer, or answers
 * with `answer` when given (undefined = Escape). The stub records every box shown.
 */
export function stubTypedConfirmation(sandbox: sinon.SinonSandbox, answer?: string | null): sinon.SinonStub {
  return sandbox.stub(vscode.window, 'showInputBox').callsFake(async (options?: vscode.InputBoxOptions) => {
    const validate = options?.validateInput;
    assert.ok(validate, 'the typed confirmation validates what is typed');
    assert.ok(await validate(''), 'Enter on an empty box must not confirm');
    if (answer === null) {
      return undefined;
    }
    const typed = answer ?? options?.placeHolder ?? '';
    return await validate(typed) ? undefined : typed;
  });
}

/**
 * Progress notifications run for real, except the one whose title matches `title`: its Cancel is
 * pressed after `afterMs` (the user, faked at the edge). Every title shown is recorded in the result.
 */
export function cancelProgress(sandbox: sinon.SinonSandbox, title: RegExp | undefined, afterMs: number): string[] {
  const titles: string[] = [];
  const real = vscode.window.withProgress.bind(vscode.window);
  sandbox.stub(vscode.window, 'withProgress').callsFake(((options: vscode.ProgressOptions, task: (...args: unknown[]) => Promise<unknown>) => {
    titles.push(options.title ?? '');
    if (!title?.test(options.title ?? '')) {
      return real(options, task as never);
    }
    const cancel = new vscode.CancellationTokenSource();
    setTimeout(() => cancel.cancel(), afterMs);
    return task({ report: () => undefined }, cancel.token);
  }) as never);
  return titles;
}
