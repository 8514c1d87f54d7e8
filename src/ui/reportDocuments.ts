/**
 * Report documents (`modelarts-report:` URIs): read-only Markdown written by a command (what became
 * of each version of a batch deletion), opened rendered. Kept for the session of the connection they
 * describe only.
 */
import * as vscode from 'vscode';
import { t } from '../util/l10n';
import { REPORT_SCHEME } from '../constants';
import type { Connection } from '../model/connection';
import { CachedDocumentProvider, documentQuery, openRendered } from './documents';

/** Serves the reports; a report is never read from ModelArts, so once forgotten it is gone. */
export class ReportDocumentProvider extends CachedDocumentProvider {
  private count = 0;

  /** Keeps `markdown` as a new report named `title` and opens it rendered. */
  async open(title: string, markdown: string, connection: Pick<Connection, 'id'>): Promise<vscode.Uri> {
    const uri = vscode.Uri.from({
      scheme: REPORT_SCHEME,
      path: `/${title.replace(/[\\/?#%]/g, '_')}.md`,
      query: documentQuery(connection, { report: String(++this.count) }),
    });
    this.set(uri, markdown);
    await openRendered(uri);
    return uri;
  }

  protected async load(): Promise<string> {
    return this.stale();
  }

  protected stale(): string {
    return `# ${t('Report no longer available')}\n\n${t('Reports are kept until the window is reloaded or the ModelArts connection changes.')}\n`;
  }
}
