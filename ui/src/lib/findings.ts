// The findings explorer's logic: filtering, text search, sorting, grouping
// and facet values over (up to) tens of thousands of findings. Pure
// functions, so they are unit-tested and benchmarked without a window.
import type { Finding, Risk, ScanFindings } from "./bindings";
import { compareQuestions, serviceOf } from "./format";

export interface Filters {
  pillar: string;
  question: string;
  region: string;
  risk: string;
  impact: string;
  domain: string;
  service: string;
  /** An account id (an organization review); "": every account. */
  account: string;
  /** "active" (default), "suppressed", or "all". */
  suppressed: "active" | "suppressed" | "all";
  text: string;
}

export const NO_FILTERS: Filters = {
  pillar: "",
  question: "",
  region: "",
  risk: "",
  impact: "",
  domain: "",
  service: "",
  account: "",
  suppressed: "all",
  text: "",
};

/** "none": the order the findings arrive in from Rust, core's
 * `finding_order` (risk, pillar, rule, region, resource: most urgent first).
 * The others sort by one column and keep that order among equals. */
export type SortKey = "none" | "rule" | "region" | "resource" | "question";
export type GroupKey = "none" | "rule" | "question";

/** A finding with what filtering needs precomputed once per load: one
 * object of one shape per finding (with 50,000 findings, most of the
 * window's memory is these). */
export interface IndexedFinding extends Finding {
  service: string;
  /** Lower-cased fields for the text search. Ids and ARNs are mostly lower
   * case already, and then these are the very same strings (no copy). */
  typeLower: string;
  idLower: string;
  arnLower: string;
  detailLower: string;
  /** Lower-cased text of its rule (id, title, question, best practices),
   * one string shared by every finding of the rule. */
  ruleHaystack: string;
}

const RISK_ORDER: Record<Risk, number> = { high: 0, medium: 1, low: 2 };

/** The lower-case form of `text`, or `text` itself when it is already. */
function lower(text: string): string {
  const lowered = text.toLowerCase();
  return lowered === text ? text : lowered;
}

function ruleHaystack(r: { id: string; title: string; question: string; best_practices: string[] }): string {
  return [r.id, r.title, r.question, r.best_practices.join(" ")].join("\u0001").toLowerCase();
}

/** The fields a finding has of its own (the rest comes from its rule). */
type Own = Pick<
  Finding,
  "rule_id" | "region" | "resource_type" | "resource_id" | "arn" | "detail" | "suppressed" | "account_id"
>;

/** Builds one finding from its own fields and its rule. */
function indexed(
  own: Own,
  rule: Omit<Finding, keyof Own>,
  ruleText: string,
  typeLower: string,
): IndexedFinding {
  return {
    rule_id: own.rule_id,
    title: rule.title,
    pillar: rule.pillar,
    question: rule.question,
    best_practices: rule.best_practices,
    risk: rule.risk,
    impact: rule.impact,
    domain: rule.domain,
    region: own.region,
    resource_type: own.resource_type,
    resource_id: own.resource_id,
    arn: own.arn,
    detail: own.detail,
    suppressed: own.suppressed,
    account_id: own.account_id,
    service: serviceOf(own.resource_type),
    typeLower,
    idLower: lower(own.resource_id),
    arnLower: own.arn === null ? "" : lower(own.arn),
    detailLower: lower(own.detail),
    ruleHaystack: ruleText,
  };
}

/** Memoises a string function over the few distinct values of a field. */
function memo(f: (key: string) => string): (key: string) => string {
  const cache = new Map<string, string>();
  return (key) => {
    let value = cache.get(key);
    if (value === undefined) cache.set(key, (value = f(key)));
    return value;
  };
}

/** Rebuilds the findings from the explorer's columns: rules, regions and
 * resource types come once and are shared by every finding naming them. */
export function indexRows(
  data: Pick<ScanFindings, "rules" | "regions" | "resource_types" | "accounts" | "findings">,
): IndexedFinding[] {
  const { rules, regions, resource_types: types, accounts, findings: f } = data;
  const ruleTexts = rules.map(ruleHaystack);
  const typesLower = types.map(lower);
  const out: IndexedFinding[] = new Array(f.rule.length);
  for (let i = 0; i < f.rule.length; i++) {
    const rule = rules[f.rule[i]];
    const own: Own = {
      rule_id: rule.id,
      region: regions[f.region[i]],
      resource_type: types[f.resource_type[i]],
      resource_id: f.resource_id[i],
      arn: f.arn[i],
      detail: f.detail[i],
      suppressed: f.suppressed[i],
      account_id: accounts[f.account[i]] ?? null,
    };
    out[i] = indexed(own, rule, ruleTexts[f.rule[i]], typesLower[f.resource_type[i]]);
  }
  return out;
}

