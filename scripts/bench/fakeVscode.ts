/**
 * The smallest honest stand-in for the `vscode` module outside an extension host: real behaviour where
 * the extension depends on it (events, configuration with the package.json defaults, an in-memory
 * SecretStorage, command and tree registration), and a recording catch-all for anything else, so the
 * benchmark can say which members activation touched that the stand-in does not implement.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import Module from 'node:module';

type Listener<T> = (e: T) => unknown;
interface Disposable { dispose(): unknown }

class Emitter<T> {
  private listeners = new Set<Listener<T>>();
  readonly event = (listener: Listener<T>, thisArg?: unknown, disposables?: Disposable[]): Disposable => {
    const bound: Listener<T> = thisArg === undefined ? listener : listener.bind(thisArg);
    this.listeners.add(bound);
    const d = { dispose: () => this.listeners.delete(bound) };
    disposables?.push(d);
    return d;
  };
  fire(e: T): void {
    for (const l of [...this.listeners]) {
      l(e);
    }
  }
  dispose(): void {
    this.listeners.clear();
  }
}

class FakeDisposable {
  constructor(private readonly onDispose: () => unknown = () => undefined) {}
  static from(...items: Disposable[]): FakeDisposable {
    return new FakeDisposable(() => items.forEach(i => i.dispose()));
  }
  dispose(): void {
    this.onDispose();
  }
}

class FakeUri {
  private constructor(
    readonly scheme: string,
    readonly authority: string,
    readonly path: string,
    readonly query: string,
    readonly fragment: string,
  ) {}
  static file(p: string): FakeUri {
    return new FakeUri('file', '', p, '', '');
  }
  static parse(value: string): FakeUri {
    const u = new URL(value);
    return new FakeUri(u.protocol.replace(/:$/, ''), u.host, decodeURIComponent(u.pathname), u.search.replace(/^\?/, ''), u.hash.replace(/^#/, ''));
  }
  static from(c: { scheme: string; authority?: string; path?: string; query?: string; fragment?: string }): FakeUri {
    return new FakeUri(c.scheme, c.authority ?? '', c.path ?? '', c.query ?? '', c.fragment ?? '');
  }
  static joinPath(base: FakeUri, ...segments: string[]): FakeUri {
    return base.with({ path: path.posix.join(base.path, ...segments) });
  }
  get fsPath(): string {
    return this.path;
  }
  with(change: { scheme?: string; authority?: string; path?: string; query?: string; fragment?: string }): FakeUri {
    return new FakeUri(
      change.scheme ?? this.scheme, change.authority ?? this.authority, change.path ?? this.path,
      change.query ?? this.query, change.fragment ?? this.fragment,
    );
  }
  toString(): string {
    return `${this.scheme}://${this.authority}${this.path}${this.query ? `?${this.query}` : ''}${this.fragment ? `#${this.fragment}` : ''}`;
  }
  toJSON(): string {
    return this.toString();
  }
}

class FakeThemeColor {
  constructor(readonly id: string) {}
}

class FakeThemeIcon {
  static readonly File = new FakeThemeIcon('file');
  static readonly Folder = new FakeThemeIcon('folder');
  constructor(readonly id: string, readonly color?: FakeThemeColor) {}
}

class FakeMarkdownString {
  isTrusted?: boolean;
  supportThemeIcons?: boolean;
  supportHtml?: boolean;
  constructor(public value = '', supportThemeIcons = false) {
    this.supportThemeIcons = supportThemeIcons;
  }
  appendText(text: string): this {
    this.value += text.replace(/[\\`*_{}[\]()#+\-.!|<>]/g, '\\$&');
    return this;
  }
  appendMarkdown(text: string): this {
    this.value += text;
    return this;
  }
  appendCodeblock(code: string, language = ''): this {
    this.value += `\n\`\`\`${language}\n${code}\n\`\`\`\n`;
    return this;
  }
}

class FakeTreeItem {
  id?: string;
  description?: string | boolean;
  tooltip?: unknown;
  iconPath?: unknown;
  contextValue?: string;
  command?: unknown;
  resourceUri?: FakeUri;
  label?: unknown;
  collapsibleState?: number;
  constructor(labelOrUri: unknown, collapsibleState = 0) {
    if (labelOrUri instanceof FakeUri) {
      this.resourceUri = labelOrUri;
    } else {
      this.label = labelOrUri;
    }
    this.collapsibleState = collapsibleState;
  }
}

class FakeCancellationTokenSource {
  private readonly emitter = new Emitter<void>();
  readonly token = { isCancellationRequested: false, onCancellationRequested: this.emitter.event };
  cancel(): void {
    this.token.isCancellationRequested = true;
    this.emitter.fire();
  }
  dispose(): void {
    this.emitter.dispose();
  }
}

/** What the extension's activation and tree did with the stand-in. */
export interface FakeVscode {
  /** The module object `require('vscode')` returns. */
  readonly api: Record<string, unknown>;
  /** An `ExtensionContext` for `activate()`. */
  readonly context: Record<string, unknown> & { subscriptions: Disposable[] };
  /** Every call into the stand-in's namespaces, e.g. `window.createTreeView(modelarts.trainingJobs)`. */
  readonly calls: string[];
  /** Members read that the stand-in does not implement (answered by a recording catch-all). */
  readonly missing: Set<string>;
  readonly commands: Map<string, (...args: unknown[]) => unknown>;
  readonly treeDataProviders: Map<string, unknown>;
  /** `setContext` keys and values. */
  readonly contextKeys: Map<string, unknown>;
  /** Lines written to output channels, by level. */
  readonly logLines: { level: string; text: string }[];
}

