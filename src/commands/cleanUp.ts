/**
 * Clean Up…: deletes what a rule selects, and only after a preview of exactly that. On a job (or a
 * selection of jobs), on a root, from the view's title bar or the palette; `{ rule: "name" }` runs a
 * saved rule. The rule is built (or a saved or recent one chosen), evaluated with cancellable progress,
 * previewed with checkboxes, confirmed (a modal, then the count typed), given a grace period with
 * Undo, and run: each checked item is read again just before its deletion and skipped if it changed.
 * A preview older than a few minutes is evaluated again before anything is sent.
 */
import { evaluateCleanup, itemNoun, type CleanupScope } from '../actions/cleanupEvaluation';
import type { CleanupOutcome } from '../actions/cleanupRun';
import { CancelledError } from '../client/errors';
import { GLOBAL_STATE_KEYS } from '../constants';
import { describeRule, parseRule, type CleanupRule } from '../model/cleanupRules';
import { isStale, planTotals, PLAN_MAX_AGE_MS, type CleanupPlan, type PlanItem } from '../model/cleanupPlan';
import { cleanupConfirmation, TYPED_DELETE_BUTTON } from '../model/confirmations';
import type { TargetConnection } from '../model/connection';
import { scopeOf } from '../model/protection';
import { askPreview, askRuleStep, draftRule, ruleSteps, type RuleDraft, type RuleStep } from '../ui/cleanupFlow';
import { reportCleanup, resolveCleanupScope, type CleanupSummary } from '../ui/cleanupReport';
import { CommandError } from '../ui/errorHandler';
import { askModal, graceCountdown, showInfo, showWarning, withProgress } from '../ui/messages';
import { runSteps } from '../ui/multiStep';
import { countChallenge, typedConfirmation } from '../ui/typedConfirmation';
import { msg, t } from '../util/l10n';
import type { CommandDeps } from './deps';

/** Recent rules kept. */
const RECENT_RULES = 5;
/** What a new rule starts with: failed, stopped or canceled. */
const DEFAULT_STATUSES: readonly number[] = [3, 5, 6, 11, 14, 16, 17, 21, 22, 12, 13];
const EVALUATE_AGAIN = msg('Evaluate Again');

/** The preview had nothing to offer: said, and the flow ends. */
class NothingToDelete extends Error {}

/** The Clean Up… command; resolves with what became of each checked item (undefined when nothing ran). */
export async function cleanUp(deps: CommandDeps, arg?: unknown, selection?: unknown): Promise<CleanupSummary | undefined> {
  const target = await resolveCleanupScope(deps, arg, selection);
  if (!target) {
    return undefined;
  }
  const { scope, connection } = target;
  const saved = deps.settings.cleanupRules();
  if (saved.problems.length > 0) {
    deps.logger.warn(`Some saved clean-up rules (modelarts.cleanupRules) were ignored: ${saved.problems.join('; ')}.`);
  }
  const preset = target.ruleName === undefined ? undefined : saved.rules.find(rule => rule.name === target.ruleName);
  if (target.ruleName !== undefined && !preset) {
    throw new CommandError(t('Did not clean up: no saved rule is named "{0}"', target.ruleName),
      new Error(t('The saved rules (setting modelarts.cleanupRules) are: {0}.', saved.rules.map(r => `"${r.name}"`).join(', ') || t('none'))));
  }
  const offered = [...saved.rules, ...recentRules(deps).filter(r => !saved.rules.some(s => describeRule(s) === describeRule(r)))];
  const draft: RuleDraft = { chosen: preset, statuses: DEFAULT_STATUSES };
  let chosen: { plan: CleanupPlan; items: PlanItem[] } | undefined;
  let unchecked = new Set<string>();
  for (let again = false; ; again = true) {
    try {
      chosen = await previewFlow(deps, { connection, scope, draft, offered: preset ? [] : offered, unchecked, again, preset: preset !== undefined });
    } catch (error) {
      if (error instanceof NothingToDelete) {
        return undefined;
      }
      throw error;
    }
    if (!chosen) {
      return undefined;
    }
    await remember(deps, chosen.plan.rule);
    if (!(await confirmed(chosen.plan, chosen.items, connection))) {
      return undefined;
    }
    if (!isStale(chosen.plan, deps.now())) {
      break;
    }
    // Too old to run: what it showed may no longer hold. Evaluated again, the preview keeps what was unchecked.
    const minutes = Math.floor((deps.now() - chosen.plan.evaluatedAt) / 60_000);
    if (await showWarning(t('The preview was made {0} minutes ago; a clean-up runs only on a preview less than {1} minutes old. Nothing was deleted.',
      minutes, PLAN_MAX_AGE_MS / 60_000), EVALUATE_AGAIN) !== EVALUATE_AGAIN) {
      return undefined;
    }
    const kept = new Set(chosen.items.map(item => item.key));
    unchecked = new Set(chosen.plan.items.filter(item => !kept.has(item.key)).map(item => item.key));
  }
  return run(deps, connection, chosen.plan, chosen.items);
}

