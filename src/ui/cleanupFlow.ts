/**
 * The boxes of Clean Up…: a rule built in steps (a saved or recent rule, or statuses, age, the newest
 * K kept, a name), each step with Back; then the preview: every item the rule selected, grouped by
 * job, with status, age and why, each checked, the totals in the title as checks change. The preview
 * is the plan: what stays checked is all that may be deleted.
 */
import * as vscode from 'vscode';
import { describeRule, parseRule, STATUS_CHOICES, type CleanupRule } from '../model/cleanupRules';
import { planGroups, planTotals, type CleanupPlan, type PlanItem } from '../model/cleanupPlan';
import { formatAge } from '../util/format';
import { msg, t } from '../util/l10n';
import { forLine } from '../util/sanitize';
import type { StepInput } from './multiStep';

/** What the builder asked so far (kept when the user goes Back). */
export interface RuleDraft {
  /** A saved or recent rule chosen at the start; undefined while building a new one. */
  chosen?: CleanupRule;
  statuses: readonly number[];
  olderThanDays?: number;
  keepNewest?: number;
  name?: string;
}

/** The steps of the builder. */
export type RuleStep = 'start' | 'statuses' | 'age' | 'keep' | 'name';

/** The rule a draft describes; a text of `/…/` is a regular expression. */
export function draftRule(draft: RuleDraft): CleanupRule | { readonly error: string } {
  if (draft.chosen) {
    return draft.chosen;
  }
  const regex = draft.name?.match(/^\/(.+)\/$/)?.[1];
  const parsed = parseRule({
    ...(draft.statuses.length > 0 ? { statuses: draft.statuses } : {}),
    ...(draft.olderThanDays !== undefined ? { olderThanDays: draft.olderThanDays } : {}),
    ...(draft.keepNewest !== undefined ? { keepNewest: draft.keepNewest } : {}),
    ...(draft.name ? (regex ? { nameMatches: regex } : { nameContains: draft.name }) : {}),
  });
  return 'rule' in parsed ? parsed.rule : parsed;
}

const NEW_RULE = msg('$(add) New rule…');

/** Asks one step of the builder into `draft`; `offered` are the saved rules (named) and the recent ones. */
export async function askRuleStep(
  step: RuleStep, input: StepInput, draft: RuleDraft, offered: readonly CleanupRule[], noun: 'versions' | 'training jobs',
): Promise<void> {
  const title = t('Clean Up');
  const versions = noun === 'versions';
  switch (step) {
    case 'start': {
      const items = [
        { label: t(NEW_RULE), detail: t('Choose statuses, an age, how many of the newest to keep, a name'), rule: undefined },
        ...offered.map(rule => ({ label: forLine(rule.name ?? describeRule(rule)), description: rule.name ? t('saved') : t('recent'), detail: forLine(describeRule(rule)), rule })),
      ];
      const placeholder = versions ? t('Which versions to delete? A rule, then a preview of exactly what it selects')
        : t('Which training jobs to delete? A rule, then a preview of exactly what it selects');
      draft.chosen = (await input.pick({ title, placeholder, items })).rule;
      return;
    }
    case 'statuses': {
      const items = STATUS_CHOICES.map(choice => ({ label: t(choice.label), detail: t(choice.detail), picked: choice.codes.every(c => draft.statuses.includes(c)), codes: choice.codes }));
      const checked = await input.pickMany({
        title: t('Clean Up: delete what ended how?'), placeholder: t('None checked: any status. Running or queued: never'), items, allowNone: true,
      });
      draft.statuses = checked.flatMap(item => item.codes);
      return;
    }
    case 'age':
      draft.olderThanDays = optionalCount(await input.text({
        title, prompt: t('Only what was created more than this many days ago (empty: any age)'), value: textOf(draft.olderThanDays), placeholder: t('e.g. {0}', 14),
        validate: value => countProblem(value, 3650),
      }));
      return;
    case 'keep':
      draft.keepNewest = optionalCount(await input.text({
        title, prompt: versions ? t('Keep the newest this many versions of each job, whatever else matches (empty: keep none)')
          : t('Keep the newest this many jobs of each name, whatever else matches (empty: keep none)'),
        value: textOf(draft.keepNewest), placeholder: t('e.g. {0}', 3), validate: value => countProblem(value, 1000),
      }));
      return;
    case 'name':
      draft.name = (await input.text({
        title, prompt: t('Only jobs whose name contains this text, or matches /a regular expression/ (empty: any name)'), value: draft.name ?? '',
        validate: value => {
          const problem = nameProblem(value.trim());
          return problem ?? ruleProblem({ ...draft, name: value.trim() || undefined });
        },
      })).trim() || undefined;
      return;
  }
}

