/**
 * Keeps each editor of a followed log at its end while its user wants that (see {@link TailPlace}).
 */
import * as vscode from 'vscode';
import { TailPlace } from '../model/tailPlace';

export class FollowPlaces {
  private readonly places = new WeakMap<vscode.TextEditor, TailPlace>();

  constructor(private readonly now: () => number = Date.now) {}

  /** New lines came: shows the last line of `editor` if it keeps to the end. */
  keepAtEnd(editor: vscode.TextEditor): void {
    const last = editor.document.lineCount - 1;
    if (this.place(editor).revealEnd(this.now(), last)) {
      editor.revealRange(new vscode.Range(last, 0, last, 0), vscode.TextEditorRevealType.Default);
    }
  }

  /** The lines `editor` shows changed (the user scrolled, lines came, or the end was revealed). */
  moved(editor: vscode.TextEditor, visible: readonly vscode.Range[]): void {
    if (visible.length > 0) {
      const back = this.place(editor).moved(visible[0].start.line, visible[visible.length - 1].end.line, editor.document.lineCount, this.now());
      if (back !== undefined) {
        editor.revealRange(new vscode.Range(back, 0, back, 0), vscode.TextEditorRevealType.AtTop);
      }
    }
  }

  /** The user moved the cursor (a selection change by keyboard or mouse, not by an edit). */
  cursorMoved(editor: vscode.TextEditor, selections: readonly vscode.Selection[], kind: vscode.TextEditorSelectionChangeKind | undefined): void {
    if (selections.length > 0 && (kind === vscode.TextEditorSelectionChangeKind.Keyboard || kind === vscode.TextEditorSelectionChangeKind.Mouse)) {
      this.place(editor).cursorMoved(selections[0].active.line, editor.document.lineCount, this.now());
    }
  }

  private place(editor: vscode.TextEditor): TailPlace {
    let place = this.places.get(editor);
    if (!place) {
      place = new TailPlace(editor.visibleRanges[0]?.start.line ?? 0);
      this.places.set(editor, place);
    }
    return place;
  }
}
