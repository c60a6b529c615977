import { describe, expect, it } from "vitest";
import { compareQuestions, formatPct, formatTime, label, pillarTitle, scoreBand, serviceOf } from "./format";

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
});