/** What the flow of one preview starts from. */
interface FlowStart {
  readonly connection: TargetConnection;
  readonly scope: CleanupScope;
  readonly draft: RuleDraft;
  readonly offered: readonly CleanupRule[];
  /** Keys of items to show unchecked (the user unchecked them in an earlier preview). */
  readonly unchecked: ReadonlySet<string>;
  /** Straight to the preview (evaluated again); Back still reaches the rule. */
  readonly again: boolean;
  /** A saved rule run by name: the preview is the only step. */
  readonly preset: boolean;
}

/**
 * The rule's steps and the preview, as one flow (Back from the preview returns to the rule): the
 * preview step evaluates the rule (again when it changed). Undefined when dismissed.
 */
async function previewFlow(deps: CommandDeps, start: FlowStart): Promise<{ plan: CleanupPlan; items: PlanItem[] } | undefined> {
  const { connection, scope, draft, offered, unchecked } = start;
  const noun = scope.kind === 'v1' ? 'versions' : 'training jobs';
  let plan: CleanupPlan | undefined;
  let items: PlanItem[] = [];
  const steps = (): (RuleStep | 'preview')[] => [...(start.preset ? [] : ruleSteps(draft, offered.length > 0)), 'preview'];
  const done = await runSteps(steps, async (step, input) => {
    if (step !== 'preview') {
      return askRuleStep(step, input, draft, offered, noun);
    }
    const rule = draftRule(draft);
    if ('error' in rule) {
      throw new CommandError(t('Did not clean up'), new Error(t('The rule is not complete: {0}.', rule.error)));
    }
    if (!plan || describeRule(plan.rule) !== describeRule(rule) || isStale(plan, deps.now())) {
      plan = await evaluate(deps, connection, scope, rule);
    }
    if (plan.items.length === 0) {
      void showInfo(nothingToCleanUp(plan, describeRule(rule)));
      throw new NothingToDelete();
    }
    items = await askPreview(input, plan, deps.now(), unchecked);
  }, start.again ? 'preview' : undefined);
  return done && plan ? { plan, items } : undefined;
}

/** The preview would be empty: why, in the display language. */
function nothingToCleanUp(plan: CleanupPlan, rule: string): string {
  const protectedCount = plan.protectedItems.length;
  if (plan.kind === 'v1') {
    return protectedCount > 0
      ? t('Nothing to clean up: no versions of {0} match "{1}" apart from {2} protected. Nothing was deleted.', plan.scope, rule, protectedCount)
      : t('Nothing to clean up: no versions of {0} match "{1}". Nothing was deleted.', plan.scope, rule);
  }
  return protectedCount > 0
    ? t('Nothing to clean up: no training jobs of {0} match "{1}" apart from {2} protected. Nothing was deleted.', plan.scope, rule, protectedCount)
    : t('Nothing to clean up: no training jobs of {0} match "{1}". Nothing was deleted.', plan.scope, rule);
}

