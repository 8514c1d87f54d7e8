/** What every node kind draws with: the status icons, the deleting look, and `contextValue` tags. */
import * as vscode from 'vscode';
import type { DeletionState } from '../actions/deletionTracker';
import type { TrainingJobVersion } from '../client/types';
import { CONTEXT_VALUE_TAGS } from '../constants';
import { statusInfo, type StatusGroup } from '../model/status';
import { msg } from '../util/l10n';

/** What a version or job shows while its deletion is not confirmed after the last check. */
export const UNCONFIRMED_TEXT = msg('Deletion not confirmed — Refresh to check');

/** Joins `contextValue` tags the house way: sorted, `;`-separated. */
export function contextValue(...tags: string[]): string {
  return [...new Set(tags)].sort().join(';');
}

const GROUP_ICON: Readonly<Record<StatusGroup, readonly [string, string | undefined]>> = {
  running: ['sync~spin', 'charts.blue'],
  inProgress: ['watch', 'charts.yellow'],
  done: ['check', 'charts.green'],
  failed: ['error', 'charts.red'],
  stopped: ['debug-stop', 'descriptionForeground'],
  unknown: ['question', undefined],
};

/**
 * Statuses whose icon differs from their group's: only what runs spins; waiting in a queue, stopping,
 * stopped by a user and cancelled before it ran each look different.
 */
const STATUS_ICON: Readonly<Record<number, readonly [string, string | undefined]>> = {
  7: ['clock', 'charts.yellow'],
  9: ['stop-circle', 'charts.yellow'],
  13: ['circle-slash', 'descriptionForeground'],
};

/** The codicon, in its theme colour, of a status code. */
export function statusIcon(status: number): vscode.ThemeIcon {
  const [icon, color] = STATUS_ICON[status] ?? GROUP_ICON[statusInfo(status).group];
  return new vscode.ThemeIcon(icon, color ? new vscode.ThemeColor(color) : undefined);
}

/** The spinning icon of a version or job being deleted. */
export function deletingIcon(): vscode.ThemeIcon {
  return new vscode.ThemeIcon('loading~spin', new vscode.ThemeColor('charts.red'));
}

/** The warning icon of a deletion the tracker could not confirm. */
export function unconfirmedIcon(): vscode.ThemeIcon {
  return new vscode.ThemeIcon('warning', new vscode.ThemeColor('list.warningForeground'));
}

/** True while a deletion is being sent or confirmed: the item shows "Deleting…" and offers no delete. */
export function isDeleting(state: DeletionState | undefined): state is { readonly phase: 'sending' | 'deleting' } {
  return state?.phase === 'sending' || state?.phase === 'deleting';
}

/** The tooltip line of a deletion being sent or confirmed. */
export function deletingNote(state: { readonly phase: 'sending' | 'deleting' }): string {
  return state.phase === 'sending' ? '*Deletion being requested.*' : '*Deletion requested; waiting for ModelArts to confirm it.*';
}

/** `PyTorch PyTorch-1.8.0-python3.7`: a version's engine. */
export function engineText(v: TrainingJobVersion): string {
  return [v.engineName, v.engineVersion].filter(Boolean).join(' ');
}

/** The tooltip line of a job whose deletion the tracker could not confirm. */
export const UNCONFIRMED_JOB_NOTE =
  '*Deletion requested, but ModelArts had not confirmed it when the extension stopped checking. Refresh to see its state.*';

/**
 * A job row while its deletion is being sent or confirmed: "Deleting…", the spinning icon, the
 * `deleting` tag and the tooltip line. False (nothing changed) when no deletion is in progress.
 */
export function drawDeleting(item: vscode.TreeItem, deletion: DeletionState | undefined, tags: string[], notes: string[]): boolean {
  if (!isDeleting(deletion)) {
    return false;
  }
  item.description = vscode.l10n.t('Deleting…');
  item.iconPath = deletingIcon();
  tags.push(CONTEXT_VALUE_TAGS.deleting);
  notes.push(deletingNote(deletion));
  return true;
}

/** Whether a row is protected from deletion: itself (`own`), or as a version of a protected job (`job`). */
export type Protection = 'own' | 'job' | undefined;

/**
 * A protected row: a lock for its icon (its status stays first in the description), no Delete in its
 * menu, Unprotect instead of Protect (unless only its job is protected), and the tooltip line.
 */
export function drawProtected(item: vscode.TreeItem, protection: Protection, tags: string[], notes: string[]): string[] {
  if (!protection) {
    return tags;
  }
  item.iconPath = new vscode.ThemeIcon('lock');
  notes.push(protection === 'own' ? '**Protected:** every deletion refuses it until you unprotect it.'
    : '**Protected** with its training job: every deletion refuses it until the job is unprotected.');
  return [...tags.filter(tag => tag !== CONTEXT_VALUE_TAGS.deletable), CONTEXT_VALUE_TAGS.protected,
    ...(protection === 'job' ? [CONTEXT_VALUE_TAGS.protectedByJob] : [])];
}

/** A watched row: an eye instead of its status icon (a lock stays: protection matters more), a `watched` tag, a note. */
export function drawWatched(item: vscode.TreeItem): void {
  if (item.contextValue?.split(';').includes(CONTEXT_VALUE_TAGS.protected) !== true) {
    item.iconPath = new vscode.ThemeIcon('eye');
  }
  item.contextValue = contextValue(...(item.contextValue ? item.contextValue.split(';') : []), CONTEXT_VALUE_TAGS.watched);
  const note = '**Watched:** a notification tells how it ends (Unwatch stops it).';
  item.tooltip = item.tooltip instanceof vscode.MarkdownString ? new vscode.MarkdownString(`${item.tooltip.value}\n\n${note}`) : item.tooltip;
}
