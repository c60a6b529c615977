import { describe, expect, it } from "vitest";
import { dismissError, errors, showError } from "./errors.svelte";

describe("shown errors", () => {
  it("shows an IpcError's message with what failed, once, until dismissed", () => {
    showError({ code: "store", message: "database is locked", fields: [] }, "Could not delete Acme");
    showError({ code: "store", message: "database is locked", fields: [] }, "Could not delete Acme");
    showError(new Error("boom"));
    expect(errors.map((e) => [e.action, e.message])).toEqual([
      ["Could not delete Acme", "database is locked"],
      [null, "Error: boom"],
    ]);
    dismissError(errors[0].id);
    expect(errors.map((e) => e.message)).toEqual(["Error: boom"]);
    dismissError(errors[0].id);
    expect(errors).toEqual([]);
  });
});
