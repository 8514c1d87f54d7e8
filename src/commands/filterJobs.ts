/** Filter Jobs…: a name search and one exact status, both applied by ModelArts. */
import * as vscode from 'vscode';
import { STATUS_FILTERS, validateSearch, type JobFilter } from '../tree/jobFilter';
import { statusInfo } from '../model/status';

/** What the filter commands need: the tree that owns the filter. */
export interface FilterDeps {
  readonly tree: {
    readonly filter: JobFilter;
    setFilter(filter: JobFilter | undefined): void;
  };
}

interface StatusItem extends vscode.QuickPickItem {
  readonly status: number | undefined;
}

/**
 * Asks for the name text (an input box, at most 64 characters, pre-filled with the current one;
 * empty for any name) and then the status (a QuickPick: all statuses, or one status code the API
 * filters by exactly), and filters the view. Escape in either step leaves the filter as it was.
 */
export async function filterJobs(deps: FilterDeps): Promise<void> {
  const current = deps.tree.filter;
  const search = await vscode.window.showInputBox({
    title: 'Filter Training Jobs (1/2): Name',
    prompt: 'Show the jobs whose name contains this text; leave it empty for any name. Press Enter to choose the status next.',
    placeHolder: 'Part of a job name, e.g. bert',
    value: current.search ?? '',
    validateInput: validateSearch,
    ignoreFocusOut: true,
  });
  if (search === undefined) {
    return;
  }
  const items: StatusItem[] = [
    { label: 'All statuses', status: undefined },
    ...STATUS_FILTERS.map((code): StatusItem => {
      const info = statusInfo(code);
      return { label: info.label, description: `${info.name} (${code})`, status: code };
    }),
  ].map(item => item.status === current.status
    ? { ...item, description: [item.description, 'current'].filter(Boolean).join(' · ') }
    : item);
  const picked = await vscode.window.showQuickPick(items, {
    title: 'Filter Training Jobs (2/2): Status of the Latest Version',
    placeHolder: 'ModelArts filters by one exact status of each job\'s latest version',
    matchOnDescription: true,
    ignoreFocusOut: true,
  });
  if (!picked) {
    return;
  }
  deps.tree.setFilter({ search, status: picked.status });
}

/** Clears the view's filter: every job again. */
export async function clearFilter(deps: FilterDeps): Promise<void> {
  deps.tree.setFilter(undefined);
}
