import { describe, expect, it } from "vitest";
import { applyEvent, emptyProgress, percent } from "./progress";

describe("scan progress", () => {
  it("folds events into a region x service grid with coverage gaps", () => {
    let p = applyEvent(emptyProgress(), { kind: "planned", scan_tasks: 4 });
    p = applyEvent(p, {
      kind: "collected",
      service: "ec2",
      region: "eu-west-1",
      status: "ok",
      resources: 12,
    });
    p = applyEvent(p, {
      kind: "collected",
      service: "rds",
      region: "sa-east-1",
      status: "access-denied",
      resources: 0,
    });
    expect(p.done).toBe(2);
    expect(p.resources).toBe(12);
    expect(p.cells.get("eu-west-1")?.get("ec2")).toEqual({ status: "ok", resources: 12 });
    expect(p.gaps).toEqual(["not assessed: rds in sa-east-1, access denied"]);
    expect(percent(p)).toBe(48);
  });

  it("never shows 100 % before the rules are evaluated", () => {
    let p = applyEvent(emptyProgress(), { kind: "planned", scan_tasks: 1 });
    p = applyEvent(p, { kind: "collected", service: "iam", region: "global", status: "ok", resources: 3 });
    expect(percent(p)).toBe(95);
  });
});
