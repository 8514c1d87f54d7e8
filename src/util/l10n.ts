/**
 * User-facing text in the display language. In the extension, {@link t} is VS Code's `l10n.t` (wired
 * at activation: the strings are the keys of `l10n/bundle.l10n.<locale>.json`); in plain Node (unit
 * tests, the bench) it is the English text with its `{0}`, `{1}`… filled in. Code that imports
 * `vscode` calls `vscode.l10n.t` itself; the pure layers (`model`, `actions`) call this.
 *
 * Every message is a literal string, so a unit test can check that each has its translation; text from
 * a server (names, IDs, error messages) is passed as an argument and never translated.
 */

export type L10nArg = string | number | boolean;
type Translate = (message: string, ...args: L10nArg[]) => string;

/** The English text with its placeholders filled in. */
export function fill(message: string, ...args: L10nArg[]): string {
  return message.replace(/\{(\d+)\}/g, (whole, index: string) => (Number(index) < args.length ? String(args[Number(index)]) : whole));
}

let translate: Translate = fill;

/** Sets the translator (the extension: `vscode.l10n.t`). */
export function setTranslator(fn: Translate): void {
  translate = fn;
}

/** `message` in the display language, its placeholders filled with `args`. */
export function t(message: string, ...args: L10nArg[]): string {
  return translate(message, ...args);
}

/**
 * Marks a literal for translation where it is shown, not here (a button's name, a table's label): the
 * translation check finds it, and the surface that shows it passes it through {@link t}.
 */
export function msg(message: string): string {
  return message;
}
