/**
 * Shell completion as a user installs and uses it: the install lines from `hogkit completion --help` run
 * in a fresh home, bash then completes commands, flags (without `--no-…` noise) and dashboard and
 * template ids fetched from the emulator; zsh, fish and PowerShell scripts are generated alike.
 */
import { execFile } from "node:child_process"
import * as fs from "node:fs"
import * as path from "node:path"
import { describe, expect, it } from "vitest"
import { API_KEY, BIN, outputs, seedDashboard, tempDir, useEmulator } from "./helpers.js"

const h = useEmulator()

/** A fresh home with `hogkit` on PATH, as a package install would put it. */
const freshHome = () => {
  const home = tempDir("home")
  const bin = path.join(home, "bin")
  fs.mkdirSync(bin)
  fs.writeFileSync(path.join(bin, "hogkit"), `#!/bin/sh\nexec "${process.execPath}" "${BIN}" "$@"\n`, {
    mode: 0o755
  })
  return { home, bin }
}

/** Runs `script` in `shell` (bash, or zsh and fish, which .ci/run installs) in the fresh home. */
const inShell = (
  shell: "bash" | "zsh" | "fish",
  script: string,
  home: { home: string; bin: string },
  env: Record<string, string> = {}
) =>
  new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
    const args = {
      bash: ["--norc", "--noprofile", "-c", script],
      zsh: ["-f", "-c", script],
      fish: ["--no-config", "-c", script]
    }[shell]
    execFile(
      shell,
      args,
      {
        env: {
          PATH: `${home.bin}:${process.env.PATH}`,
          HOME: home.home,
          XDG_CONFIG_HOME: path.join(home.home, ".config"),
          XDG_DATA_HOME: path.join(home.home, ".local/share"),
          ...env
        }
      },
      (error, stdout, stderr) => {
        outputs.push(stdout, stderr)
        resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr })
      }
    )
  })

const bash = (script: string, home: { home: string; bin: string }, env: Record<string, string> = {}) =>
  inShell("bash", script, home, env)

/** What bash offers after `line` (ending in the word being completed, maybe empty). */
const completeIn = (file: string, line: string) => {
  const words = line.split(" ")
  return `source ${JSON.stringify(file)}
COMP_WORDS=(${words.map((w) => JSON.stringify(w)).join(" ")})
COMP_CWORD=${words.length - 1}
COMP_LINE=${JSON.stringify(line)}
COMP_POINT=\${#COMP_LINE}
_hogkit_with_ids
printf '%s\\n' "\${COMPREPLY[@]}"`
}

/** The command `hogkit completion --help` gives to install for `shell`. */
const installLineFromHelp = async (shell: string) => {
  const help = (await h.run(["completion", "--help"])).stdout
  const lines = (help.split("\nEXAMPLES\n")[1] ?? "").split("\n").map((l) => l.trim())
  const at = lines.findIndex((l) => l.startsWith(`# Install for ${shell}`))
  expect(at, shell).toBeGreaterThanOrEqual(0)
  return lines[at + 1] ?? ""
}

