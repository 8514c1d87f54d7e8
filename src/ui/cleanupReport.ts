/**
 * The ends of Clean Up…: what it examines (a job or a selection of jobs, a root, or every job of a
 * kind, with the connection the jobs were listed with), and what the user is told when it ran: one
 * log line per item, one notification with Show Report, the report listing every previewed item.
 */
import { t } from '../util/l10n';
import type { CleanupScope } from '../actions/cleanupEvaluation';
import type { CleanupEntry, CleanupOutcome } from '../actions/cleanupRun';
import { InvalidIdError } from '../client/errors';
import { batchReport, batchSummary, type BatchEntry, type BatchResult } from '../model/batchReport';
import { describeRule } from '../model/cleanupRules';
import type { CleanupPlan, PlanItem } from '../model/cleanupPlan';
import type { TargetConnection } from '../model/connection';
import { describeVersion } from '../model/targets';
import { GroupNode } from '../tree/groupNode';
import { JobNode } from '../tree/nodes';
import { V2JobNode } from '../tree/v2JobNode';
import type { Logger } from '../util/logger';
import { showInfo, showWarning } from './messages';
import type { ReportDocumentProvider } from './reportDocuments';
import { REPORT_ORDER, SHOW_REPORT_BUTTON } from './reports';
import { requireConnection, StaleNodeError, type TargetDeps } from './targets';
import { chooseKind, type V2TargetDeps } from './v2Targets';

/** What a clean-up did to each checked item (and to the protected ones it left out). */
export interface CleanupSummary {
  readonly deleted: number;
  readonly entries: readonly { readonly key: string; readonly result: BatchResult; readonly reason?: string }[];
}

/** What Clean Up… acts on, with the connection it acts with; `ruleName` runs a saved rule. */
export interface CleanupTarget {
  readonly scope: CleanupScope;
  readonly connection: TargetConnection;
  readonly ruleName?: string;
}

const jobsText = (n: number) => t('{0} selected training jobs', n);

/**
 * The scope of an invocation: the clicked job (with the other selected jobs of its kind), a root, or
 * (`{ rule?, kind? }` or nothing) every job of a kind, asked when the project has both. Undefined when
 * the kind picker is dismissed.
 */
export async function resolveCleanupScope(deps: TargetDeps & V2TargetDeps, arg: unknown, selection: unknown): Promise<CleanupTarget | undefined> {
  if (arg instanceof JobNode || arg instanceof V2JobNode) {
    const nodes = Array.isArray(selection) && selection.includes(arg)
      ? selection.filter((n): n is typeof arg => n instanceof (arg instanceof JobNode ? JobNode : V2JobNode)) : [arg];
    const connection = await requireConnection(deps);
    if (nodes.some(node => node.connection.id !== connection.id)) {
      deps.tree.refresh();
      throw new StaleNodeError(nodes.length === 1 ? t('the training job') : t('the selected training jobs'));
    }
    if (arg instanceof JobNode) {
      const jobs = (nodes as JobNode[]).map(node => node.job);
      return { connection, scope: { kind: 'v1', jobs, text: jobs.length === 1 ? t('training job "{0}" (ID {1})', jobs[0].jobName, jobs[0].jobId) : jobsText(jobs.length) } };
    }
    const jobs = (nodes as V2JobNode[]).map(node => node.job);
    const names = [...new Set(jobs.map(job => job.name))];
    return { connection, scope: { kind: 'v2', jobs, text: names.length === 1 ? t('the training jobs named "{0}"', names[0]) : t('the training jobs of {0} names', names.length) } };
  }
  if (arg instanceof GroupNode) {
    return { connection: await requireConnection(deps), scope: allOf(arg.scope) };
  }
  if (arg !== undefined && (typeof arg !== 'object' || arg === null)) {
    throw new InvalidIdError(t('Pass a training job node, a root of the view, or an object { rule?: "saved rule name", kind?: "v1" | "v2" } to Clean Up.'));
  }
  const { rule, kind } = (arg ?? {}) as { rule?: unknown; kind?: unknown };
  if ((rule !== undefined && typeof rule !== 'string') || (kind !== undefined && kind !== 'v1' && kind !== 'v2')) {
    throw new InvalidIdError(t('Clean Up takes { rule?: "saved rule name", kind?: "v1" | "v2" }.'));
  }
  const connection = await requireConnection(deps);
  const chosen = kind ?? await chooseKind(deps, t('Clean Up'));
  return chosen && { connection, scope: allOf(chosen), ...(rule !== undefined ? { ruleName: rule } : {}) };
}