/** Evaluates the rule under cancellable progress; a cancel ends the command, saying nothing was deleted. */
async function evaluate(deps: CommandDeps, connection: TargetConnection, scope: CleanupScope, rule: CleanupRule): Promise<CleanupPlan> {
  try {
    const title = scope.kind === 'v1' ? t('Clean Up: finding versions that match "{0}"', describeRule(rule))
      : t('Clean Up: finding training jobs that match "{0}"', describeRule(rule));
    const plan = await withProgress(title, (signal, report) =>
      evaluateCleanup(connection.client, scope, rule, {
        concurrency: deps.settings.deleteConcurrency(), signal, now: deps.now, onProgress: message => report(message),
        isProtected: item => deps.protections.isProtected(scopeOf(connection), item),
      }), { cancellable: true });
    plan.unread.forEach(job => deps.logger.error(`Clean-up: could not read the versions of training job "${job.jobName}" (ID ${job.jobId})`, job.error));
    deps.logger.info(`Clean-up of ${plan.scope} by "${describeRule(rule)}": ${planTotals(plan.items, plan.kind)} selected ` +
      `(${plan.examined.jobs} jobs listed, ${plan.examined.items} ${itemNoun(plan.kind)}s judged, ${plan.examined.skippedJobs} jobs not read: nothing in them could match` +
      `${plan.protectedItems.length > 0 ? `, ${plan.protectedItems.length} protected left out` : ''}).`);
    return plan;
  } catch (error) {
    if (error instanceof CancelledError) {
      void showInfo(t('Clean-up cancelled while finding what matches. Nothing was deleted.'));
      throw new NothingToDelete();
    }
    throw new CommandError(t('Could not evaluate the clean-up rule. Nothing was deleted'), error);
  }
}

/** The modal naming what goes, then the count typed. */
async function confirmed(plan: CleanupPlan, items: readonly PlanItem[], connection: TargetConnection): Promise<boolean> {
  return await askModal(cleanupConfirmation(plan, items, connection), TYPED_DELETE_BUTTON) === TYPED_DELETE_BUTTON &&
    typedConfirmation(countChallenge(items.length, plan.kind === 'v1' ? 'versions' : 'training jobs'));
}

/** The grace period, then the run under cancellable progress, then the report. */
async function run(deps: CommandDeps, connection: TargetConnection, plan: CleanupPlan, items: readonly PlanItem[]): Promise<CleanupSummary | undefined> {
  const totals = planTotals(items, plan.kind);
  const what = t('Deleting {0}', totals);
  if (!(await graceCountdown(what, deps.settings.deleteGraceSeconds()))) {
    deps.logger.info(`Clean-up (Deleting ${totals}): undone before anything was sent.`);
    void showInfo(t('Undone: nothing was deleted, and nothing was sent.'));
    return undefined;
  }
  let decided = 0;
  const outcome = await withProgress(t('Clean Up: {0}', what.toLowerCase()), async (signal, report): Promise<CleanupOutcome> => {
    const started = await deps.actions.cleanup.run(connection, plan, items, {
      concurrency: deps.settings.deleteConcurrency(), signal, now: deps.now,
      onDecided: () => report(t('{0} of {1} read again and sent or skipped…', ++decided, items.length), 100 / items.length),
    });
    report(t('Waiting for ModelArts to confirm the deletions…'));
    await Promise.race([started.followed, new Promise(resolve => signal.addEventListener('abort', resolve, { once: true }))]);
    return started;
  }, { cancellable: true });
  if (outcome.refused) {
    throw new CommandError(t('Did not clean up'), outcome.refused);
  }
  return reportCleanup(deps, plan, items, outcome, connection);
}

/** The rules used last, newest first (what cannot be read is dropped). */
function recentRules(deps: CommandDeps): CleanupRule[] {
  const stored = deps.globalState.get<unknown[]>(GLOBAL_STATE_KEYS.recentCleanupRules);
  return (Array.isArray(stored) ? stored : []).flatMap(value => {
    const parsed = parseRule(value);
    return 'rule' in parsed ? [parsed.rule] : [];
  });
}

/** Puts `rule` first among the recent rules (a saved rule by name is not repeated there). */
async function remember(deps: CommandDeps, rule: CleanupRule): Promise<void> {
  if (rule.name !== undefined) {
    return;
  }
  const rules = [rule, ...recentRules(deps).filter(r => describeRule(r) !== describeRule(rule))].slice(0, RECENT_RULES);
  await deps.globalState.update(GLOBAL_STATE_KEYS.recentCleanupRules, rules);
}
