import { describe, expect, it } from "vitest"
import { SelectionError, selectTools, tools } from "../src/index.js"

const names = (selection: Parameters<typeof selectTools>[0]) => selectTools(selection).map((t) => t.name)

describe("tool selection", () => {
  it("offers every tool but the opt-in toolsets when nothing is chosen", () => {
    expect(names({})).toHaveLength(29)
    expect(names({})).not.toContain("project-plan")
    expect(names({ toolsets: ["ascode"] })).toEqual(["project-plan"])
    expect(names({ tools: ["project-plan"] })).toEqual(["project-plan"])
    expect(names({ readOnly: true, toolsets: ["ascode"] })).toEqual(["project-plan"])
  })

  it("keeps only the chosen toolsets", () => {
    const chosen = names({ toolsets: ["sharing", "comments"] })
    expect(chosen).toHaveLength(15)
    expect(chosen.every((n) => n.startsWith("comment") || n.startsWith("dashboard-sharing"))).toBe(true)
  })

  it("adds single tools to the chosen toolsets", () => {
    expect(names({ toolsets: ["sharing"], tools: ["dashboard-get"] })).toEqual([
      "dashboard-get",
      "dashboard-sharing-get",
      "dashboard-sharing-update",
      "dashboard-sharing-refresh",
      "dashboard-sharing-password-create",
      "dashboard-sharing-password-delete"
    ])
    expect(names({ tools: ["comment-count"] })).toEqual(["comment-count"])
  })

  it("read-only wins over every other choice and leaves no write tool", () => {
    const readOnly = selectTools({ readOnly: true })
    expect(readOnly).toHaveLength(12)
    expect(readOnly.every((t) => t.annotations.readOnlyHint)).toBe(true)
    expect(names({ readOnly: true, tools: ["dashboard-delete", "dashboard-get"] })).toEqual(["dashboard-get"])
    expect(names({ readOnly: true, toolsets: ["sharing"] })).toEqual(["dashboard-sharing-get"])
  })

  it("refuses unknown toolsets and tools, listing the valid names", () => {
    expect(() => selectTools({ toolsets: ["insights"] })).toThrow(SelectionError)
    expect(() => selectTools({ toolsets: ["insights"] })).toThrow(
      /dashboards, templates, comments, sharing, account/
    )
    expect(() => selectTools({ tools: ["dashboard-destroy"] })).toThrow(
      /Unknown tool "dashboard-destroy".*dashboard-delete/
    )
  })

  it("covers every registered tool with exactly one toolset", () => {
    const union = new Set(
      ["dashboards", "templates", "comments", "sharing", "account", "ascode"].flatMap((ts) =>
        names({ toolsets: [ts] })
      )
    )
    expect(union.size).toBe(tools.length)
  })
})
