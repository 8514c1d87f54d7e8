/**
 * A flow of input boxes and pickers that reads as one dialog: each step says "n of m" (`step`,
 * `totalSteps`), has a Back button from the second step on, keeps what was entered when the user goes
 * back, and can start at any step (Edit and Retry goes straight to the step that was wrong).
 */
import * as vscode from 'vscode';
import { t } from '../util/l10n';

/** How a box ended other than with an answer. */
class FlowExit extends Error {
  constructor(readonly how: 'back' | 'cancel') {
    super(how);
  }
}

/** One box of the flow: where it stands, and the two kinds of question it can ask. */
export interface StepInput {
  /** A text answer; `validate` returns a message to keep the box open. */
  text(options: {
    readonly title: string;
    readonly prompt: string;
    readonly value?: string;
    readonly placeholder?: string;
    readonly password?: boolean;
    readonly validate?: (value: string) => string | undefined;
  }): Promise<string>;
  /** A choice among `items` (separators allowed); `active` starts highlighted. */
  pick<T extends vscode.QuickPickItem>(options: {
    readonly title: string;
    readonly placeholder: string;
    readonly items: readonly T[];
    readonly active?: T;
    readonly matchOnDetail?: boolean;
  }): Promise<T>;
  /**
   * A choice of any number of `items` (checkboxes; separators allowed), those with `picked` checked at
   * first; `describe` retitles the box as the checks change (totals). Resolves with the checked items
   * on Enter (none checked: the box stays open).
   */
  pickMany<T extends vscode.QuickPickItem>(options: PickManyOptions<T>): Promise<T[]>;
}

/** What a checkbox list shows (see {@link StepInput.pickMany}). */
export interface PickManyOptions<T extends vscode.QuickPickItem> {
  readonly title: string;
  readonly placeholder: string;
  readonly items: readonly T[];
  /** The title's end as the checks change (totals). */
  readonly describe?: (checked: readonly T[]) => string;
  /** Enter with nothing checked answers "none" (otherwise the box stays open). */
  readonly allowNone?: boolean;
}

/**
 * Runs the steps named by `steps()` (asked again after each step: an answer may add or remove later
 * steps), from `start` (default the first). `ask(name, input)` asks one step and stores its answer.
 * Resolves true when the last step was answered, false when the user cancelled (Escape).
 */
export async function runSteps<Name extends string>(
  steps: () => readonly Name[], ask: (name: Name, input: StepInput) => Promise<void>, start?: Name,
): Promise<boolean> {
  let index = Math.max(0, start === undefined ? 0 : steps().indexOf(start));
  while (index < steps().length) {
    const names = steps();
    try {
      await ask(names[index], boxes(index + 1, names.length));
      index++;
    } catch (error) {
      if (!(error instanceof FlowExit)) {
        throw error;
      }
      if (error.how === 'cancel') {
        return false;
      }
      index = Math.max(0, index - 1);
    }
  }
  return true;
}

/** The boxes of step `step` of `total`. */
function boxes(step: number, total: number): StepInput {
  const buttons = step > 1 ? [vscode.QuickInputButtons.Back] : [];
  return {
    text: options => {
      const box = vscode.window.createInputBox();
      Object.assign(box, { step, totalSteps: total, buttons, ignoreFocusOut: true });
      box.title = options.title;
      box.prompt = options.prompt;
      box.value = options.value ?? '';
      box.placeholder = options.placeholder;
      box.password = options.password === true;
      return answer(box, resolve => {
        box.onDidChangeValue(() => { box.validationMessage = undefined; });
        box.onDidAccept(() => {
          const problem = options.validate?.(box.value);
          box.validationMessage = problem;
          if (problem === undefined) {
            resolve(box.value);
          }
        });
      });
    },
    pick: options => {
      const box = vscode.window.createQuickPick<(typeof options.items)[number]>();
      Object.assign(box, { step, totalSteps: total, buttons, ignoreFocusOut: true, matchOnDescription: true, matchOnDetail: options.matchOnDetail === true });
      box.title = options.title;
      box.placeholder = options.placeholder;
      box.items = options.items;
      if (options.active) {
        box.activeItems = [options.active];
      }
      return answer(box, resolve => {
        box.onDidAccept(() => {
          const chosen = box.selectedItems[0] ?? box.activeItems[0];
          if (chosen) {
            resolve(chosen);
          }
        });
      });
    },
    pickMany: options => pickMany(step, total, buttons, options),
  };
}

/** A checkbox list of the flow (see {@link StepInput.pickMany}). */
function pickMany<T extends vscode.QuickPickItem>(step: number, total: number, buttons: vscode.QuickInputButton[], options: PickManyOptions<T>): Promise<T[]> {
  const box = vscode.window.createQuickPick<T>();
  Object.assign(box, { step, totalSteps: total, buttons, ignoreFocusOut: true, canSelectMany: true, matchOnDescription: true, matchOnDetail: true });
  box.title = options.title;
  box.placeholder = options.placeholder;
  box.items = options.items;
  box.selectedItems = options.items.filter(item => item.picked === true);
  const retitle = (checked: readonly T[]) => {
    box.title = options.describe ? t('{0}: {1}', options.title, options.describe(checked)) : options.title;
  };
  retitle(box.selectedItems);
  return answer(box, resolve => {
    box.onDidChangeSelection(retitle);
    box.onDidAccept(() => {
      if (box.selectedItems.length > 0 || options.allowNone === true) {
        resolve([...box.selectedItems]);
      }
    });
  });
}

/** Shows `box` until it is answered (through `wire`), or left with Back or Escape. */
function answer<T>(box: vscode.QuickInput & { onDidTriggerButton: vscode.Event<vscode.QuickInputButton> }, wire: (resolve: (value: T) => void) => void): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    let settled = false;
    const done = (outcome: () => void): void => {
      if (!settled) {
        settled = true;
        outcome();
        box.dispose();
      }
    };
    wire(value => done(() => resolve(value)));
    box.onDidTriggerButton(button => {
      if (button === vscode.QuickInputButtons.Back) {
        done(() => reject(new FlowExit('back')));
      }
    });
    box.onDidHide(() => done(() => reject(new FlowExit('cancel'))));
    box.show();
  });
}
