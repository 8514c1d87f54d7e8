/**
 * Read-only documents the commands open (training logs, version details): served from what the
 * command just read, each bound to the connection it was read with. After a sign-out or a change of
 * connection the cache is emptied and open documents are told to reload, so nothing read with the
 * previous credentials stays on screen, and a reload never reads the same IDs from another project.
 */
import * as vscode from 'vscode';
import type { Connection } from '../model/connection';

/** The query parameter of a document URI that names the connection it belongs to. */
const CONNECTION_PARAM = 'connection';

/** What a provider needs: the current connection, undefined when signed out. */
export interface DocumentDeps {
  readonly current: () => Promise<Connection | undefined>;
}

/** The connection a document URI belongs to (its session-unique `id`), or undefined. */
export function documentConnection(uri: vscode.Uri): string | undefined {
  return new URLSearchParams(uri.query).get(CONNECTION_PARAM) ?? undefined;
}

/** `params` for a document URI's query, with the connection the content was read with. */
export function documentQuery(connection: Pick<Connection, 'id'>, params: Record<string, string>): string {
  return new URLSearchParams({ ...params, [CONNECTION_PARAM]: connection.id }).toString();
}

/**
 * Serves documents of one URI scheme: content set by a command is kept per URI; a document opened
 * again later (after a window reload) is read on demand with the connection it belongs to, if that is
 * still the current one.
 */
export abstract class CachedDocumentProvider implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly contents = new Map<string, string>();
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;

  constructor(protected readonly deps: DocumentDeps) {}

  /** Sets (or replaces) a document's content; an open document shows it at once. */
  set(uri: vscode.Uri, content: string): void {
    this.contents.set(uri.toString(), content);
    this.changed.fire(uri);
  }

  /** Forgets every document's content, and tells open ones to read again (after a connection change). */
  clear(): void {
    const uris = [...this.contents.keys()];
    this.contents.clear();
    for (const uri of uris) {
      this.changed.fire(vscode.Uri.parse(uri));
    }
  }

  async provideTextDocumentContent(uri: vscode.Uri, token: vscode.CancellationToken): Promise<string> {
    const cached = this.contents.get(uri.toString());
    if (cached !== undefined) {
      return cached;
    }
    const connection = await this.deps.current().catch(() => undefined);
    if (!connection || connection.id !== documentConnection(uri)) {
      return this.stale(uri);
    }
    const abort = new AbortController();
    const cancel = token.onCancellationRequested(() => abort.abort());
    try {
      return await this.load(uri, connection, abort.signal);
    } finally {
      cancel.dispose();
    }
  }

  dispose(): void {
    this.changed.dispose();
  }

  /** Reads a document's content with `connection` (the one it belongs to); never rejects. */
  protected abstract load(uri: vscode.Uri, connection: Connection, signal: AbortSignal): Promise<string>;

  /** The content of a document whose connection is gone (signed out, another connection, a reload). */
  protected abstract stale(uri: vscode.Uri): string;
}

/**
 * Opens a Markdown document rendered (VS Code's Markdown preview, beside nothing: in the active
 * group); where the preview is not available, as read-only Markdown text instead.
 */
export async function openRendered(uri: vscode.Uri): Promise<void> {
  try {
    await vscode.commands.executeCommand('markdown.showPreview', uri);
  } catch {
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri), { preview: false });
  }
}
