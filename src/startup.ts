/** What happens once at activation after the graph is wired, and how a connection change reaches the UI. */
import * as vscode from 'vscode';
import { CONTEXT_KEYS } from './constants';
import { autoConnectEmulator, type EmulatorDeps } from './commands/connectEmulator';
import type { Logger } from './util/logger';

/**
 * The `modelarts.configured` context key (it drives the welcome view). Keeps the value it last set,
 * which the test API reports.
 */
export class ConfiguredContextKey {
  private current?: boolean;

  constructor(
    private readonly isConfigured: () => Promise<boolean>,
    private readonly logger: Logger,
    private readonly setContext: (key: string, value: boolean) => Thenable<unknown> =
    (key, value) => vscode.commands.executeCommand('setContext', key, value),
  ) {}

  /** The value last set; undefined before the first update. */
  get value(): boolean | undefined {
    return this.current;
  }

  /** Sets the key from the credential store; never rejects (a failure is logged). */
  async update(): Promise<void> {
    try {
      const configured = await this.isConfigured();
      await this.setContext(CONTEXT_KEYS.configured, configured);
      this.current = configured;
    } catch (error) {
      this.logger.error(`Setting the ${CONTEXT_KEYS.configured} context key failed`, error);
    }
  }
}

/** What start-up needs. */
export interface StartupDeps extends EmulatorDeps {
  readonly connection: { current(): Promise<unknown> };
  readonly contextKey: ConfiguredContextKey;
}

/**
 * Start-up, step by step, each step's failure logged and never passed on (so the tree, which waits
 * for this, always loads): the context key from the store at once (the welcome view or the tree
 * shows without waiting for the network); the optional auto-connect to `MODELARTS_EMULATOR_URL`;
 * the client built once, so the first load's own settings writes are not taken for a change; the
 * context key again.
 */
export async function startUp(deps: StartupDeps): Promise<void> {
  await deps.contextKey.update();
  await autoConnectEmulator(deps);
  try {
    await deps.connection.current();
  } catch (error) {
    // Unusable settings: the tree shows this as an error node with Configure Credentials.
    deps.logger.error('Building the ModelArts client at start-up failed', error);
  }
  await deps.contextKey.update();
}

/**
 * Wires a change of the credentials (in this window or another: `secrets.onDidChange`), a sign-out,
 * or a change of the connection settings to the UI: the tree forgets everything it loaded, the
 * documents read with the previous connection are evicted, and the context key follows. (The previous
 * client was closed already, which aborted its reads and deletion polls.)
 */
export function wireConnectionChanges(
  connection: { readonly onDidChange: vscode.Event<void> },
  tree: { reset(): void },
  contextKey: ConfiguredContextKey,
  documents: readonly { clear(): void }[] = [],
): vscode.Disposable {
  return connection.onDidChange(() => {
    void contextKey.update();
    tree.reset();
    documents.forEach(d => d.clear());
  });
}
