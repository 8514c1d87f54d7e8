/** Filter Jobs…: a name search and one exact status, both applied by ModelArts. */
import * as vscode from 'vscode';
import { statusInfo } from '../model/status';
import { STATUS_FILTER_GROUPS, validateSearch, type JobFilter } from '../tree/jobFilter';
import { runSteps } from '../ui/multiStep';
import { t } from '../util/l10n';

/** What the filter commands need: the tree that owns the filter. */
export interface FilterDeps {
  readonly tree: {
    readonly filter: JobFilter;
    setFilter(filter: JobFilter | undefined): void;
  };
}

interface StatusItem extends vscode.QuickPickItem {
  readonly status?: number;
}

/** The filter's two steps. */
type FilterStep = 'name' | 'status';

/**
 * Asks for the name text (pre-filled with the current one; empty for any name; at most 64
 * characters) and then the status: every status, grouped, the current one highlighted, or all
 * statuses. One dialog of two steps with Back; Escape leaves the filter as it was.
 */
export async function filterJobs(deps: FilterDeps): Promise<void> {
  const current = deps.tree.filter;
  let search = current.search ?? '';
  let status = current.status;
  const all: StatusItem = { label: t('All statuses'), description: current.status === undefined ? t('current') : undefined };
  const items: StatusItem[] = [all, ...STATUS_FILTER_GROUPS.flatMap(group => [
    { label: t(group.title), kind: vscode.QuickPickItemKind.Separator },
    ...group.codes.map((code): StatusItem => ({ label: statusInfo(code).label, status: code, description: code === current.status ? t('current') : undefined })),
  ])];
  const done = await runSteps<FilterStep>(() => ['name', 'status'], async (step, input) => {
    if (step === 'name') {
      search = await input.text({
        title: t('Filter Training Jobs: Name'),
        prompt: t('Show the jobs whose name contains this text; leave it empty for any name.'),
        placeholder: t('Part of a job name, e.g. bert'),
        value: search,
        validate: validateSearch,
      });
    } else {
      status = (await input.pick({
        title: t('Filter Training Jobs: Status'),
        placeholder: t('The status of each job\'s latest version (ModelArts filters by one status)'),
        items,
        active: items.find(item => item.kind !== vscode.QuickPickItemKind.Separator && item.status === status) ?? all,
      })).status;
    }
  });
  if (done) {
    deps.tree.setFilter({ search, status });
  }
}

/** Clears the view's filter: every job again. */
export async function clearFilter(deps: FilterDeps): Promise<void> {
  deps.tree.setFilter(undefined);
}
