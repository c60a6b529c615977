// Labels, colours and number formats shared by the views.
import type { Customer, Domain, Impact, Pillar, Risk } from "./bindings";

export const PILLARS: Pillar[] = [
  "operational-excellence",
  "security",
  "reliability",
  "performance-efficiency",
  "cost-optimization",
  "sustainability",
];
export const RISKS: Risk[] = ["high", "medium", "low"];
export const IMPACTS: Impact[] = [
  "downtime",
  "data-loss",
  "security",
  "cost",
  "performance",
  "sustainability",
];
export const DOMAINS: Domain[] = [
  "compute",
  "database",
  "storage",
  "network",
  "identity",
  "security",
  "monitoring",
  "messaging",
  "serverless",
  "governance",
];

const PILLAR_TITLES: Record<Pillar, string> = {
  "operational-excellence": "Operational Excellence",
  security: "Security",
  reliability: "Reliability",
  "performance-efficiency": "Performance Efficiency",
  "cost-optimization": "Cost Optimization",
  sustainability: "Sustainability",
};

export const RISK_COLOURS: Record<Risk, string> = { high: "#c62828", medium: "#ef8f00", low: "#5c7f99" };
export const PILLAR_COLOURS: Record<Pillar, string> = {
  "operational-excellence": "#6d4c9f",
  security: "#c62828",
  reliability: "#0b6e99",
  "performance-efficiency": "#2e7d32",
  "cost-optimization": "#ef8f00",
  sustainability: "#00897b",
};

export function pillarTitle(p: Pillar): string {
  return PILLAR_TITLES[p] ?? p;
}

/** "data-loss" -> "Data loss". */
export function label(word: string): string {
  const text = word.replace(/-/g, " ");
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** `AWS::EC2::Instance` -> `EC2`. */
export function serviceOf(resourceType: string): string {
  return resourceType.split("::")[1] ?? resourceType;
}

/** Orders WA question ids ("REL2", "REL10", "SEC6") by pillar prefix,
 * then number. */
export function compareQuestions(a: string, b: string): number {
  const parse = (q: string): [string, number] => {
    const m = /^([A-Z]+)\s*(\d+)$/.exec(q.trim());
    return m ? [m[1], Number(m[2])] : [q, 0];
  };
  const [pa, na] = parse(a);
  const [pb, nb] = parse(b);
  return pa === pb ? na - nb : pa.localeCompare(pb);
}

export function formatCount(n: number): string {
  return n.toLocaleString("en-US");
}

export function formatPct(value: number | null | undefined): string {
  if (value === null || value === undefined || Number.isNaN(value)) return "–";
  return `${Math.round(value * 10) / 10} %`;
}

/** RFC 3339 -> "2026-11-25 14:05 UTC". */
export function formatTime(rfc3339: string | null | undefined): string {
  if (!rfc3339) return "–";
  const d = new Date(rfc3339);
  if (Number.isNaN(d.getTime())) return rfc3339;
  return d.toISOString().slice(0, 16).replace("T", " ") + " UTC";
}

/** Health score band, for its colour. */
export function scoreBand(score: number): "good" | "fair" | "poor" {
  return score >= 80 ? "good" : score >= 50 ? "fair" : "poor";
}

/** How a customer's account is reached, for the customer's header: the
 * role, or the AWS profile (none named: the default credential chain). */
export function accessLabel(customer: Pick<Customer, "access" | "role_arn" | "profile">): string {
  if (customer.access === "role") return `role ${customer.role_arn ?? ""}`;
  return customer.profile ? `profile ${customer.profile}` : "default AWS credentials";
}

/** An account's not-assessed reason without the "not assessed:" that the
 * stored reason starts with (the accounts table says so already). */
export function notAssessedReason(reason: string | null | undefined): string {
  return (reason ?? "").replace(/^not assessed:\s*/i, "");
}

/** A list typed as text: items between commas or on their own lines. */
export function listFromText(text: string): string[] {
  return text
    .split(/[,\n]/)
    .map((item) => item.trim())
    .filter((item) => item.length > 0);
}

/** A list shown as text, as `listFromText` reads it back. */
export function listToText(items: readonly string[]): string {
  return items.join(", ");
}
