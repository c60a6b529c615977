import { describe, expect, it } from "vitest";
import type { Finding } from "./bindings";
import {
  NO_FILTERS,
  buildRows,
  facetValues,
  filterFindings,
  indexFindings,
  indexRows,
  isGroup,
  sortFindings,
} from "./findings";
import { ruleInfo } from "./testing";

function finding(over: Partial<Finding>): Finding {
  return {
    rule_id: "ec2-imdsv1",
    title: "IMDSv1 allowed",
    pillar: "security",
    question: "SEC6",
    best_practices: ["SEC06-BP02"],
    risk: "high",
    impact: "security",
    domain: "compute",
    region: "eu-west-1",
    resource_type: "AWS::EC2::Instance",
    resource_id: "i-0abc",
    arn: null,
    detail: "",
    suppressed: false,
    account_id: "123456789012",
    ...over,
  };
}

const sample = indexFindings([
  finding({}),
  finding({
    rule_id: "rds-single-az",
    title: "RDS without Multi-AZ",
    pillar: "reliability",
    question: "REL10",
    risk: "medium",
    impact: "downtime",
    domain: "database",
    resource_type: "AWS::RDS::DBInstance",
    resource_id: "orders-db",
    region: "us-east-1",
  }),
  finding({ resource_id: "i-0def", suppressed: true }),
  finding({
    rule_id: "s3-versioning",
    title: "S3 without versioning",
    pillar: "reliability",
    question: "REL9",
    risk: "low",
    impact: "data-loss",
    domain: "storage",
    resource_type: "AWS::S3::Bucket",
    resource_id: "logs-bucket",
    region: "global",
    arn: "arn:aws:s3:::logs-bucket",
  }),
]);

describe("filterFindings", () => {
  it("combines field filters", () => {
    const out = filterFindings(sample, { ...NO_FILTERS, pillar: "reliability", region: "us-east-1" });
    expect(out.map((i) => i.resource_id)).toEqual(["orders-db"]);
  });

  it("filters on the service derived from the resource type", () => {
    expect(filterFindings(sample, { ...NO_FILTERS, service: "S3" })).toHaveLength(1);
  });

  it("separates open and accepted findings", () => {
    expect(filterFindings(sample, { ...NO_FILTERS, suppressed: "active" })).toHaveLength(3);
    expect(filterFindings(sample, { ...NO_FILTERS, suppressed: "suppressed" })[0].resource_id).toBe("i-0def");
    expect(filterFindings(sample, NO_FILTERS)).toHaveLength(4);
  });

  it("searches every word, case-insensitively, across id, ARN and title", () => {
    expect(filterFindings(sample, { ...NO_FILTERS, text: "ARN:AWS:S3" })).toHaveLength(1);
    expect(filterFindings(sample, { ...NO_FILTERS, text: "imds i-0def" }).map((i) => i.resource_id)).toEqual([
      "i-0def",
    ]);
    expect(filterFindings(sample, { ...NO_FILTERS, text: "nothing-like-this" })).toHaveLength(0);
  });
});

