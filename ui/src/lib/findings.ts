// The findings explorer's logic: filtering, text search, sorting, grouping
// and facet values over (up to) tens of thousands of findings. Pure
// functions, so they are unit-tested and benchmarked without a window.
import type { Finding, Risk } from "./bindings";
import { compareQuestions, serviceOf } from "./format";

export interface Filters {
  pillar: string;
  question: string;
  region: string;
  risk: string;
  impact: string;
  domain: string;
  service: string;
  /** "active" (default), "suppressed", or "all". */
  suppressed: "active" | "suppressed" | "all";
  text: string;
}

export const NO_FILTERS: Filters = {
  pillar: "", question: "", region: "", risk: "", impact: "", domain: "", service: "",
  suppressed: "all", text: "",
};

export type SortKey = "risk" | "rule" | "region" | "resource" | "question";
export type GroupKey = "none" | "rule" | "question";

/** A finding with what filtering needs precomputed once per load. */
export interface IndexedFinding {
  finding: Finding;
  service: string;
  /** Lower-cased text the search box matches. */
  haystack: string;
}

const RISK_ORDER: Record<Risk, number> = { high: 0, medium: 1, low: 2 };

export function indexFindings(findings: Finding[]): IndexedFinding[] {
  return findings.map((finding) => ({
    finding,
    service: serviceOf(finding.resource_type),
    haystack: [
      finding.rule_id, finding.title, finding.question, finding.best_practices.join(" "),
      finding.region, finding.resource_type, finding.resource_id, finding.arn ?? "", finding.detail,
    ].join("\u0001").toLowerCase(),
  }));
}

export function matches(item: IndexedFinding, filters: Filters, words: string[]): boolean {
  const f = item.finding;
  if (filters.pillar && f.pillar !== filters.pillar) return false;
  if (filters.question && f.question !== filters.question) return false;
  if (filters.region && f.region !== filters.region) return false;
  if (filters.risk && f.risk !== filters.risk) return false;
  if (filters.impact && f.impact !== filters.impact) return false;
  if (filters.domain && f.domain !== filters.domain) return false;
  if (filters.service && item.service !== filters.service) return false;
  if (filters.suppressed === "active" && f.suppressed) return false;
  if (filters.suppressed === "suppressed" && !f.suppressed) return false;
  for (const word of words) if (!item.haystack.includes(word)) return false;
  return true;
}

/** Every search word must appear (in any field). */
export function searchWords(text: string): string[] {
  return text.toLowerCase().split(/\s+/).filter(Boolean);
}

export function filterFindings(items: IndexedFinding[], filters: Filters): IndexedFinding[] {
  const words = searchWords(filters.text);
  return items.filter((item) => matches(item, filters, words));
}

function compareBy(key: SortKey): (a: IndexedFinding, b: IndexedFinding) => number {
  const byRisk = (a: IndexedFinding, b: IndexedFinding) =>
    RISK_ORDER[a.finding.risk] - RISK_ORDER[b.finding.risk];
  const text = (pick: (f: Finding) => string) => (a: IndexedFinding, b: IndexedFinding) =>
    pick(a.finding).localeCompare(pick(b.finding));
  const tieBreak = (a: IndexedFinding, b: IndexedFinding) =>
    a.finding.rule_id.localeCompare(b.finding.rule_id) ||
    a.finding.region.localeCompare(b.finding.region) ||
    a.finding.resource_id.localeCompare(b.finding.resource_id);
  const primary = {
    risk: byRisk,
    rule: text((f) => f.rule_id),
    region: text((f) => f.region),
    resource: text((f) => f.resource_id),
    question: (a: IndexedFinding, b: IndexedFinding) =>
      compareQuestions(a.finding.question, b.finding.question),
  }[key];
  return (a, b) => primary(a, b) || byRisk(a, b) || tieBreak(a, b);
}

export function sortFindings(items: IndexedFinding[], key: SortKey): IndexedFinding[] {
  return [...items].sort(compareBy(key));
}

/** A row of the explorer's table: a group header or one finding. */
export type Row =
  | { kind: "group"; key: string; title: string; count: number; risk: Risk; open: boolean }
  | { kind: "finding"; item: IndexedFinding };

/** Flattens sorted findings into table rows, with group headers when
 * grouping; a closed group shows only its header. */
export function buildRows(
  items: IndexedFinding[],
  group: GroupKey,
  open: Set<string>,
  titles: (key: string) => string = (key) => key,
): Row[] {
  if (group === "none") return items.map((item) => ({ kind: "finding", item }));
  const groups = new Map<string, IndexedFinding[]>();
  for (const item of items) {
    const key = group === "rule" ? item.finding.rule_id : item.finding.question;
    let list = groups.get(key);
    if (!list) groups.set(key, (list = []));
    list.push(item);
  }
  const keys = [...groups.keys()];
  keys.sort((a, b) => {
    const ra = Math.min(...groups.get(a)!.map((i) => RISK_ORDER[i.finding.risk]));
    const rb = Math.min(...groups.get(b)!.map((i) => RISK_ORDER[i.finding.risk]));
    return ra - rb || (group === "question" ? compareQuestions(a, b) : a.localeCompare(b));
  });
  const rows: Row[] = [];
  for (const key of keys) {
    const members = groups.get(key)!;
    const worst = members.reduce((w, i) => (RISK_ORDER[i.finding.risk] < RISK_ORDER[w] ? i.finding.risk : w), "low" as Risk);
    const isOpen = open.has(key);
    rows.push({ kind: "group", key, title: titles(key), count: members.length, risk: worst, open: isOpen });
    if (isOpen) for (const item of members) rows.push({ kind: "finding", item });
  }
  return rows;
}

/** The distinct values of a field, for the filter drop-downs. */
export function facetValues(items: IndexedFinding[], pick: (i: IndexedFinding) => string): string[] {
  const values = new Set<string>();
  for (const item of items) values.add(pick(item));
  return [...values].sort();
}
