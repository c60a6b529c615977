import { describe, expect, it } from "vitest";
import type { RuleInfo, ScanFindings } from "./bindings";
import { ExplorerStore, defaultView, findingId, keyOf, sameFinding } from "./explorer";
import { NO_FILTERS, filterFindings, sortFindings } from "./findings";
import { ruleInfo } from "./testing";

function rule(id: string): RuleInfo {
  return ruleInfo({ id });
}

/** What `scan_findings` answers for a scan: two findings, the second one
 * accepted once `accepted` says so. */
function answer(scanId: number, accepted = false): ScanFindings {
  return {
    scan_id: scanId,
    rules: [rule("ec2-imdsv1")],
    regions: ["eu-west-1", "us-east-1"],
    resource_types: ["AWS::EC2::Instance"],
    accounts: ["123456789012"],
    account_labels: ["123456789012"],
    findings: {
      rule: [0, 0],
      region: [0, 1],
      resource_type: [0, 0],
      resource_id: [`i-${scanId}a`, `i-${scanId}b`],
      arn: [null, null],
      detail: ["", ""],
      suppressed: [false, accepted],
      account: [0, 0],
    },
  };
}

/** A fake `scan_findings` counting its calls; `accepted` is the store's state. */
function backend() {
  const calls: number[] = [];
  const state = { accepted: false };
  const pending: (() => void)[] = [];
  let hold = false;
  const fetch = (scanId: number) => {
    calls.push(scanId);
    const value = answer(scanId, state.accepted);
    if (!hold) return Promise.resolve(value);
    return new Promise<ScanFindings>((resolve) => pending.push(() => resolve(value)));
  };
  return {
    calls,
    state,
    fetch,
    /** Holds the answers until `release`. */
    hold: () => (hold = true),
    release: () => {
      hold = false;
      pending.splice(0).forEach((resolve) => resolve());
    },
  };
}

describe("ExplorerStore views", () => {
  it("starts a scan with no filters, in arrival order", () => {
    const store = new ExplorerStore(backend().fetch);
    expect(store.view(1)).toEqual(defaultView());
    expect(store.view(1)).toMatchObject({ filters: NO_FILTERS, sort: "none", group: "none", open: [] });
  });

  it("keeps the filters, sort, grouping and selection per scan", () => {
    const store = new ExplorerStore(backend().fetch);
    const first = store.view(1);
    first.filters.region = "us-east-1";
    first.filters.text = "i-1";
    first.sort = "region";
    first.group = "rule";
    first.open = ["ec2-imdsv1"];
    first.selected = {
      rule_id: "ec2-imdsv1",
      resource_type: "AWS::EC2::Instance",
      region: "us-east-1",
      resource_id: "i-1b",
      account_id: "123456789012",
    };
    // Not kept until saved: what `view` hands out is a copy.
    expect(store.view(1)).toEqual(defaultView());
    store.saveView(1, first);
    const second = store.view(2);
    second.filters.risk = "high";
    store.saveView(2, second);

    // The explorer re-created (a tab switch) shows each scan as left.
    expect(store.view(1)).toEqual(first);
    expect(store.view(2).filters).toEqual({ ...NO_FILTERS, risk: "high" });
    // Changing the saved object afterwards does not change the stored view.
    first.filters.region = "eu-west-1";
    first.open.push("other");
    expect(store.view(1).filters.region).toBe("us-east-1");
    expect(store.view(1).open).toEqual(["ec2-imdsv1"]);
  });
});