describe("sortFindings and buildRows", () => {
  // The findings arrive in core's finding_order (risk, pillar, rule, region,
  // resource). Here two high risks of different pillars arrive with the
  // security one first although its rule id sorts last: a comparator of
  // its own (risk, then rule id) would swap them.
  const arrived = indexFindings([
    finding({
      rule_id: "z-security",
      pillar: "security",
      risk: "high",
      region: "us-east-1",
      resource_id: "b",
    }),
    finding({
      rule_id: "a-reliability",
      pillar: "reliability",
      risk: "high",
      region: "eu-west-1",
      resource_id: "a",
    }),
    finding({
      rule_id: "m-security",
      pillar: "security",
      risk: "medium",
      region: "us-east-1",
      resource_id: "a",
    }),
    finding({
      rule_id: "b-cost",
      pillar: "cost-optimization",
      risk: "low",
      region: "eu-west-1",
      resource_id: "c",
    }),
  ]);

  it("keeps the arrival order (core's finding_order) when no column is chosen", () => {
    expect(sortFindings(arrived, "none")).toBe(arrived);
    expect(sortFindings(arrived, "none").map((i) => i.rule_id)).toEqual([
      "z-security",
      "a-reliability",
      "m-security",
      "b-cost",
    ]);
    // Filtering and rows keep it too.
    expect(filterFindings(sortFindings(arrived, "none"), NO_FILTERS)).toEqual(arrived);
    expect(buildRows(filterFindings(arrived, NO_FILTERS), "none", new Set())).toEqual(arrived);
  });

  it("sorts by one column, keeping the arrival order among equal values", () => {
    expect(sortFindings(arrived, "region").map((i) => i.rule_id)).toEqual([
      "a-reliability",
      "b-cost",
      "z-security",
      "m-security",
    ]);
    expect(sortFindings(arrived, "resource").map((i) => i.rule_id)).toEqual([
      "a-reliability",
      "m-security",
      "z-security",
      "b-cost",
    ]);
    expect(arrived.map((i) => i.rule_id)).toEqual(["z-security", "a-reliability", "m-security", "b-cost"]);
  });

  it("sorts WA questions numerically", () => {
    const qs = sortFindings(sample, "question").map((i) => i.question);
    expect(qs).toEqual(["REL9", "REL10", "SEC6", "SEC6"]);
  });

  it("groups by rule with counts; closed groups hide their findings", () => {
    const rows = buildRows(sortFindings(sample, "none"), "rule", new Set(["ec2-imdsv1"]));
    const groups = rows.filter(isGroup);
    expect(groups.map((g) => [g.key, g.count, g.open])).toEqual([
      ["ec2-imdsv1", 2, true],
      ["rds-single-az", 1, false],
      ["s3-versioning", 1, false],
    ]);
    expect(rows).toHaveLength(5);
    expect(buildRows(sample, "none", new Set())).toHaveLength(sample.length);
  });

  it("lists facet values once, sorted", () => {
    expect(facetValues(sample, (i) => i.region)).toEqual(["eu-west-1", "global", "us-east-1"]);
  });
});

describe("indexRows", () => {
  it("rebuilds findings from the explorer's columns, sharing rules, regions and types", () => {
    const rule = (id: string, title: string, risk: "high" | "low") =>
      ruleInfo({ id, title, risk, best_practices: ["SEC06-BP02"] });
    const items = indexRows({
      rules: [rule("ec2-imdsv1", "IMDSv1 allowed", "high"), rule("ec2-no-tags", "Untagged", "low")],
      regions: ["eu-west-1", "us-east-1"],
      resource_types: ["AWS::EC2::Instance"],
      accounts: ["111111111111", "222222222222"],
      findings: {
        rule: [0, 1, 0],
        region: [0, 0, 1],
        resource_type: [0, 0, 0],
        resource_id: ["i-1", "i-1", "i-Big"],
        arn: [null, null, "arn:aws:ec2:us-east-1:1:instance/i-Big"],
        detail: ["", "", "HttpTokens optional"],
        suppressed: [false, false, true],
        account: [0, 0, 1],
      },
    });
    expect(items).toHaveLength(3);
    expect(items[2].account_id).toBe("222222222222");
    expect(items[0]).toMatchObject({
      rule_id: "ec2-imdsv1",
      title: "IMDSv1 allowed",
      risk: "high",
      region: "eu-west-1",
      resource_id: "i-1",
    });
    expect(items[1]).toMatchObject({ rule_id: "ec2-no-tags", risk: "low", resource_id: "i-1" });
    expect(items[2]).toMatchObject({
      region: "us-east-1",
      resource_id: "i-Big",
      suppressed: true,
      service: "EC2",
    });
    // Searchable by rule text and, case-insensitively, by its own fields.
    expect(filterFindings(items, { ...NO_FILTERS, text: "sec06-bp02 i-1" })).toHaveLength(2);
    expect(
      filterFindings(items, { ...NO_FILTERS, text: "I-BIG httptokens" }).map((i) => i.resource_id),
    ).toEqual(["i-Big"]);
    expect(filterFindings(items, { ...NO_FILTERS, text: "untagged" }).map((i) => i.rule_id)).toEqual([
      "ec2-no-tags",
    ]);
  });
});
