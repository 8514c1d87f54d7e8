/**
 * Every connection's graph, side by side, one per entry of `modelarts.connections` (the first one,
 * id `default`, always there even before it is written), each with its own secrets, client, tree, deletions and documents,
 * so one failing or signing out leaves the others as they were. Entries added or removed (here or by
 * editing the setting) get or lose their graph; the view, the commands and the documents are routed
 * to the connection each belongs to.
 */
import * as vscode from 'vscode';
import { SETTINGS, SETTINGS_SECTION } from '../constants';
import type { ConnectionGraph } from './graph';
import { profileProblems, readProfiles } from '../credentials/settingsStore';
import { FIRST_CONNECTION_ID, connectionLabel, emptyProfile, type ConnectionProfile } from '../model/connectionProfiles';
import type { Logger } from '../util/logger';

/** What {@link Connections} needs. */
export interface ConnectionsDeps {
  readonly first: ConnectionGraph;
  /** Builds the graph of a further connection (its entry may not be written yet: Add Connection). */
  create(id: string, name?: string): ConnectionGraph;
  readonly logger: Logger;
  readonly globalState: vscode.Memento;
  /** The view's selection (what the Delete key acts on). */
  readonly selection: () => readonly unknown[];
  /** After connections were added or removed (the context key follows). */
  whenChanged(): void;
}

export class Connections implements vscode.Disposable {
  private readonly graphs = new Map<string, ConnectionGraph>();
  /** Graphs of connections being added: kept while their entry is not written yet. */
  private readonly pending = new Set<string>();
  private readonly changed = new vscode.EventEmitter<void>();
  private readonly attached = new vscode.EventEmitter<{ readonly id: string; readonly graph: ConnectionGraph }>();
  private readonly detached = new vscode.EventEmitter<string>();
  private readonly disposables: vscode.Disposable[] = [this.changed, this.attached, this.detached];
  private problems = '';
  private visible = false;
  private focused = true;

  /** Fires after connections were added, removed or renamed. */
  readonly onDidChange = this.changed.event;
  /** Fires when a connection's graph joins (the first one's included, on {@link start}). */
  readonly onDidAttach = this.attached.event;
  /** Fires when a connection's graph leaves, before it is disposed. */
  readonly onDidDetach = this.detached.event;

  constructor(readonly deps: ConnectionsDeps) {
    this.graphs.set(FIRST_CONNECTION_ID, deps.first);
    this.disposables.push(
      vscode.workspace.onDidChangeConfiguration(e => {
        if (e.affectsConfiguration(`${SETTINGS_SECTION}.${SETTINGS.connections}`)) {
          this.sync();
        }
      }),
      // One filter for every connection: Filter Jobs… sets it on the first, the others follow.
      deps.first.tree.onDidChangeFilter(filter => this.others().forEach(graph => graph.tree.setFilter(filter))),
    );
  }

  /** Announces the first connection and reads `modelarts.connections` (after the view listens). */
  start(): void {
    this.attached.fire({ id: FIRST_CONNECTION_ID, graph: this.deps.first });
    this.sync();
  }

  /** The connection IDs, first one first, then in the order of `modelarts.connections` (none being added). */
  ids(): string[] {
    return [...this.graphs.keys()].filter(id => !this.pending.has(id));
  }

  graph(id: string): ConnectionGraph | undefined {
    return this.graphs.get(id);
  }

  /** Every graph, first one first. */
  all(): ConnectionGraph[] {
    return [...this.graphs.values()];
  }

  /** True when the user has more than one connection: the view shows a root per connection. */
  several(): boolean {
    return this.ids().length > 1;
  }

  /** Where a connection sends requests and what it is called (no secret). */
  profile(id: string): ConnectionProfile {
    return this.graphs.get(id)?.settings.profile()
      ?? emptyProfile(id);
  }

  /** What a connection is called, when there are several (dialogs name it then); else undefined. */
  labelWhenSeveral(id: string): string | undefined {
    return this.several() ? connectionLabel(this.profile(id)) : undefined;
  }

  /** True when any connection has credentials stored. */
  async anyConfigured(): Promise<boolean> {
    const configured = await Promise.all(this.ids().map(id => this.graphs.get(id)?.connection.isConfigured()));
    return configured.includes(true);
  }

  /** The ID of the graph that owns `graph`. */
  idOf(graph: ConnectionGraph): string | undefined {
    return [...this.graphs].find(([, g]) => g === graph)?.[0];
  }

  /** Starts a connection being added: its graph exists (not shown) while Add Connection runs. */
  begin(id: string, name: string): ConnectionGraph {
    this.pending.add(id);
    const graph = this.deps.create(id, name);
    this.attach(id, graph);
    return graph;
  }

  /** Ends adding `id`: kept when its entry was written, else dropped. */
  end(id: string): void {
    this.pending.delete(id);
    this.sync();
  }

  /** The view's visibility and the window's focus, told to every connection's live status. */
  setVisible(visible: boolean): void {
    this.visible = visible;
    this.all().forEach(graph => graph.live.setVisible(visible));
  }

  setFocused(focused: boolean): void {
    this.focused = focused;
    this.all().forEach(graph => graph.live.setFocused(focused));
  }

  /** Adds a graph per new entry of `modelarts.connections`, drops those of removed entries, renames. */
  sync(): void {
    // The first connection's graph stays, its entry written or not (a removed first entry is "not signed in").
    const profiles = readProfiles().filter(p => p.id !== FIRST_CONNECTION_ID);
    const problems = profileProblems().join('; ');
    if (problems && problems !== this.problems) {
      this.deps.logger.warn(`Some entries of modelarts.connections are ignored: ${problems}.`);
    }
    this.problems = problems;
    let changed = false;
    for (const [id, graph] of this.graphs) {
      if (id !== FIRST_CONNECTION_ID && !this.pending.has(id) && !profiles.some(p => p.id === id)) {
        this.graphs.delete(id);
        this.detached.fire(id);
        vscode.Disposable.from(...graph.disposables).dispose();
        this.deps.logger.info(`Connection ${id} removed.`);
        changed = true;
      }
    }
    for (const profile of profiles) {
      if (!this.graphs.has(profile.id)) {
        this.attach(profile.id, this.deps.create(profile.id));
        this.deps.logger.info(`Connection ${profile.id} added (${profile.cloud} ${profile.region}).`);
        changed = true;
      }
    }
    if (changed) {
      this.reorder(profiles);
    }
    this.changed.fire();
    this.deps.whenChanged();
  }

  dispose(): void {
    this.all().forEach(graph => vscode.Disposable.from(...graph.disposables).dispose());
    this.graphs.clear();
    vscode.Disposable.from(...this.disposables).dispose();
  }

  private others(): ConnectionGraph[] {
    return this.all().filter(graph => graph !== this.deps.first);
  }

  private attach(id: string, graph: ConnectionGraph): void {
    this.graphs.set(id, graph);
    graph.tree.setFilter(this.deps.first.tree.filter);
    graph.live.setVisible(this.visible);
    graph.live.setFocused(this.focused);
    this.attached.fire({ id, graph });
  }

  /** The first connection first, then the order of the setting, then those being added. */
  private reorder(profiles: readonly ConnectionProfile[]): void {
    const order = [FIRST_CONNECTION_ID, ...profiles.map(p => p.id), ...this.pending];
    const entries = [...this.graphs].sort(([a], [b]) => order.indexOf(a) - order.indexOf(b));
    this.graphs.clear();
    entries.forEach(([id, graph]) => this.graphs.set(id, graph));
  }
}