describe("ExplorerStore findings", () => {
  it("fetches a scan's findings once: a tab switch and back shows them from memory", async () => {
    const b = backend();
    const store = new ExplorerStore(b.fetch);
    expect(store.isFresh(1)).toBe(false);
    const data = await store.load(1);
    expect(data.findings.map((f) => f.resource_id)).toEqual(["i-1a", "i-1b"]);
    expect(data.rules.get("ec2-imdsv1")?.title).toBe("Rule ec2-imdsv1");
    expect(store.isFresh(1)).toBe(true);
    expect(store.cached(1)).toBe(data);
    // Re-created explorer: the same indexed findings, no IPC call.
    expect(await store.load(1)).toBe(data);
    expect(b.calls).toEqual([1]);
  });

  it("shares one fetch between callers asking while it runs", async () => {
    const b = backend();
    b.hold();
    const store = new ExplorerStore(b.fetch);
    const one = store.load(1);
    const two = store.load(1);
    b.release();
    expect(await one).toBe(await two);
    expect(b.calls).toEqual([1]);
  });

  it("after a suppression, fetches the findings again and keeps the filters", async () => {
    const b = backend();
    const store = new ExplorerStore(b.fetch);
    const view = store.view(1);
    view.filters.region = "us-east-1";
    store.saveView(1, view);
    const before = await store.load(1);
    expect(filterFindings(before.findings, store.view(1).filters).map((f) => f.suppressed)).toEqual([false]);

    b.state.accepted = true;
    store.invalidate();
    // Until the new answer, the old findings are still there to show.
    expect(store.isFresh(1)).toBe(false);
    expect(store.cached(1)).toBe(before);
    const after = await store.load(1);
    expect(b.calls).toEqual([1, 1]);
    expect(store.view(1).filters.region).toBe("us-east-1");
    expect(filterFindings(after.findings, store.view(1).filters).map((f) => f.suppressed)).toEqual([true]);
    // The selected finding is found again in the new answer.
    const selected = keyOf(before.findings[1]);
    expect(after.findings.filter((f) => sameFinding(f, selected))).toHaveLength(1);
    expect(await store.load(1)).toBe(after);
    expect(b.calls).toEqual([1, 1]);
  });

  it("does not keep an answer to a fetch begun before the suppression", async () => {
    const b = backend();
    b.hold();
    const store = new ExplorerStore(b.fetch);
    const early = store.load(1);
    b.state.accepted = true;
    store.invalidate();
    const late = store.load(1);
    b.release();
    // The early answer was read before the suppression: `answer` took
    // `accepted` when called, so it says false.
    expect((await early).findings[1].suppressed).toBe(false);
    expect((await late).findings[1].suppressed).toBe(true);
    expect(store.cached(1)).toBe(await late);
    expect(b.calls).toEqual([1, 1]);
  });

  it("keeps the findings of the last scan looked at only, and every scan's view", async () => {
    const b = backend();
    const store = new ExplorerStore(b.fetch);
    await store.load(1);
    const view = store.view(1);
    view.filters.text = "i-1b";
    store.saveView(1, view);
    await store.load(2);
    expect(store.cached(1)).toBeUndefined();
    expect(store.cached(2)).toBeDefined();
    expect(store.view(1).filters.text).toBe("i-1b");
    await store.load(1);
    expect(b.calls).toEqual([1, 2, 1]);

    const roomy = new ExplorerStore(b.fetch, 2);
    await roomy.load(1);
    await roomy.load(2);
    await roomy.load(1);
    await roomy.load(3);
    expect([1, 2, 3].map((id) => roomy.isFresh(id))).toEqual([true, false, true]);
  });

  it("asks again after a failed fetch", async () => {
    let fail = true;
    let calls = 0;
    const store = new ExplorerStore((scanId) => {
      calls++;
      return fail
        ? Promise.reject({ code: "store", message: "database is locked", fields: [] })
        : Promise.resolve(answer(scanId));
    });
    await expect(store.load(1)).rejects.toMatchObject({ message: "database is locked" });
    expect(store.cached(1)).toBeUndefined();
    fail = false;
    expect((await store.load(1)).findings).toHaveLength(2);
    expect(calls).toBe(2);
  });

  it("forgets everything when scans are deleted", async () => {
    const b = backend();
    const store = new ExplorerStore(b.fetch);
    await store.load(1);
    const view = store.view(1);
    view.filters.risk = "low";
    store.saveView(1, view);
    store.clear();
    expect(store.cached(1)).toBeUndefined();
    expect(store.view(1)).toEqual(defaultView());
  });

  it("shows the findings in the order they arrive by default", async () => {
    const store = new ExplorerStore(backend().fetch);
    const data = await store.load(7);
    expect(sortFindings(data.findings, store.view(7).sort)).toBe(data.findings);
    expect(findingId(data.findings[0])).not.toBe(findingId(data.findings[1]));
  });

  it("tells apart one resource id in two accounts of a review", async () => {
    const review: ScanFindings = {
      ...answer(9),
      accounts: ["111111111111", "222222222222"],
      account_labels: ["log-archive (111111111111)", "222222222222"],
    };
    review.findings = {
      ...review.findings,
      region: [0, 0],
      resource_id: ["password-policy", "password-policy"],
      account: [0, 1],
    };
    const store = new ExplorerStore(() => Promise.resolve(review));
    const data = await store.load(9);
    const [first, second] = data.findings;
    expect(sameFinding(first, second)).toBe(false);
    expect(findingId(first)).not.toBe(findingId(second));
    expect(data.accountLabels.get("111111111111")).toBe("log-archive (111111111111)");
    expect(filterFindings(data.findings, { ...NO_FILTERS, account: "222222222222" })).toEqual([second]);
  });
});
