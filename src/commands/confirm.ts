/** What the destructive commands' confirmations, and the one request each confirmation allows, share. */
import type { ModelArtsApi } from '../client/types';
import { CommandError } from './errorHandler';
import { ensureSameConnection, type TargetConnection, type TargetDeps } from './versionTarget';
import { showInfo, withProgress } from '../ui/messages';

/** The confirmation button of a deletion: nothing is sent unless the user clicks exactly this. */
export const DELETE_BUTTON = 'Delete';

/** `Project 0123… in region eu-de`: where the request goes, as the dialogs say it. */
export function whereText(connection: Pick<TargetConnection, 'projectId' | 'region'>): string {
  return `Project ${connection.projectId} in region ${connection.region}`;
}

/** One confirmed deletion: what it is called, how it is claimed, and the single request it sends. */
export interface ConfirmedDeletion {
  /** E.g. `version "V0003" (ID 2) of training job "mnist" (ID 1)`, for messages. */
  readonly what: string;
  /** The connection the target was read (and confirmed) with. */
  readonly connection: TargetConnection;
  readonly progressTitle: string;
  /** Marks the target "Deleting…"; false when another invocation already did. */
  claim(): boolean;
  release(): void;
  send(client: ModelArtsApi): Promise<void>;
  /** Shows what the service holds after a failed request (it may have acted anyway). */
  refreshAfterFailure(): void;
}

/**
 * Sends the one request a confirmation allows: claims the target first (so a second invocation sends
 * nothing), refuses when the connection changed since the target was read, then sends once with
 * progress. Resolves with the client that sent it (to follow the deletion with), or undefined when
 * the target was already being deleted; throws a `CommandError` saying what was not done.
 */
export async function sendConfirmedDeletion(
  deps: Pick<TargetDeps, 'connection'> & { readonly logger: { info(line: string): void } },
  deletion: ConfirmedDeletion,
): Promise<ModelArtsApi | undefined> {
  if (!deletion.claim()) {
    void showInfo(`The deletion of ${deletion.what} is already in progress.`);
    return undefined;
  }
  const client = deletion.connection.client;
  try {
    await ensureSameConnection(deps, deletion.connection);
  } catch (error) {
    deletion.release();
    throw new CommandError(`Did not delete ${deletion.what}`, error);
  }
  try {
    await withProgress(deletion.progressTitle, () => deletion.send(client));
  } catch (error) {
    deletion.release();
    deletion.refreshAfterFailure();
    throw new CommandError(`Could not delete ${deletion.what}`, error);
  }
  deps.logger.info(`Deletion of ${deletion.what} accepted; waiting for ModelArts to confirm it.`);
  return client;
}
