/**
 * One document provider per URI scheme for every connection: a document is served by the connection
 * it was read with (its URI names that connection's session ID), so a log of one project is never
 * read again with another's client. A document of no current connection gets the first connection's
 * "this connection is gone" text.
 */
import * as vscode from 'vscode';
import { documentConnection } from '../ui/documents';
import type { Connections } from './connections';

type Provider = vscode.TextDocumentContentProvider;

/** The providers to register, one per scheme of the first connection's documents (each disposed with the extension). */
export function routedDocuments(connections: Connections): readonly (readonly [string, Provider & vscode.Disposable])[] {
  return connections.deps.first.documents.map(([scheme]) => [scheme, new RoutedProvider(connections, scheme)] as const);
}

class RoutedProvider implements Provider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  private subscriptions: vscode.Disposable[] = [];
  private readonly following: vscode.Disposable;

  /** Fires when any connection's provider of this scheme says a document changed. */
  readonly onDidChange = this.changed.event;

  constructor(private readonly connections: Connections, private readonly scheme: string) {
    this.subscribe();
    this.following = connections.onDidChange(() => this.subscribe());
  }

  dispose(): void {
    this.following.dispose();
    vscode.Disposable.from(...this.subscriptions, this.changed).dispose();
    this.subscriptions = [];
  }

  /** Listens to the providers of the connections there are now (a shared provider once). */
  private subscribe(): void {
    vscode.Disposable.from(...this.subscriptions).dispose();
    const providers = new Set(this.connections.all().map(graph => this.providerOf(graph.documents)));
    this.subscriptions = [...providers].flatMap(provider => provider?.onDidChange?.(uri => this.changed.fire(uri)) ?? []);
  }

  async provideTextDocumentContent(uri: vscode.Uri, token: vscode.CancellationToken): Promise<string | undefined> {
    const wanted = documentConnection(uri);
    for (const graph of this.connections.all()) {
      const connection = await graph.connection.current().catch(() => undefined);
      if (wanted !== undefined && connection?.id === wanted) {
        return (await this.providerOf(graph.documents)?.provideTextDocumentContent(uri, token)) ?? undefined;
      }
    }
    return (await this.providerOf(this.connections.deps.first.documents)?.provideTextDocumentContent(uri, token)) ?? undefined;
  }

  private providerOf(documents: readonly (readonly [string, Provider])[]): Provider | undefined {
    return documents.find(([scheme]) => scheme === this.scheme)?.[1];
  }
}
