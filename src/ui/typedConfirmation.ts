/**
 * The second step of deleting more than one thing (a whole job, or several versions at once): after the
 * modal that names what goes, the user types the job's name (or how many versions go), the way cloud
 * consoles guard bucket and repository deletion. A modal focuses its first button, so Enter alone
 * would otherwise delete a whole job; here Enter on an empty or wrong answer does nothing.
 */
import * as vscode from 'vscode';
import { t } from '../util/l10n';
import { forLine } from '../util/sanitize';

/** What the user is asked to type, and why. */
export interface Challenge {
  readonly title: string;
  /** The exact text that confirms (compared after trimming). */
  readonly expected: string;
  /** What happens once it is typed, e.g. `delete training job "mnist" and its 12 versions`. */
  readonly what: string;
}

/** Longest job name asked for; a longer one (or one that is not plain text) is replaced by the job ID. */
const MAX_TYPED_NAME = 64;

/**
 * Type the job's name to delete it: the name as the dialog showed it, or the job ID when the name is
 * not something one can type (empty, too long, or with characters the dialog could not show).
 */
export function jobNameChallenge(job: { readonly jobId: string; readonly jobName: string; readonly versionCount: number }): Challenge {
  const shown = forLine(job.jobName, MAX_TYPED_NAME);
  const typable = shown !== '' && shown === job.jobName;
  const one = job.versionCount === 1;
  const what = typable
    ? (one ? t('delete training job "{0}" and its only version', shown) : t('delete training job "{0}" and all {1} versions', shown, job.versionCount))
    : (one ? t('delete training job ID {0} and its only version', job.jobId) : t('delete training job ID {0} and all {1} versions', job.jobId, job.versionCount));
  return { title: t('Delete Training Job'), expected: typable ? shown : job.jobId, what };
}

/** Type how many versions (or new-version jobs) go to delete several at once. */
export function countChallenge(count: number, noun: 'versions' | 'training jobs' = 'versions'): Challenge {
  return {
    title: noun === 'versions' ? t('Delete Training Job Versions') : t('Delete Training Jobs'),
    expected: String(count),
    what: noun === 'versions' ? t('delete these {0} versions', count) : t('delete these {0} training jobs', count),
  };
}

/** Type a new-version job's name (or its ID, when the name cannot be typed) to delete it. */
export function v2JobNameChallenge(job: { readonly jobId: string; readonly name: string }): Challenge {
  const shown = forLine(job.name, MAX_TYPED_NAME);
  const typable = shown !== '' && shown === job.name;
  return {
    title: t('Delete Training Job'),
    expected: typable ? shown : job.jobId,
    what: typable ? t('delete training job "{0}"', shown) : t('delete training job ID {0}', job.jobId),
  };
}

/** The input box's answer to what was typed: undefined when it confirms, else what to type. */
export function checkTyped(challenge: Challenge, value: string): string | undefined {
  return value.trim() === challenge.expected ? undefined
    : t('Type {0} to {1}, or press Escape to cancel.', challenge.expected, challenge.what);
}

/** Asks for the text; true only when exactly the expected text was entered (Escape gives false). */
export async function typedConfirmation(challenge: Challenge): Promise<boolean> {
  const answer = await vscode.window.showInputBox({
    title: challenge.title,
    prompt: t('To {0}, type {1}. This cannot be undone.', challenge.what, challenge.expected),
    placeHolder: challenge.expected,
    ignoreFocusOut: true,
    validateInput: value => checkTyped(challenge, value),
  });
  return answer !== undefined && checkTyped(challenge, answer) === undefined;
}
