import { describe, expect, it } from "vitest";
import {
  accessLabel,
  compareQuestions,
  notAssessedReason,
  formatPct,
  formatTime,
  label,
  listFromText,
  listToText,
  pillarTitle,
  scoreBand,
  serviceOf,
} from "./format";

describe("format", () => {
  it("labels vocabulary words", () => {
    expect(label("data-loss")).toBe("Data loss");
    expect(pillarTitle("cost-optimization")).toBe("Cost Optimization");
    expect(serviceOf("AWS::RDS::DBInstance")).toBe("RDS");
  });

  it("orders questions by pillar then number", () => {
    expect(["SEC10", "REL2", "SEC2", "OPS11"].sort(compareQuestions)).toEqual([
      "OPS11",
      "REL2",
      "SEC2",
      "SEC10",
    ]);
  });

  it("formats percentages and times, with a dash for nothing", () => {
    expect(formatPct(66.666)).toBe("66.7 %");
    expect(formatPct(null)).toBe("–");
    expect(formatTime("2026-11-25T14:05:09Z")).toBe("2026-11-25 14:05 UTC");
    expect(formatTime(null)).toBe("–");
  });

  it("bands the health score", () => {
    expect([scoreBand(90), scoreBand(60), scoreBand(10)]).toEqual(["good", "fair", "poor"]);
  });

  it("says how a customer is reached, never 'profile null'", () => {
    expect(accessLabel({ access: "profile", profile: null, role_arn: null })).toBe("default AWS credentials");
    expect(accessLabel({ access: "sso", profile: "acme-sso", role_arn: null })).toBe("profile acme-sso");
    expect(accessLabel({ access: "role", profile: null, role_arn: "arn:aws:iam::1:role/R" })).toBe(
      "role arn:aws:iam::1:role/R",
    );
  });

  it("states a not-assessed reason once", () => {
    expect(notAssessedReason("not assessed: cannot assume role R")).toBe("cannot assume role R");
    expect(notAssessedReason("the account is suspended")).toBe("the account is suspended");
    expect(notAssessedReason(null)).toBe("");
  });

  it("reads a typed list back as it shows it", () => {
    expect(listFromText("Workloads/Prod, Sandbox\n 111111111111 ,,")).toEqual([
      "Workloads/Prod",
      "Sandbox",
      "111111111111",
    ]);
    expect(listFromText("  ")).toEqual([]);
    expect(listFromText(listToText(["Application=payments", "Team=Core Banking"]))).toEqual([
      "Application=payments",
      "Team=Core Banking",
    ]);
  });
});
