/**
 * `hogkit completion <shell>` prints a script whose own installation comment names a command that works:
 * the comment is what a user copies, so it must be `hogkit completion <shell>`, which prints the same script.
 */
import { spawnSync } from "node:child_process"
import { describe, expect, it } from "vitest"
import { BIN } from "./helpers.js"

const run = (args: Array<string>) =>
  spawnSync(process.execPath, [BIN, ...args], { encoding: "utf8", env: { PATH: process.env.PATH ?? "" } })

describe("hogkit completion", () => {
  for (const shell of ["bash", "zsh", "fish"]) {
    it(`${shell}: the script's installation comment names \`hogkit completion ${shell}\`, which prints it`, () => {
      const script = run(["completion", shell])
      expect(script.status).toBe(0)
      expect(script.stdout).not.toMatch(/--completions/)
      const install = script.stdout.match(/^#\s+(hogkit completion \S+)/m)?.[1]
      expect(install).toBe(`hogkit completion ${shell}`)
      expect(run(install?.split(" ").slice(1) ?? []).stdout).toBe(script.stdout)
    })
  }
})
