/**
 * The two sides of a comparison (`modelarts-compare:` URIs), opened in VS Code's diff editor: all
 * fields, or (toggled from the editor's title bar) the differences only. Kept for the session of the
 * connection they were read with.
 */
import * as vscode from 'vscode';
import { t } from '../util/l10n';
import { COMPARE_SCHEME } from '../constants';
import { comparisonText, type Fields } from '../model/comparison';
import type { Connection } from '../model/connection';
import { forLine } from '../util/sanitize';
import { CachedDocumentProvider, documentQuery } from './documents';

/** One side: what it is called, and its fields. */
export interface ComparisonSide {
  readonly title: string;
  readonly fields: Fields;
}

interface Comparison {
  readonly left: ComparisonSide;
  readonly right: ComparisonSide;
  readonly connection: Pick<Connection, 'id'>;
}

/** Serves the comparisons; never read from ModelArts, so once forgotten they are gone. */
export class ComparisonDocumentProvider extends CachedDocumentProvider {
  private count = 0;
  private readonly comparisons = new Map<string, Comparison>();

  /** Keeps a new comparison and opens it in the diff editor (all fields). */
  async open(left: ComparisonSide, right: ComparisonSide, connection: Pick<Connection, 'id'>): Promise<void> {
    const id = String(++this.count);
    this.comparisons.set(id, { left, right, connection });
    await this.show(id, false);
  }

  /** The comparison a document of this scheme belongs to, and whether it shows differences only. */
  comparisonOf(uri: vscode.Uri): { readonly id: string; readonly only: boolean } | undefined {
    if (uri.scheme !== COMPARE_SCHEME) {
      return undefined;
    }
    const query = new URLSearchParams(uri.query);
    const id = query.get('compare') ?? '';
    return this.comparisons.has(id) ? { id, only: query.get('only') === '1' } : undefined;
  }

  /** Opens comparison `id` in the diff editor, all fields or (`only`) the differences. */
  async show(id: string, only: boolean): Promise<void> {
    const comparison = this.comparisons.get(id);
    if (!comparison) {
      return;
    }
    const { left, right, connection } = comparison;
    const fileName = (title: string) => forLine(title, 80).replace(/[\\/?#%]/g, '_');
    const uriOf = (side: 'left' | 'right', title: string) => vscode.Uri.from({
      scheme: COMPARE_SCHEME,
      path: `/${only ? t('{0} (differences)', fileName(title)) : fileName(title)}.txt`,
      query: documentQuery(connection, { compare: id, side, only: only ? '1' : '0' }),
    });
    const [l, r] = [uriOf('left', left.title), uriOf('right', right.title)];
    this.set(l, comparisonText(left.title, left.fields, right.fields, only));
    this.set(r, comparisonText(right.title, right.fields, left.fields, only));
    const [lt, rt] = [forLine(left.title, 80), forLine(right.title, 80)];
    const title = only ? t('{0} ↔ {1} (differences only)', lt, rt) : `${lt} ↔ ${rt}`;
    await vscode.commands.executeCommand('vscode.diff', l, r, title, { preview: false });
  }

  protected async load(): Promise<string> {
    return this.stale();
  }

  protected stale(): string {
    return `# ${t('Comparison no longer available')}\n\n${t('Comparisons are kept until the window is reloaded or the ModelArts connection changes.')}\n`;
  }
}
