/**
 * Stand-ins for the boxes `createInputBox()` and `createQuickPick()` return (prompts, faked at the
 * edge): every box the code shows is recorded with what it showed (title, step, total, value, items,
 * buttons), and answered by the test: a text, an item's label, Back, or Escape. A validation message
 * the code sets keeps the box open, as VS Code does; the test is then asked again.
 */
import * as assert from 'node:assert/strict';
import type * as sinon from 'sinon';
import * as vscode from 'vscode';

/** A box as the code showed it. */
export interface Shown {
  readonly kind: 'input' | 'pick';
  readonly title?: string;
  readonly step?: number;
  readonly totalSteps?: number;
  readonly prompt?: string;
  readonly placeholder?: string;
  /** The value it was shown with (a secret box shows none). */
  readonly value: string;
  readonly password: boolean;
  readonly items: readonly vscode.QuickPickItem[];
  readonly active?: vscode.QuickPickItem;
  /** A checkbox list: the items checked when it was shown. */
  readonly checked?: readonly vscode.QuickPickItem[];
  readonly hasBack: boolean;
  /** Set when the answer before was refused by the code's validation. */
  validationMessage?: string;
}

/**
 * How the test answers a box: type a text, pick the item with this label, go Back, or Escape; in a
 * checkbox list, uncheck the items `uncheck` holds for and press Enter.
 */
export type Answer = { readonly text: string } | { readonly pick: string } | { readonly uncheck: (item: vscode.QuickPickItem) => boolean } | 'back' | 'cancel';

/** Answers a box: `attempt` counts the answers the box's validation refused, plus one. */
export type Responder = (shown: Shown, attempt: number) => Answer;

class FakeBox {
  title?: string;
  step?: number;
  totalSteps?: number;
  prompt?: string;
  placeholder?: string;
  value = '';
  password = false;
  items: readonly vscode.QuickPickItem[] = [];
  activeItems: readonly vscode.QuickPickItem[] = [];
  selectedItems: readonly vscode.QuickPickItem[] = [];
  buttons: readonly vscode.QuickInputButton[] = [];
  validationMessage?: string;
  ignoreFocusOut = false;
  canSelectMany = false;
  matchOnDescription = false;
  matchOnDetail = false;
  busy = false;
  enabled = true;
  private hidden = false;
  private readonly accept = new vscode.EventEmitter<void>();
  private readonly hide = new vscode.EventEmitter<void>();
  private readonly button = new vscode.EventEmitter<vscode.QuickInputButton>();
  private readonly change = new vscode.EventEmitter<string>();
  readonly onDidAccept = this.accept.event;
  readonly onDidHide = this.hide.event;
  readonly onDidTriggerButton = this.button.event;
  readonly onDidChangeValue = this.change.event;
  readonly onDidChangeActive = new vscode.EventEmitter<readonly vscode.QuickPickItem[]>().event;
  private readonly selection = new vscode.EventEmitter<readonly vscode.QuickPickItem[]>();
  readonly onDidChangeSelection = this.selection.event;

  constructor(readonly kind: 'input' | 'pick', private readonly owner: FakeQuickInputs) {}

  show(): void {
    setImmediate(() => this.owner.answer(this));
  }

  dispose(): void {
    if (!this.hidden) {
      this.hidden = true;
      this.hide.fire();
    }
  }

  /** Applies an answer; true when the box is still open afterwards (its validation refused it). */
  apply(answer: Answer): boolean {
    if (answer === 'cancel') {
      this.dispose();
    } else if (answer === 'back') {
      this.button.fire(vscode.QuickInputButtons.Back);
    } else if ('uncheck' in answer) {
      assert.ok(this.canSelectMany, `the picker "${this.title}" is a checkbox list`);
      this.selectedItems = this.selectedItems.filter(item => !answer.uncheck(item));
      this.selection.fire(this.selectedItems);
      this.accept.fire();
    } else if ('text' in answer) {
      this.value = answer.text;
      this.change.fire(answer.text);
      this.accept.fire();
    } else {
      const item = this.items.find(i => i.label === answer.pick && i.kind !== vscode.QuickPickItemKind.Separator);
      assert.ok(item, `the picker "${this.title}" lists "${answer.pick}"`);
      this.selectedItems = [item];
      this.accept.fire();
    }
    return !this.hidden;
  }
}

/** Replaces both factories in `sandbox`; `respond` answers each box shown. */
export class FakeQuickInputs {
  readonly shown: Shown[] = [];

  constructor(sandbox: sinon.SinonSandbox, private respond: Responder) {
    sandbox.stub(vscode.window, 'createInputBox').callsFake(() => new FakeBox('input', this) as unknown as vscode.InputBox);
    sandbox.stub(vscode.window, 'createQuickPick').callsFake(() => new FakeBox('pick', this) as unknown as vscode.QuickPick<vscode.QuickPickItem>);
  }

  /** From now on answers with `respond`, and forgets the boxes shown so far. */
  answerWith(respond: Responder): void {
    this.respond = respond;
    this.shown.length = 0;
  }

  /** Records `box` as shown and answers it, again while its validation refuses the answer (at most 5 times). */
  answer(box: FakeBox): void {
    const shown: Shown = {
      kind: box.kind, title: box.title, step: box.step, totalSteps: box.totalSteps, prompt: box.prompt, placeholder: box.placeholder,
      value: box.value, password: box.password, items: box.items, active: box.activeItems[0],
      ...(box.canSelectMany ? { checked: box.selectedItems } : {}),
      hasBack: box.buttons.includes(vscode.QuickInputButtons.Back),
    };
    this.shown.push(shown);
    for (let attempt = 1; attempt <= 5; attempt++) {
      if (!box.apply(this.respond(shown, attempt))) {
        return;
      }
      shown.validationMessage = box.validationMessage;
    }
    box.apply('cancel');
  }
}
