// Filtering 50,000 findings (target <= 200 ms per keystroke/filter change).
// Run with `npm run bench` in ui/.
import { bench, describe } from "vitest";
import type { Finding, Pillar, Risk } from "./bindings";
import { NO_FILTERS, buildRows, filterFindings, indexFindings, sortFindings } from "./findings";

const pillars: Pillar[] = ["security", "reliability", "cost-optimization", "operational-excellence"];
const risks: Risk[] = ["high", "medium", "low"];
const regions = ["eu-west-1", "us-east-1", "ap-southeast-2", "sa-east-1", "global"];

const findings: Finding[] = Array.from({ length: 50_000 }, (_, i) => ({
  rule_id: `rule-${i % 150}`, title: `Rule number ${i % 150} is failing`, pillar: pillars[i % 4],
  question: `SEC${(i % 11) + 1}`, best_practices: [`SEC0${i % 9}-BP01`], risk: risks[i % 3], impact: "security",
  domain: "compute", region: regions[i % 5], resource_type: "AWS::EC2::Instance", resource_id: `i-${i.toString(16).padStart(17, "0")}`,
  arn: `arn:aws:ec2:eu-west-1:123456789012:instance/i-${i}`, detail: "", suppressed: i % 50 === 0,
}));
const indexed = indexFindings(findings);

describe("50,000 findings", () => {
  bench("filter by region + risk", () => {
    filterFindings(indexed, { ...NO_FILTERS, region: "eu-west-1", risk: "high" });
  });
  bench("text search", () => {
    filterFindings(indexed, { ...NO_FILTERS, text: "i-00000000000000a1" });
  });
  bench("filter + sort + group by rule (the explorer's whole recompute)", () => {
    const rows = sortFindings(filterFindings(indexed, { ...NO_FILTERS, pillar: "security" }), "risk");
    buildRows(rows, "rule", new Set());
  });
  bench("index on load", () => {
    indexFindings(findings);
  });
});
