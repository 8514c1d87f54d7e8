/** Shows the Training Jobs view's filter: the view's description and the `modelarts.filtered` context key. */
import * as vscode from 'vscode';
import { CONTEXT_KEYS } from '../constants';
import { describeFilter, filterMessage, isFilterActive, type JobFilter } from './jobFilter';

/** What the indicator needs. */
export interface FilterIndicatorDeps {
  readonly tree: { readonly onDidChangeFilter: vscode.Event<JobFilter> };
  /**
   * The view whose description (e.g. `name: bert · Running`) and message show the filter. The message
   * is what the user sees when the view is alone in its container: its title, with the description,
   * is then merged into the side bar's title, which shows no description.
   */
  readonly view: { description?: string; message?: string };
  readonly setContext?: (key: string, value: boolean) => Thenable<unknown>;
}

/**
 * Follows the tree's filter: the view's description and message show it, and the `modelarts.filtered` context
 * key (which shows Clear Filter) is true while one is active. Keeps the value it last set, which the
 * test API reports.
 */
export class FilterIndicator implements vscode.Disposable {
  private active = false;
  private readonly subscription: vscode.Disposable;
  private readonly setContext: (key: string, value: boolean) => Thenable<unknown>;

  constructor(private readonly deps: FilterIndicatorDeps) {
    this.setContext = deps.setContext ?? ((key, value) => vscode.commands.executeCommand('setContext', key, value));
    this.subscription = deps.tree.onDidChangeFilter(filter => void this.show(filter));
  }

  /** The value last set for `modelarts.filtered`. */
  get filtered(): boolean {
    return this.active;
  }

  dispose(): void {
    this.subscription.dispose();
  }

  private async show(filter: JobFilter): Promise<void> {
    const active = isFilterActive(filter);
    this.deps.view.description = active ? describeFilter(filter) : undefined;
    this.deps.view.message = active ? filterMessage(filter) : undefined;
    this.active = active;
    await this.setContext(CONTEXT_KEYS.filtered, active);
  }
}
