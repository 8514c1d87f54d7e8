/** The one error wrapper every command goes through. */
import * as vscode from 'vscode';
import { COMMANDS } from '../constants';
import { AuthenticationError, CancelledError, ConfigurationError, InvalidIdError } from '../client/errors';
import { describeError } from '../util/describeError';
import type { Logger } from '../util/logger';
import { showError } from './messages';
import { msg, t } from '../util/l10n';

/** A failure of a user action, with what was being done, e.g. `Could not delete version "V0003"…`. */
export class CommandError extends Error {
  constructor(readonly action: string, readonly cause: unknown) {
    super(t('{0}: {1}', action, describeError(cause)));
    this.name = 'CommandError';
  }
}

/** Button titles of error messages. */
export const ERROR_ACTIONS = {
  showLogs: msg('Show Extension Log'),
  configure: msg('Configure Credentials'),
} as const;

function isCancellation(error: unknown): boolean {
  return error instanceof CancelledError || error instanceof vscode.CancellationError;
}

/**
 * Reports a command's failure: cancellation is silent; everything else is logged and shown as an
 * error message (not awaited, so the command settles at once) with "Show Extension Log", plus "Configure
 * Credentials" when the credentials or settings are the problem.
 */
export function reportError(logger: Logger, commandId: string, error: unknown): void {
  const cause = error instanceof CommandError ? error.cause : error;
  if (isCancellation(cause)) {
    return;
  }
  const message = error instanceof CommandError ? error.message : describeError(error);
  logger.error(`Command ${commandId} failed`, new Error(message));
  const actions: string[] = [];
  // A malformed ID argument is the caller's mistake, not the credentials'.
  if (cause instanceof AuthenticationError || (cause instanceof ConfigurationError && !(cause instanceof InvalidIdError))) {
    actions.push(ERROR_ACTIONS.configure);
  }
  actions.push(ERROR_ACTIONS.showLogs);
  void showError(message, ...actions).then(choice => {
    if (choice === ERROR_ACTIONS.showLogs) {
      logger.show();
    } else if (choice === ERROR_ACTIONS.configure) {
      void vscode.commands.executeCommand(COMMANDS.configureCredentials);
    }
  });
}

/** A command handler. */
export type Handler = (...args: unknown[]) => Promise<unknown>;

/** Wraps a handler so that every failure goes through {@link reportError}; the wrapped one never rejects. */
export function withErrorHandling(logger: Logger, commandId: string, handler: Handler): Handler {
  return async (...args: unknown[]) => {
    try {
      return await handler(...args);
    } catch (error) {
      reportError(logger, commandId, error);
      return undefined;
    }
  };
}
