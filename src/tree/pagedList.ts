/** A paged list of children that loads one page at a time, never two at once. */

/** One page as the API returned it. */
export interface Page<T> {
  readonly items: readonly T[];
  /** How many items exist in all (`job_total_count`, `version_count`); undefined when not known. */
  readonly total: number | undefined;
}

/** Fetches page `page` (1-based) of `perPage` items; `signal` aborts when the list is {@link PagedList.cancel}led. */
export type PageFetcher<T> = (page: number, perPage: number, signal: AbortSignal) => Promise<Page<T>>;

/**
 * The loaded pages of one parent's children. `loadNext()` is single-flight: while a page is loading,
 * every call returns the same promise, so a double click on "Load more…" sends one request. Items
 * are de-duplicated by key, since a job created between two page requests shifts the pages right.
 * An item removed locally (a version confirmed deleted) shifts them left: the next load fetches the
 * last loaded page again first, so the item that moved up into it is not skipped.
 */
export class PagedList<T> {
  private readonly loaded: T[] = [];
  private readonly keys = new Set<string>();
  private pagesLoaded = 0;
  private knownTotal?: number;
  private lastPageShort = false;
  private inFlight?: Promise<void>;
  private lastError?: unknown;
  /** Loaded items removed since the last page was fetched: the server's pages have shifted left by this many. */
  private removedSinceFetch = 0;
  private readonly aborted = new AbortController();

  constructor(
    private readonly fetchPage: PageFetcher<T>,
    readonly perPage: number,
    private readonly keyOf: (item: T) => string,
  ) {}

  /** The items loaded so far, in the API's order. */
  get items(): readonly T[] {
    return this.loaded;
  }

  /** The total the API last reported, if any page has loaded. */
  get total(): number | undefined {
    return this.knownTotal;
  }

  /** The error of the last load, cleared when a load succeeds. */
  get error(): unknown {
    return this.lastError;
  }

  /** True when items are loaded but the next page failed: Retry loads that page again, keeping the rest. */
  get nextPageFailed(): boolean {
    return this.loaded.length > 0 && this.lastError !== undefined;
  }

  /** True once the first page has been attempted (loaded or failed). */
  get started(): boolean {
    return this.pagesLoaded > 0 || this.lastError !== undefined;
  }

  /** True while a page is loading. */
  get loading(): boolean {
    return this.inFlight !== undefined;
  }

  /** The page the next `loadNext()` fetches. */
  get nextPage(): number {
    return this.pagesLoaded + 1;
  }

  /**
   * True when more items may exist: the last page was full, and the total (when known) is larger than
   * what is loaded. Without a total, paging ends on the first short page.
   */
  get hasMore(): boolean {
    return this.pagesLoaded > 0 && !this.lastPageShort && (this.knownTotal === undefined || this.loaded.length < this.knownTotal);
  }

  /** Loads the next page; resolves (never rejects) once it is loaded or has failed into `error`. */
  loadNext(): Promise<void> {
    if (!this.inFlight) {
      this.inFlight = this.fetchNext().finally(() => {
        this.inFlight = undefined;
      });
    }
    return this.inFlight;
  }

  /**
   * Loads pages until page `page` is loaded, no more exist, or a load fails: what a click on the
   * "Load more…" node of page `page` asks for, even if the list was reloaded since that node was drawn.
   */
  async ensurePage(page: number): Promise<void> {
    if (this.loading) {
      await this.loadNext();
    }
    while (this.pagesLoaded < page && (!this.started || this.hasMore || this.error !== undefined)) {
      await this.loadNext();
      if (this.error !== undefined) {
        return;
      }
    }
  }

  /**
   * Aborts the load in flight, if any: the list has been superseded (a refresh, a connection change),
   * so its answer would be thrown away anyway. A cancelled list loads nothing more.
   */
  cancel(): void {
    this.aborted.abort();
  }

  /** True when an item with this key is loaded. */
  has(key: string): boolean {
    return this.keys.has(key);
  }

  /** Removes an item (say, a version confirmed deleted) without reloading. */
  remove(key: string): boolean {
    const index = this.loaded.findIndex(item => this.keyOf(item) === key);
    if (index < 0) {
      return false;
    }
    this.loaded.splice(index, 1);
    this.keys.delete(key);
    this.removedSinceFetch++;
    if (this.knownTotal !== undefined) {
      this.knownTotal = Math.max(0, this.knownTotal - 1);
    }
    return true;
  }

  /** Replaces the loaded item with the same key (say, with fresher data); false when none is loaded. */
  replace(item: T): boolean {
    const key = this.keyOf(item);
    const index = this.loaded.findIndex(loaded => this.keyOf(loaded) === key);
    if (index < 0) {
      return false;
    }
    this.loaded[index] = item;
    return true;
  }

  private async fetchNext(): Promise<void> {
    const page = this.pagesLoaded + 1;
    try {
      if (this.removedSinceFetch > 0 && this.pagesLoaded > 0) {
        // The first item not seen yet now sits at position pagesLoaded * perPage - removed + 1.
        const first = Math.max(1, this.pagesLoaded - Math.ceil(this.removedSinceFetch / this.perPage) + 1);
        for (let again = first; again < page; again++) {
          this.add(await this.fetchPage(again, this.perPage, this.aborted.signal));
        }
        this.removedSinceFetch = 0;
      }
      const result = await this.fetchPage(page, this.perPage, this.aborted.signal);
      this.add(result);
      this.pagesLoaded = page;
      this.lastPageShort = result.items.length < this.perPage;
      this.lastError = undefined;
    } catch (error) {
      this.lastError = error;
    }
  }

  private add(result: Page<T>): void {
    for (const item of result.items) {
      const key = this.keyOf(item);
      if (!this.keys.has(key)) {
        this.keys.add(key);
        this.loaded.push(item);
      }
    }
    this.knownTotal = result.total;
  }
}