export interface FakeVscodeOptions {
  /** The extension folder: its package.json gives the configuration defaults and `extension.packageJSON`. */
  readonly extensionPath: string;
  /** Settings by full key, e.g. `modelarts.endpoint`; package.json defaults fill the rest. */
  readonly settings?: Record<string, unknown>;
  /** The initial SecretStorage content. */
  readonly secrets?: Record<string, string>;
  /** `ExtensionMode`: 1 Production (default), 2 Development, 3 Test. */
  readonly extensionMode?: number;
}

/** A catch-all for members the stand-in lacks: callable, constructible, never thenable. */
function catchAll(name: string, missing: Set<string>): unknown {
  missing.add(name);
  const target = function () { /* catch-all */ };
  return new Proxy(target, {
    get: (_t, prop) => {
      if (prop === 'then') {
        return undefined;
      }
      if (prop === Symbol.toPrimitive) {
        return () => name;
      }
      if (prop === 'dispose') {
        return () => undefined;
      }
      return catchAll(`${name}.${String(prop)}`, missing);
    },
    apply: () => catchAll(`${name}()`, missing),
    construct: () => catchAll(`new ${name}`, missing) as object,
  });
}

/** Wraps a namespace so calls are recorded and unknown members are reported, not thrown. */
function namespace(name: string, members: Record<string, unknown>, calls: string[], missing: Set<string>): Record<string, unknown> {
  return new Proxy(members, {
    get: (target, prop) => {
      if (typeof prop === 'symbol') {
        return Reflect.get(target, prop);
      }
      if (!(prop in target)) {
        return catchAll(`${name}.${prop}`, missing);
      }
      const value = target[prop];
      if (typeof value !== 'function' || /^[A-Z]/.test(prop)) {
        return value;
      }
      return (...args: unknown[]) => {
        calls.push(`${name}.${prop}(${typeof args[0] === 'string' ? args[0] : ''})`);
        return (value as (...a: unknown[]) => unknown)(...args);
      };
    },
  });
}

function configurationDefaults(extensionPath: string): { defaults: Record<string, unknown>; manifest: Record<string, unknown> } {
  const manifest = JSON.parse(fs.readFileSync(path.join(extensionPath, 'package.json'), 'utf8')) as Record<string, unknown>;
  const defaults: Record<string, unknown> = {};
  const contributes = manifest.contributes as { configuration?: unknown } | undefined;
  const sections = Array.isArray(contributes?.configuration) ? contributes.configuration : contributes?.configuration ? [contributes.configuration] : [];
  for (const section of sections as { properties?: Record<string, { default?: unknown }> }[]) {
    for (const [key, schema] of Object.entries(section.properties ?? {})) {
      if ('default' in schema) {
        defaults[key] = schema.default;
      }
    }
  }
  return { defaults, manifest };
}

