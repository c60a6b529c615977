// Test data shared by the unit tests and the bench: a rule's metadata as
// the Rust side sends it, with only what a test cares about given.
import type { RuleInfo } from "./bindings";

export function ruleInfo(fields: Partial<RuleInfo> & Pick<RuleInfo, "id">): RuleInfo {
  return {
    title: `Rule ${fields.id}`,
    pillar: "security",
    question: "SEC6",
    best_practices: [],
    risk: "high",
    impact: "security",
    domain: "compute",
    effort_hours: 1,
    description: "",
    remediation: [],
    remediation_cli: null,
    references: [],
    manual: false,
    ...fields,
  };
}