/** Findings given whole (tests, the benchmark), indexed the same way. */
export function indexFindings(findings: Finding[]): IndexedFinding[] {
  const typeLower = memo(lower);
  return findings.map((f) =>
    indexed(f, f, ruleHaystack({ ...f, id: f.rule_id }), typeLower(f.resource_type)),
  );
}

export function matches(f: IndexedFinding, filters: Filters, words: string[]): boolean {
  if (filters.pillar && f.pillar !== filters.pillar) return false;
  if (filters.question && f.question !== filters.question) return false;
  if (filters.region && f.region !== filters.region) return false;
  if (filters.risk && f.risk !== filters.risk) return false;
  if (filters.impact && f.impact !== filters.impact) return false;
  if (filters.domain && f.domain !== filters.domain) return false;
  if (filters.service && f.service !== filters.service) return false;
  if (filters.account && f.account_id !== filters.account) return false;
  if (filters.suppressed === "active" && f.suppressed) return false;
  if (filters.suppressed === "suppressed" && !f.suppressed) return false;
  for (const word of words) {
    if (
      !f.idLower.includes(word) &&
      !f.ruleHaystack.includes(word) &&
      !f.region.includes(word) &&
      !f.arnLower.includes(word) &&
      !f.typeLower.includes(word) &&
      !f.detailLower.includes(word)
    )
      return false;
  }
  return true;
}

/** Every search word must appear (in any field). */
export function searchWords(text: string): string[] {
  return text.toLowerCase().split(/\s+/).filter(Boolean);
}

export function filterFindings(items: IndexedFinding[], filters: Filters): IndexedFinding[] {
  // A plain copy: the UI's filters are a reactive proxy, and reading its
  // fields 50,000 times through the proxy costs more than the filtering.
  const plain: Filters = { ...filters };
  const words = searchWords(plain.text);
  return items.filter((item) => matches(item, plain, words));
}

/** Code-unit order: ids and region names are ASCII, and it is many times
 * faster than `localeCompare` over 50,000 rows. */
function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

const COLUMN: Record<Exclude<SortKey, "none">, (a: IndexedFinding, b: IndexedFinding) => number> = {
  rule: (a, b) => cmp(a.rule_id, b.rule_id),
  region: (a, b) => cmp(a.region, b.region),
  resource: (a, b) => cmp(a.resource_id, b.resource_id),
  question: (a, b) => compareQuestions(a.question, b.question),
};

/** The findings in the order of `key`. "none" is the arrival order itself
 * (the same array, no JavaScript comparator that could disagree with
 * Rust's); a column sort is stable, so equal values keep that order. */
export function sortFindings(items: IndexedFinding[], key: SortKey): IndexedFinding[] {
  if (key === "none") return items;
  return [...items].sort(COLUMN[key]);
}

/** A group header of the explorer's table. */
export interface GroupRow {
  kind: "group";
  key: string;
  title: string;
  count: number;
  risk: Risk;
  open: boolean;
}

/** A row of the explorer's table: a group header or one finding (itself:
 * no wrapper object per finding on every filter change). */
export type Row = GroupRow | IndexedFinding;

export function isGroup(row: Row): row is GroupRow {
  return "kind" in row;
}

/** Sorting once per sort key and filtering the sorted list keeps the
 * order, so a filter change costs one linear pass. */
/** Flattens sorted findings into table rows, with group headers when
 * grouping; a closed group shows only its header. */
export function buildRows(
  items: IndexedFinding[],
  group: GroupKey,
  open: Set<string>,
  titles: (key: string) => string = (key) => key,
): Row[] {
  if (group === "none") return items;
  const groups = new Map<string, IndexedFinding[]>();
  for (const item of items) {
    const key = group === "rule" ? item.rule_id : item.question;
    let list = groups.get(key);
    if (!list) groups.set(key, (list = []));
    list.push(item);
  }
  const worst = new Map<string, Risk>();
  for (const [key, members] of groups) {
    worst.set(
      key,
      members.reduce((w, i) => (RISK_ORDER[i.risk] < RISK_ORDER[w] ? i.risk : w), "low" as Risk),
    );
  }
  const keys = [...groups.keys()];
  keys.sort(
    (a, b) =>
      RISK_ORDER[worst.get(a)!] - RISK_ORDER[worst.get(b)!] ||
      (group === "question" ? compareQuestions(a, b) : cmp(a, b)),
  );
  const rows: Row[] = [];
  for (const key of keys) {
    const members = groups.get(key)!;
    const isOpen = open.has(key);
    rows.push({
      kind: "group",
      key,
      title: titles(key),
      count: members.length,
      risk: worst.get(key)!,
      open: isOpen,
    });
    if (isOpen) for (const item of members) rows.push(item);
  }
  return rows;
}

/** The distinct values of a field, for the filter drop-downs. */
export function facetValues(items: IndexedFinding[], pick: (i: IndexedFinding) => string): string[] {
  const values = new Set<string>();
  for (const item of items) values.add(pick(item));
  return [...values].sort();
}