/** Builds a fresh stand-in (its own settings, secrets and records). */
export function createFakeVscode(options: FakeVscodeOptions): FakeVscode {
  const calls: string[] = [];
  const missing = new Set<string>();
  const commands = new Map<string, (...args: unknown[]) => unknown>();
  const treeDataProviders = new Map<string, unknown>();
  const contextKeys = new Map<string, unknown>();
  const logLines: { level: string; text: string }[] = [];
  const { defaults, manifest } = configurationDefaults(options.extensionPath);
  const settings = new Map<string, unknown>(Object.entries({ ...defaults, ...options.settings }));
  const configurationChanged = new Emitter<{ affectsConfiguration(section: string): boolean }>();

  const secretStore = new Map<string, string>(Object.entries(options.secrets ?? {}));
  const secretsChanged = new Emitter<{ key: string }>();
  const secrets = {
    get: async (key: string) => secretStore.get(key),
    store: async (key: string, value: string) => {
      secretStore.set(key, value);
      secretsChanged.fire({ key });
    },
    delete: async (key: string) => {
      if (secretStore.delete(key)) {
        secretsChanged.fire({ key });
      }
    },
    keys: async () => [...secretStore.keys()],
    onDidChange: secretsChanged.event,
  };

  const memento = () => {
    const values = new Map<string, unknown>();
    return {
      get: <T>(key: string, fallback?: T) => (values.has(key) ? values.get(key) : fallback),
      update: async (key: string, value: unknown) => {
        values.set(key, value);
      },
      keys: () => [...values.keys()],
      setKeysForSync: () => undefined,
    };
  };

  const outputChannel = (name: string) => {
    const levelChanged = new Emitter<number>();
    const write = (level: string) => (text: unknown) => {
      logLines.push({ level, text: String(text) });
    };
    return {
      name,
      logLevel: 2,
      onDidChangeLogLevel: levelChanged.event,
      trace: write('trace'),
      debug: write('debug'),
      info: write('info'),
      warn: write('warn'),
      error: write('error'),
      append: write('append'),
      appendLine: write('append'),
      replace: write('append'),
      clear: () => undefined,
      show: () => undefined,
      hide: () => undefined,
      dispose: () => levelChanged.dispose(),
    };
  };

  const treeView = (id: string, viewOptions: { treeDataProvider?: unknown }) => {
    treeDataProviders.set(id, viewOptions?.treeDataProvider);
    const e = () => new Emitter<unknown>().event;
    return {
      visible: false,
      selection: [],
      message: undefined,
      title: undefined,
      description: undefined,
      badge: undefined,
      onDidChangeVisibility: e(),
      onDidChangeSelection: e(),
      onDidExpandElement: e(),
      onDidCollapseElement: e(),
      onDidChangeCheckboxState: e(),
      reveal: async () => undefined,
      dispose: () => undefined,
    };
  };

  const disposable = () => new FakeDisposable();
  const window = namespace('window', {
    createTreeView: treeView,
    registerTreeDataProvider: (id: string, provider: unknown) => {
      treeDataProviders.set(id, provider);
      return disposable();
    },
    createOutputChannel: outputChannel,
    showInformationMessage: async () => undefined,
    showWarningMessage: async () => undefined,
    showErrorMessage: async () => undefined,
    showQuickPick: async () => undefined,
    showInputBox: async () => undefined,
    withProgress: async (_o: unknown, task: (p: unknown, t: unknown) => unknown) =>
      task({ report: () => undefined }, new FakeCancellationTokenSource().token),
    registerFileDecorationProvider: disposable,
    registerUriHandler: disposable,
    registerWebviewViewProvider: disposable,
    createStatusBarItem: () => ({ show: () => undefined, hide: () => undefined, dispose: () => undefined }),
    onDidChangeWindowState: new Emitter<unknown>().event,
    onDidChangeActiveTextEditor: new Emitter<unknown>().event,
    state: { focused: true },
    activeTextEditor: undefined,
  }, calls, missing);

  const commandsNs = namespace('commands', {
    registerCommand: (id: string, handler: (...args: unknown[]) => unknown) => {
      commands.set(id, handler);
      return new FakeDisposable(() => commands.delete(id));
    },
    executeCommand: async (id: string, ...args: unknown[]) => {
      if (id === 'setContext') {
        contextKeys.set(String(args[0]), args[1]);
        return undefined;
      }
      return commands.get(id)?.(...args);
    },
    getCommands: async () => [...commands.keys()],
  }, calls, missing);

  const workspace = namespace('workspace', {
    getConfiguration: (section?: string) => {
      const full = (key: string) => (section ? `${section}.${key}` : key);
      return {
        get: <T>(key: string, fallback?: T) => (settings.has(full(key)) ? settings.get(full(key)) : fallback),
        has: (key: string) => settings.has(full(key)),
        inspect: (key: string) => ({ key: full(key), defaultValue: defaults[full(key)], globalValue: options.settings?.[full(key)] }),
        update: async (key: string, value: unknown) => {
          settings.set(full(key), value);
          configurationChanged.fire({ affectsConfiguration: s => full(key).startsWith(s) });
        },
      };
    },
    onDidChangeConfiguration: configurationChanged.event,
    registerTextDocumentContentProvider: disposable,
    registerFileSystemProvider: disposable,
    openTextDocument: async (uri: unknown) => ({ uri, getText: () => '' }),
    onDidChangeWorkspaceFolders: new Emitter<unknown>().event,
    workspaceFolders: undefined,
    isTrusted: true,
  }, calls, missing);

  const env = namespace('env', {
    clipboard: { writeText: async () => undefined, readText: async () => '' },
    openExternal: async () => true,
    asExternalUri: async (uri: unknown) => uri,
    appName: 'Visual Studio Code',
    uiKind: 1,
    language: 'en',
    machineId: 'bench',
    sessionId: 'bench',
    logLevel: 2,
  }, calls, missing);

  const l10n = namespace('l10n', {
    t: (message: string | { message: string }, ...args: unknown[]) => {
      const text = typeof message === 'string' ? message : message.message;
      return text.replace(/\{(\d+)\}/g, (_m, i: string) => String(args[Number(i)]));
    },
  }, calls, missing);

  const members: Record<string, unknown> = {
    version: '1.100.0',
    window,
    commands: commandsNs,
    workspace,
    env,
    l10n,
    EventEmitter: Emitter,
    Disposable: FakeDisposable,
    Uri: FakeUri,
    TreeItem: FakeTreeItem,
    ThemeIcon: FakeThemeIcon,
    ThemeColor: FakeThemeColor,
    MarkdownString: FakeMarkdownString,
    CancellationTokenSource: FakeCancellationTokenSource,
    TreeItemCollapsibleState: { None: 0, Collapsed: 1, Expanded: 2 },
    ExtensionMode: { Production: 1, Development: 2, Test: 3 },
    ProgressLocation: { SourceControl: 1, Window: 10, Notification: 15 },
    ConfigurationTarget: { Global: 1, Workspace: 2, WorkspaceFolder: 3 },
    StatusBarAlignment: { Left: 1, Right: 2 },
    LogLevel: { Off: 0, Trace: 1, Debug: 2, Info: 3, Warning: 4, Error: 5 },
    UIKind: { Desktop: 1, Web: 2 },
    ViewColumn: { Active: -1, Beside: -2, One: 1, Two: 2 },
    QuickPickItemKind: { Separator: -1, Default: 0 },
    TreeItemCheckboxState: { Unchecked: 0, Checked: 1 },
  };
  const api = new Proxy(members, {
    get: (target, prop) => {
      if (typeof prop === 'symbol' || prop in target || prop === 'then' || prop === '__esModule' || prop === 'default') {
        return Reflect.get(target, prop);
      }
      return catchAll(prop, missing);
    },
  });

  const extensionUri = FakeUri.file(options.extensionPath);
  const storage = FakeUri.file(path.join(options.extensionPath, '.bench-storage'));
  const context = {
    subscriptions: [] as Disposable[],
    secrets,
    globalState: memento(),
    workspaceState: memento(),
    extensionUri,
    extensionPath: options.extensionPath,
    extensionMode: options.extensionMode ?? 1,
    asAbsolutePath: (rel: string) => path.join(options.extensionPath, rel),
    storageUri: storage,
    globalStorageUri: storage,
    logUri: storage,
    storagePath: storage.fsPath,
    globalStoragePath: storage.fsPath,
    logPath: storage.fsPath,
    extension: { id: `${manifest.publisher}.${manifest.name}`, packageJSON: manifest, extensionUri, extensionPath: options.extensionPath, isActive: true },
  };
  return { api, context, calls, missing, commands, treeDataProviders, contextKeys, logLines };
}

const FAKE_FILENAME = path.join(__dirname, '__fake_vscode__.js');

/**
 * Makes `require('vscode')` return `api` in this process (through `Module._resolveFilename` and
 * `require.cache`), and returns a function that undoes it.
 */
export function installVscodeModule(api: object): () => void {
  const loader = Module as unknown as {
    _resolveFilename: (request: string, ...rest: unknown[]) => string;
  };
  const realResolve = loader._resolveFilename;
  loader._resolveFilename = function (this: unknown, request: string, ...rest: unknown[]): string {
    return request === 'vscode' ? FAKE_FILENAME : realResolve.call(this, request, ...rest);
  };
  const entry = new Module(FAKE_FILENAME);
  entry.filename = FAKE_FILENAME;
  entry.loaded = true;
  entry.exports = api;
  require.cache[FAKE_FILENAME] = entry;
  return () => {
    loader._resolveFilename = realResolve;
    delete require.cache[FAKE_FILENAME];
  };
}
