import { describe, expect, it } from "vitest";
import { cliFailureText } from "../../src/cli/main.js";
import { AppError } from "../../src/core/errors.js";

describe("the CLI's top-level error text", () => {
  it("prints a coded error's message", () => {
    expect(cliFailureText(new AppError("NOT_FOUND", "no team madrid-north"))).toBe("NOT_FOUND: no team madrid-north");
  });

  it("translates driver errors and never prints their text unless LOG_LEVEL=debug", () => {
    const refused = Object.assign(new Error("connect ECONNREFUSED 10.0.0.5:5432"), { code: "ECONNREFUSED" });
    const text = cliFailureText(refused);
    expect(text).toMatch(/^DATABASE_UNAVAILABLE: /);
    expect(text).not.toContain("10.0.0.5");
    expect(cliFailureText(refused, "debug")).toContain("10.0.0.5");
  });

  it("says how to see the cause of a bug instead of printing its stack", () => {
    const text = cliFailureText(new TypeError("boom at secretPlace"));
    expect(text).toBe("INTERNAL: the command failed unexpectedly; run it again with LOG_LEVEL=debug to see the cause");
  });
});
