/**
 * The items the user protected from deletion, kept in the extension's global state (and synchronised
 * across machines by Settings Sync: `extension.ts` registers the key). Every deletion path asks here
 * before it asks the user, and `Actions` asks again before anything is sent.
 */
import { GLOBAL_STATE_KEYS } from '../constants';
import { protectingKeys, protectionKey, type ProtectedItem, type ProtectionScope } from '../model/protection';
import { Emitter } from '../util/emitter';

/** The part of `vscode.Memento` the store needs. */
export interface StateStore {
  get<T>(key: string): T | undefined;
  update(key: string, value: unknown): Thenable<void>;
}

/** The global-state key of the list of protected items. */
export const PROTECTED_STATE_KEY = GLOBAL_STATE_KEYS.protected;

/** Protected items: a set of keys. */
export class Protections {
  private readonly changed = new Emitter<void>();
  /** Fires after an item was protected or unprotected here, or the stored list changed elsewhere. */
  readonly onDidChange = this.changed.event;

  constructor(private readonly state: StateStore) {}

  /** True when `item` is protected, by itself or (a version) by its job. */
  isProtected(scope: ProtectionScope | undefined, item: ProtectedItem): boolean {
    if (!scope) {
      return false;
    }
    const keys = new Set(this.keys());
    return protectingKeys(scope, item).some(key => keys.has(key));
  }

  /** True when `item` itself is protected (not only through its job): what Unprotect can undo. */
  isOwnProtected(scope: ProtectionScope | undefined, item: ProtectedItem): boolean {
    return scope !== undefined && this.keys().includes(protectionKey(scope, item));
  }

  /** Protects (`on`) or unprotects `item`. */
  async set(scope: ProtectionScope, item: ProtectedItem, on: boolean): Promise<void> {
    const key = protectionKey(scope, item);
    const keys = this.keys().filter(k => k !== key);
    await this.state.update(PROTECTED_STATE_KEY, on ? [...keys, key] : keys);
    this.changed.fire();
  }

  /** Tells listeners that the stored list may have changed (another window, Settings Sync). */
  refresh(): void {
    this.changed.fire();
  }

  dispose(): void {
    this.changed.dispose();
  }

  private keys(): string[] {
    const stored = this.state.get<unknown>(PROTECTED_STATE_KEY);
    return Array.isArray(stored) ? stored.filter((k): k is string => typeof k === 'string') : [];
  }
}
