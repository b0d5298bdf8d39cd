import { Catalogue } from "@hogkit/core"
import { describe, expect, it } from "vitest"
import { matchRoute, NOT_FOR_BROWSERS, WIDGET_OPERATIONS } from "../src/internal/proxyRoutes.js"

const ctx = { projectId: 1, readableProjects: new Set([2]) }
const UUID = "0b0b5d0e-6c3e-4a63-9a41-5b7a7c0f0e11"

/** A concrete request path for an operation, as a widget would send it. */
const pathOf = (op: Catalogue.Operation, project = 1) => {
  let path = op.path
  for (const p of op.params)
    path = path.replace(`{${p.name}}`, p.kind === "integer" ? "7" : p.kind === "uuid" ? UUID : "pw_1")
  return op.root === "api" ? `/api/${path}` : `/api/projects/${project}/${path}`
}

describe("the proxy's allow-list, derived from core's catalogue", () => {
  it("classifies every catalogue operation: forwarded for the widgets, or refused with a reason", () => {
    const names = Catalogue.operations.map((op) => op.name)
    const classified = [...WIDGET_OPERATIONS, ...Object.keys(NOT_FOR_BROWSERS)]
    expect([...classified].sort()).toEqual([...names].sort())
    expect(WIDGET_OPERATIONS.filter((name) => name in NOT_FOR_BROWSERS)).toEqual([])
  })

  it("forwards each widget operation with exactly its catalogue method and path", () => {
    for (const name of WIDGET_OPERATIONS) {
      const op = Catalogue.operation(name)!
      const match = matchRoute(pathOf(op), op.method, ctx)
      expect(match, name).toMatchObject({ _tag: "Allowed", upstreamPath: pathOf(op) })
      // The operation is among those the proxy checks the request's body against.
      expect(match._tag === "Allowed" && match.operations.map((o) => o.name), name).toContain(name)
    }
  })

  it("refuses the operations kept from browsers unless another widget operation shares their method and path", () => {
    for (const name of Object.keys(NOT_FOR_BROWSERS)) {
      const op = Catalogue.operation(name)!
      const twin = WIDGET_OPERATIONS.map((n) => Catalogue.operation(n)!).find(
        (w) => w.method === op.method && pathOf(w) === pathOf(op)
      )
      if (twin) continue
      expect(matchRoute(pathOf(op), op.method, ctx)._tag, name).not.toBe("Allowed")
    }
  })

  it("lets another allowed project only read, and only what the catalogue marks cross-project", () => {
    const list = Catalogue.operation("DashboardTemplates.list")!
    expect(matchRoute(pathOf(list, 2), "GET", ctx)._tag).toBe("Allowed")
    expect(matchRoute(pathOf(list, 3), "GET", ctx)._tag).toBe("NotFound")
    expect(matchRoute(pathOf(Catalogue.operation("Dashboards.list")!, 2), "GET", ctx)._tag).toBe("NotFound")
    expect(matchRoute(pathOf(Catalogue.operation("Comments.create")!, 2), "POST", ctx)._tag).toBe("NotFound")
  })

  it("answers a known path with the wrong method by naming the methods it allows", () => {
    expect(matchRoute("/api/projects/1/comments/", "DELETE", ctx)).toEqual({
      _tag: "MethodNotAllowed",
      allow: ["GET", "POST"]
    })
  })
})