/** The steps of the builder as things stand: a chosen rule needs no more. */
export function ruleSteps(draft: RuleDraft, hasOffers: boolean): RuleStep[] {
  return [...(hasOffers ? ['start' as const] : []), ...(draft.chosen ? [] : ['statuses', 'age', 'keep', 'name'] as const)];
}

function ruleProblem(draft: RuleDraft): string | undefined {
  const rule = draftRule(draft);
  return 'error' in rule ? t('Go back and choose statuses or an age: {0}.', rule.error) : undefined;
}

function nameProblem(value: string): string | undefined {
  const regex = value.match(/^\/(.+)\/$/)?.[1];
  if (regex === undefined) {
    return value.length > 200 ? t('At most {0} characters.', 200) : undefined;
  }
  try {
    new RegExp(regex, 'i');
    return undefined;
  } catch {
    return t('Not a valid regular expression.');
  }
}

function countProblem(value: string, max: number): string | undefined {
  return value.trim() === '' || (/^\d+$/.test(value.trim()) && Number(value) <= max) ? undefined : t('A whole number from 0 to {0}, or empty.', max);
}

const optionalCount = (value: string) => (value.trim() === '' ? undefined : Number(value.trim()));
const textOf = (n: number | undefined) => (n === undefined ? '' : String(n));

/** A preview row: a separator (a job), or an item of the plan. */
export type PreviewRow = vscode.QuickPickItem & { readonly item?: PlanItem };

/** The preview's rows: one separator per job, then its items, checked unless their key is in `unchecked`. */
export function previewRows(plan: CleanupPlan, now: number, unchecked: ReadonlySet<string> = new Set()): PreviewRow[] {
  return planGroups(plan.items).flatMap(group => [
    { label: forLine(group.title), kind: vscode.QuickPickItemKind.Separator },
    ...group.items.map((item): PreviewRow => ({
      label: item.version ? forLine(item.version.versionName) || t('Version {0}', item.version.versionId) : `${forLine(item.jobName) || t('Job')} · ${item.jobId.slice(0, 8)}`,
      description: [forLine(item.statusLabel), item.createTime !== undefined ? t('created {0}', formatAge(item.createTime, now)) : t('creation time unknown')].join(' · '),
      detail: forLine(t('Because: {0}', item.reasons.join(', '))),
      picked: !unchecked.has(item.key),
      item,
    })),
  ]);
}

/** Shows the preview; resolves with the items left checked. */
export async function askPreview(input: StepInput, plan: CleanupPlan, now: number, unchecked?: ReadonlySet<string>): Promise<PlanItem[]> {
  const left = [
    plan.protectedItems.length > 0 ? t('{0} protected left out', plan.protectedItems.length) : undefined,
    plan.unread.length > 0 ? t('{0} jobs could not be read (see the log)', plan.unread.length) : undefined,
  ].filter(Boolean).join('; ');
  const checked = await input.pickMany({
    title: t('Clean Up: preview'),
    placeholder: left ? t('Uncheck what to keep, then Enter ({0})', left) : t('Uncheck what to keep, then Enter'),
    items: previewRows(plan, now, unchecked),
    describe: rows => t('{0} checked of {1}', planTotals(rows.flatMap(row => row.item ? [row.item] : []), plan.kind), plan.items.length),
  });
  return checked.flatMap(row => row.item ? [row.item] : []);
}
