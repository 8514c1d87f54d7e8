/** What the destructive commands' confirmations share. */
import type { TargetConnection } from './versionTarget';

/** The confirmation button of a deletion: nothing is sent unless the user clicks exactly this. */
export const DELETE_BUTTON = 'Delete';

/** `Project 0123… in region eu-de`: where the request goes, as the dialogs say it. */
export function whereText(connection: Pick<TargetConnection, 'projectId' | 'region'>): string {
  return `Project ${connection.projectId} in region ${connection.region}`;
}