function allOf(kind: 'v1' | 'v2'): CleanupScope {
  return kind === 'v1' ? { kind, text: t('all old-version training jobs') } : { kind, text: t('all training jobs') };
}

/** What the report needs. */
export interface CleanupReportDeps {
  readonly logger: Logger;
  readonly reports: ReportDocumentProvider;
}

/** One item in words, for the log: `version "V0003" (ID 7) of training job "x" (ID 1)`. */
function describeItem(item: PlanItem): string {
  return item.version ? describeVersion({ jobId: item.jobId, jobName: item.jobName, version: item.version })
    : `training job "${item.jobName}" (ID ${item.jobId})`;
}

/**
 * Once every accepted deletion ended: one log line per item, one notification (a warning when
 * anything checked was not deleted) with Show Report. Resolves with the summary at once.
 */
export async function reportCleanup(
  deps: CleanupReportDeps, plan: CleanupPlan, checked: readonly PlanItem[], outcome: CleanupOutcome, connection: TargetConnection,
): Promise<CleanupSummary> {
  const entries: CleanupEntry[] = [
    ...outcome.decided, ...await outcome.followed,
    ...plan.protectedItems.map((item): CleanupEntry => ({ item, result: 'protected', reason: t('protected when the rule was evaluated') })),
  ].sort((a, b) => REPORT_ORDER.indexOf(a.result) - REPORT_ORDER.indexOf(b.result));
  entries.forEach(e => deps.logger.info(`Clean-up: ${describeItem(e.item)}: ${e.result}${e.reason ? ` (${e.reason})` : ''}.`));
  const noun = plan.kind === 'v1' ? 'version' : 'training job';
  const rows = entries.map((e): BatchEntry => ({ target: { jobId: e.item.jobId, jobName: e.item.jobName, version: e.item.version }, result: e.result, reason: e.reason }));
  const summary = batchSummary(rows, noun);
  const unchecked = plan.items.length - checked.length;
  const markdown = batchReport(rows, connection, Date.now(), noun, {
    title: t('Clean-up: {0}', describeRule(plan.rule)),
    lines: [
      unchecked > 0 ? t('Examined {0}. The preview listed {1}; {2} you unchecked: not touched, not listed here.', plan.scope, plan.items.length, unchecked)
        : t('Examined {0}. The preview listed {1}.', plan.scope, plan.items.length),
      t('Each item was read again just before its deletion; what had changed since the preview was skipped.'),
    ],
  });
  deps.logger.info(`Clean-up by "${describeRule(plan.rule)}": ${summary.text}`);
  const notify = summary.clean ? showInfo(t('Clean-up: {0}', summary.text), SHOW_REPORT_BUTTON) : showWarning(t('Clean-up: {0}', summary.text), SHOW_REPORT_BUTTON);
  const reportTitle = plan.kind === 'v1' ? t('Clean-up of {0} versions', entries.length) : t('Clean-up of {0} training jobs', entries.length);
  void Promise.resolve(notify).then(choice => choice === SHOW_REPORT_BUTTON ? deps.reports.open(reportTitle, markdown, connection) : undefined);
  return {
    deleted: entries.filter(e => e.result === 'deleted').length,
    entries: entries.map(e => ({ key: e.item.key, result: e.result, ...(e.reason !== undefined ? { reason: e.reason } : {}) })),
  };
}
