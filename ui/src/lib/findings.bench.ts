// The explorer's logic over 50,000 findings (target <= 200 ms per
// keystroke / filter change). Run with `npm run bench` in ui/.
import { bench, describe } from "vitest";
import type { Pillar, Risk, ScanFindings } from "./bindings";
import { NO_FILTERS, buildRows, filterFindings, indexRows, sortFindings } from "./findings";
import { ruleInfo } from "./testing";

const pillars: Pillar[] = ["security", "reliability", "cost-optimization", "operational-excellence"];
const risks: Risk[] = ["high", "medium", "low"];
const N = 50_000;

// The shape `scan_findings` sends: 150 rules, 5 regions, 3 resource types,
// then one column per field.
const data: ScanFindings = {
  scan_id: 1,
  rules: Array.from({ length: 150 }, (_, i) =>
    ruleInfo({
      id: `rule-${i}`,
      title: `Rule number ${i} is failing`,
      pillar: pillars[i % 4],
      question: `SEC${(i % 11) + 1}`,
      best_practices: [`SEC0${i % 9}-BP01`],
      risk: risks[i % 3],
    }),
  ),
  regions: ["eu-west-1", "us-east-1", "ap-southeast-2", "sa-east-1", "global"],
  resource_types: ["AWS::EC2::Instance", "AWS::RDS::DBInstance", "AWS::S3::Bucket"],
  accounts: ["123456789012", "210987654321"],
  account_labels: ["123456789012", "210987654321"],
  findings: {
    rule: Array.from({ length: N }, (_, i) => i % 150),
    region: Array.from({ length: N }, (_, i) => i % 5),
    resource_type: Array.from({ length: N }, (_, i) => i % 3),
    resource_id: Array.from({ length: N }, (_, i) => `i-${i.toString(16).padStart(17, "0")}`),
    arn: Array.from({ length: N }, (_, i) => `arn:aws:ec2:eu-west-1:123456789012:instance/i-${i}`),
    detail: Array.from({ length: N }, () => ""),
    suppressed: Array.from({ length: N }, (_, i) => i % 50 === 0),
    account: Array.from({ length: N }, (_, i) => i % 2),
  },
};
const indexed = indexRows(data);

describe("50,000 findings", () => {
  bench("filter by region + risk", () => {
    filterFindings(indexed, { ...NO_FILTERS, region: "eu-west-1", risk: "high" });
  });
  bench("text search", () => {
    filterFindings(indexed, { ...NO_FILTERS, text: "i-00000000000000a1" });
  });
  bench("filter + sort + group by rule (the explorer's whole recompute)", () => {
    const rows = sortFindings(filterFindings(indexed, { ...NO_FILTERS, pillar: "security" }), "rule");
    buildRows(rows, "rule", new Set());
  });
  bench("index on load (columns -> findings)", () => {
    indexRows(data);
  });
});
