/**
 * The only way the extension shows a notification or a modal dialog. Every message may hold server
 * text (a job name, an `error_msg`, a `status_message`), so each surface gets its sanitiser here, where
 * the text enters the UI: a notification is made free of clickable links ({@link forNotification}); a
 * modal's message and each line of its detail are made single lines without control or bidi characters
 * ({@link forLine}). A lint rule keeps `vscode.window.show*Message` out of every other file.
 */
import { t } from '../util/l10n';
import * as vscode from 'vscode';
import type { ModalText } from '../model/confirmations';
import { forLine, forNotification } from '../util/sanitize';

export type { ModalText } from '../model/confirmations';

/** Longest line of a modal's detail. */
const MAX_DETAIL_LINE = 400;

/**
 * Shows `buttons` in the display language and resolves with the one chosen as given, so that callers
 * compare it with their own constants (marked with `msg`); undefined when none was chosen.
 */
async function choose<T extends string>(show: (...labels: string[]) => Thenable<string | undefined>, buttons: readonly T[]): Promise<T | undefined> {
  const labels = buttons.map(button => vscode.l10n.t(button));
  const chosen = await show(...labels);
  const index = chosen === undefined ? -1 : labels.indexOf(chosen);
  return index < 0 ? undefined : buttons[index];
}

/** A non-modal information message; resolves with the button chosen. */
export function showInfo<T extends string>(message: string, ...buttons: T[]): Promise<T | undefined> {
  return choose((...labels) => vscode.window.showInformationMessage(forNotification(message), ...labels), buttons);
}

/** A non-modal warning; resolves with the button chosen. */
export function showWarning<T extends string>(message: string, ...buttons: T[]): Promise<T | undefined> {
  return choose((...labels) => vscode.window.showWarningMessage(forNotification(message), ...labels), buttons);
}

/** A non-modal error message; resolves with the button chosen. */
export function showError<T extends string>(message: string, ...buttons: T[]): Promise<T | undefined> {
  return choose((...labels) => vscode.window.showErrorMessage(forNotification(message), ...labels), buttons);
}

function modalOptions(text: ModalText): [string, vscode.MessageOptions] {
  return [forLine(text.message, MAX_DETAIL_LINE), { modal: true, detail: text.detail.map(line => forLine(line, MAX_DETAIL_LINE)).join('\n') }];
}

/** A modal warning (a confirmation); resolves with the button chosen, undefined for Cancel or Escape. */
export function askModal<T extends string>(text: ModalText, ...buttons: T[]): Promise<T | undefined> {
  const [message, options] = modalOptions(text);
  return choose((...labels) => vscode.window.showWarningMessage(message, options, ...labels), buttons);
}

/** A modal error; resolves with the button chosen. */
export function showModalError<T extends string>(text: ModalText, ...buttons: T[]): Promise<T | undefined> {
  const [message, options] = modalOptions(text);
  return choose((...labels) => vscode.window.showErrorMessage(message, options, ...labels), buttons);
}

/** Reports progress inside a {@link withProgress} notification. */
export type ReportProgress = (message: string, increment?: number) => void;

/**
 * Runs `work` under a progress notification titled `title`. With `cancellable`, the notification has a
 * Cancel button that aborts the signal `work` gets; without it, the signal never aborts.
 */
export function withProgress<T>(
  title: string,
  work: (signal: AbortSignal, report: ReportProgress) => Promise<T>,
  options: { readonly cancellable?: boolean } = {},
): Thenable<T> {
  return vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: forNotification(title), cancellable: options.cancellable === true },
    async (progress, token) => {
      const abort = new AbortController();
      const cancel = token.onCancellationRequested(() => abort.abort());
      try {
        return await work(abort.signal, (message, increment) => progress.report({ message: forNotification(message), increment }));
      } finally {
        cancel.dispose();
      }
    });
}

/**
 * The grace period of a deletion of several items: a countdown of `seconds` (title `what in N s`)
 * whose Cancel button undoes it. True when the time ran out (send now), false when undone; with 0
 * seconds, true at once.
 */
export async function graceCountdown(what: string, seconds: number): Promise<boolean> {
  if (seconds <= 0) {
    return true;
  }
  return withProgress(t('{0} in {1} s — Cancel undoes it (nothing is sent)', what, seconds), async (signal, report) => {
    for (let left = seconds; left > 0; left--) {
      report(t('{0} s…', left), 100 / seconds);
      const aborted = await new Promise<boolean>(resolve => {
        const timer = setTimeout(() => resolve(false), 1000);
        signal.addEventListener('abort', () => {
          clearTimeout(timer);
          resolve(true);
        }, { once: true });
      });
      if (aborted || signal.aborted) {
        return false;
      }
    }
    return true;
  }, { cancellable: true });
}