describe("shell completion", () => {
  it("installs into a fresh home with the lines its help gives, and bash completes ids from PostHog", async () => {
    const home = freshHome()
    const line = await installLineFromHelp("bash")
    expect(line).toMatch(/^mkdir -p /)
    const install = await bash(line, home)
    expect(install.code, install.stderr).toBe(0)
    const file = path.join(home.home, ".local/share/bash-completion/completions/hogkit")
    expect(fs.readFileSync(file, "utf8")).toContain("complete -F _hogkit_with_ids hogkit")

    const a = await seedDashboard(h, { name: "Revenue" })
    const b = await seedDashboard(h, { name: "Retention" })
    const t = await h.api("dashboard_templates/", {
      method: "POST",
      body: JSON.stringify({ template_name: "Weekly", tiles: [{}] })
    })
    const env = {
      POSTHOG_PERSONAL_API_KEY: API_KEY,
      POSTHOG_HOST: h.emu.url,
      POSTHOG_PROJECT_ID: String(h.emu.projectId)
    }
    const ids = await bash(completeIn(file, "hogkit dashboards get "), home, env)
    expect(ids.stdout.trim().split("\n").sort()).toEqual([String(a.id), String(b.id)].sort())
    const sharing = await bash(completeIn(file, "hogkit sharing enable "), home, env)
    expect(sharing.stdout.trim().split("\n").sort()).toEqual([String(a.id), String(b.id)].sort())
    const templates = await bash(completeIn(file, `hogkit templates view ${t.id.slice(0, 4)}`), home, env)
    expect(templates.stdout.trim().split("\n")).toContain(t.id)

    const verbs = await bash(completeIn(file, "hogkit dashboards l"), home)
    expect(verbs.stdout.trim().split("\n").sort()).toEqual(["list", "ls"])
    const flags = await bash(completeIn(file, "hogkit dashboards list --"), home)
    expect(flags.stdout).toContain("--search")
    expect(flags.stdout).toContain("--web")
    expect(flags.stdout).not.toContain("--no-")
    // Where "no" means something, it is offered.
    const pinned = await bash(completeIn(file, "hogkit dashboards update 1 --no-p"), home)
    expect(pinned.stdout.trim()).toBe("--no-pinned")
  })

  it("prints nothing for an id when PostHog cannot be reached, and lists no hidden command", async () => {
    const unreachable = await h.run(["__complete", "--shell", "bash", "--", "dashboards", "get", ""], {
      env: { POSTHOG_HOST: "http://127.0.0.1:9" }
    })
    expect(unreachable.code).toBe(0)
    expect(unreachable.stdout).toBe("")
    expect(unreachable.stderr).toBe("")
    const d = await seedDashboard(h, { name: "Tab\tand\nnewline" })
    const fish = await h.run(["__complete", "--shell", "fish", "--", "dashboards", "get", ""])
    expect(fish.stdout).toBe(`${d.id}\tTab and newline\n`)
    const zsh = await h.run(["__complete", "--shell", "zsh", "--", "dashboards", "rm", ""])
    expect(zsh.stdout).toBe(`${d.id}:Tab and newline\n`)
    const notAnId = await h.run(["__complete", "--", "comments", "get", ""])
    expect(notAnId.stdout).toBe("")
    expect((await h.run(["--help"])).stdout).not.toContain("__complete")
  })

  it("generates zsh, fish and PowerShell scripts whose install lines make their directory", async () => {
    for (const shell of ["zsh", "fish", "powershell"]) {
      const r = await h.run(["completion", shell])
      expect(r.code, shell).toBe(0)
      expect(r.stdout, shell).not.toMatch(/--no-(emulator|debug|help|web|all|yes|pinned-x)/)
      expect(r.stdout, shell).not.toContain("hogkit --completions")
      // The script's header gives the same install line as the help.
      const line = await installLineFromHelp(shell === "powershell" ? "PowerShell" : shell)
      expect(r.stdout, shell).toContain(`#   ${line}`)
    }
    const home = freshHome()
    for (const shell of ["zsh", "fish"]) {
      const install = await bash(await installLineFromHelp(shell), home)
      expect(install.code, install.stderr).toBe(0)
    }
    expect(fs.readFileSync(path.join(home.home, ".zfunc/_hogkit"), "utf8")).toContain(
      "compdef _hogkit_with_ids"
    )
    expect(fs.readFileSync(path.join(home.home, ".config/fish/completions/hogkit.fish"), "utf8")).toContain(
      "hogkit __complete --shell fish"
    )
    expect(await installLineFromHelp("PowerShell")).toContain("New-Item -ItemType Directory -Force")
  })

  it("fish completes dashboard ids with their names, as installed", async () => {
    const home = freshHome()
    expect((await bash(await installLineFromHelp("fish"), home)).code).toBe(0)
    const file = path.join(home.home, ".config/fish/completions/hogkit.fish")
    const d = await seedDashboard(h, { name: "Fish revenue" })
    const env = {
      POSTHOG_PERSONAL_API_KEY: API_KEY,
      POSTHOG_HOST: h.emu.url,
      POSTHOG_PROJECT_ID: String(h.emu.projectId)
    }
    const complete = (line: string) =>
      inShell("fish", `source ${JSON.stringify(file)}; complete -C ${JSON.stringify(line)}`, home, env)
    const ids = await complete("hogkit dashboards get ")
    expect(ids.stdout.split("\n")).toContain(`${d.id}\tFish revenue`)
    const verbs = await complete("hogkit dashboards l")
    expect(verbs.stdout).toMatch(/^list\t/m)
    expect(verbs.stdout).not.toContain(String(d.id))
  })

  it("zsh loads the installed script and registers the id-aware completer", async () => {
    const home = freshHome()
    expect((await bash(await installLineFromHelp("zsh"), home)).code).toBe(0)
    const loaded = await inShell(
      "zsh",
      "fpath=(~/.zfunc $fpath); autoload -Uz compinit && compinit -u -d ~/.zcompdump; " +
        "source ~/.zfunc/_hogkit; whence -w _hogkit_with_ids; print -r -- ${_comps[hogkit]}",
      home
    )
    expect(loaded).toMatchObject({ code: 0, stderr: "" })
    expect(loaded.stdout).toContain("_hogkit_with_ids: function")
    expect(loaded.stdout.trim().split("\n").at(-1)).toBe("_hogkit_with_ids")
  })

  it("PowerShell's script asks hogkit for ids, which answers in its id<TAB>name form", async () => {
    const script = (await h.run(["completion", "powershell"])).stdout
    expect(script).toContain("& hogkit __complete --shell powershell -- @idWords")
    // Asked only under the resources that take ids, before the static completer's own answers.
    expect(script.indexOf("__complete")).toBeLessThan(script.indexOf("$typedIsOption = & $optionLike $typed"))
    const t = await h.api("dashboard_templates/", {
      method: "POST",
      body: JSON.stringify({ template_name: "Weekly\tops", tiles: [{}] })
    })
    const ids = await h.run([
      "__complete",
      "--shell",
      "powershell",
      "--",
      "templates",
      "get",
      t.id.slice(0, 6)
    ])
    expect(ids.stdout).toBe(`${t.id}\tWeekly ops\n`)
  })
})
