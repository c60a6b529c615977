// The findings explorer's state per scan, kept while the window is open, so
// that switching tabs (which re-creates the explorer) neither re-fetches the
// findings nor loses the reviewer's filters:
// - the view (filters, sort, grouping, open groups, selected finding) of
//   every scan looked at: a few hundred bytes each;
// - the fetched, indexed findings of the last scan looked at only: 50,000
//   findings are most of the window's memory (README, desktop benchmark),
//   so a second scan's are not kept beside them.
// After a suppression changes, the findings are stale (a suppression applies
// to every scan of its customer) and are fetched again; the views stay.
import { api } from "./api";
import type { Finding, RuleInfo, ScanFindings } from "./bindings";
import {
  NO_FILTERS,
  indexRows,
  type Filters,
  type GroupKey,
  type IndexedFinding,
  type SortKey,
} from "./findings";

/** What identifies a finding within a scan (its rule on its resource, in
 * its account: an organization review holds the same resource ids, such as
 * an account's password policy, in several accounts). */
export type FindingKey = Pick<Finding, "rule_id" | "resource_type" | "region" | "resource_id" | "account_id">;

export function keyOf(f: FindingKey): FindingKey {
  return {
    rule_id: f.rule_id,
    resource_type: f.resource_type,
    region: f.region,
    resource_id: f.resource_id,
    account_id: f.account_id,
  };
}

/** The same identity as one string. */
export function findingId(f: FindingKey): string {
  return [f.rule_id, f.resource_type, f.region, f.resource_id, f.account_id ?? ""].join("\u0001");
}

export function sameFinding(a: FindingKey, b: FindingKey): boolean {
  return (
    a.rule_id === b.rule_id &&
    a.resource_id === b.resource_id &&
    a.region === b.region &&
    a.resource_type === b.resource_type &&
    (a.account_id ?? null) === (b.account_id ?? null)
  );
}

/** The reviewer's view of one scan's findings. */
export interface ExplorerView {
  filters: Filters;
  sort: SortKey;
  group: GroupKey;
  /** The group keys shown open. */
  open: string[];
  selected: FindingKey | null;
}

export function defaultView(): ExplorerView {
  return { filters: { ...NO_FILTERS }, sort: "none", group: "none", open: [], selected: null };
}

function copyView(v: ExplorerView): ExplorerView {
  return {
    filters: { ...v.filters },
    sort: v.sort,
    group: v.group,
    open: [...v.open],
    selected: v.selected && keyOf(v.selected),
  };
}

/** A scan's findings as the explorer shows them. */
export interface ScanData {
  scanId: number;
  findings: IndexedFinding[];
  rules: Map<string, RuleInfo>;
  /** How each account id is shown (`name (id)`); empty for one account. */
  accountLabels: Map<string, string>;
}

export class ExplorerStore {
  #fetch: (scanId: number) => Promise<ScanFindings>;
  #keep: number;
  #views = new Map<number, ExplorerView>();
  /** Least recently used first. */
  #data = new Map<number, ScanData>();
  #stale = new Set<number>();
  #loading = new Map<number, Promise<ScanData>>();
  /** Bumped by `invalidate`: an answer to a fetch begun before is not kept. */
  #generation = 0;

  /** `keep`: how many scans' findings stay in memory. */
  constructor(fetch: (scanId: number) => Promise<ScanFindings>, keep = 1) {
    this.#fetch = fetch;
    this.#keep = keep;
  }

  /** The scan's view as last left (a copy), or the default one. */
  view(scanId: number): ExplorerView {
    const view = this.#views.get(scanId);
    return view ? copyView(view) : defaultView();
  }

  saveView(scanId: number, view: ExplorerView): void {
    this.#views.set(scanId, copyView(view));
  }

  /** The scan's findings already in memory, fresh or stale. */
  cached(scanId: number): ScanData | undefined {
    return this.#data.get(scanId);
  }

  isFresh(scanId: number): boolean {
    return this.#data.has(scanId) && !this.#stale.has(scanId);
  }

  /** The scan's findings: from memory when fresh, else fetched (once, for
   * every caller asking while the fetch runs). */
  load(scanId: number): Promise<ScanData> {
    const cached = this.#data.get(scanId);
    if (cached && !this.#stale.has(scanId)) {
      this.#touch(scanId, cached);
      return Promise.resolve(cached);
    }
    const pending = this.#loading.get(scanId);
    if (pending) return pending;
    const generation = this.#generation;
    const request = this.#fetch(scanId).then(
      (raw): ScanData => {
        const data = {
          scanId,
          findings: indexRows(raw),
          rules: new Map(raw.rules.map((r) => [r.id, r])),
          accountLabels: new Map(raw.accounts.map((id, i) => [id, raw.account_labels[i] ?? id])),
        };
        if (this.#loading.get(scanId) === request) this.#loading.delete(scanId);
        if (generation === this.#generation) {
          this.#stale.delete(scanId);
          this.#touch(scanId, data);
        }
        return data;
      },
      (e: unknown) => {
        if (this.#loading.get(scanId) === request) this.#loading.delete(scanId);
        throw e;
      },
    );
    this.#loading.set(scanId, request);
    return request;
  }

  /** Suppressions changed: every scan's findings are fetched again on
   * their next `load`; the views stay. */
  invalidate(): void {
    this.#generation++;
    for (const scanId of this.#data.keys()) this.#stale.add(scanId);
    this.#loading.clear();
  }

  /** Scans were deleted (their ids may come again): forget everything. */
  clear(): void {
    this.invalidate();
    this.#data.clear();
    this.#stale.clear();
    this.#views.clear();
  }

  #touch(scanId: number, data: ScanData): void {
    this.#data.delete(scanId);
    this.#data.set(scanId, data);
    for (const old of this.#data.keys()) {
      if (this.#data.size <= this.#keep) break;
      this.#data.delete(old);
      this.#stale.delete(old);
    }
  }
}

/** The window's one store. */
export const explorerStore = new ExplorerStore((scanId) => api.scanFindings(scanId));
