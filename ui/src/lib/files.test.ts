import { describe, expect, it } from "vitest";
import { bytesToBase64 } from "./files";

describe("bytesToBase64", () => {
  it("encodes like the standard alphabet, across chunk boundaries", () => {
    expect(bytesToBase64(new Uint8Array([0x89, 0x50, 0x4e, 0x47]))).toBe("iVBORw==");
    const big = new Uint8Array(100_000).map((_, i) => i % 256);
    const decoded = Uint8Array.from(atob(bytesToBase64(big)), (c) => c.charCodeAt(0));
    expect(decoded).toEqual(big);
  });
});
