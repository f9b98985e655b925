// `nps-loop impact`, `coaching` and `retention` speak --locale (else the terminal's language) like
// `nps-loop nps`: the option is there on each, and a refusal made before the database is opened
// already follows it.
import { Command } from "commander";
import { afterEach, describe, expect, it, vi } from "vitest";
import { registerImpactCommands } from "../../src/cli/impact.js";
import { registerRetentionCommand } from "../../src/cli/retention.js";

function program(): Command {
  const p = new Command().exitOverride();
  registerImpactCommands(p);
  registerRetentionCommand(p);
  return p;
}

afterEach(() => {
  vi.restoreAllMocks();
  process.exitCode = undefined;
});

describe("the report commands' language", () => {
  it("each has --locale", () => {
    for (const name of ["impact", "coaching", "retention"]) {
      const cmd = program().commands.find((c) => c.name() === name)!;
      expect(
        cmd.options.map((o) => o.long),
        name,
      ).toContain("--locale");
    }
  });

  it("refuses a bad --within in the asked language, or the terminal's", async () => {
    const errors: string[] = [];
    vi.spyOn(console, "error").mockImplementation((m: unknown) => void errors.push(String(m)));
    await program().parseAsync(["retention", "prog-a", "--within", "abc", "--locale", "es"], { from: "user" });
    expect(errors.at(-1)).toBe("--within tiene que ser un número entero de días entre 1 y 3660, y llegó abc");
    vi.stubEnv("LC_ALL", "zh_HK.UTF-8");
    await program().parseAsync(["retention", "prog-a", "--within", "abc"], { from: "user" });
    vi.unstubAllEnvs();
    expect(errors.at(-1)).toContain("--within 必須是 1 至 3660 之間的整數日數");
    expect(process.exitCode).toBe(2);
  });
});
