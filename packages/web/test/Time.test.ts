import { describe, expect, it } from "vitest"
import { byCreatedAt } from "../src/internal/time.js"

describe("comment order", () => {
  it("puts a comment posted on a whole second before one posted a millisecond later", () => {
    // PostHog renders the whole second without a fraction; as text it would sort last.
    const comments = [
      { id: "later", created_at: "2026-11-28T19:23:52.001000Z" },
      { id: "whole", created_at: "2026-11-28T19:23:52Z" },
      { id: "earlier", created_at: "2026-11-28T19:23:51.999000Z" }
    ]
    expect([...comments].sort(byCreatedAt).map((c) => c.id)).toEqual(["earlier", "whole", "later"])
  })

  it("keeps comments without a time first, in their original order", () => {
    const comments = [
      { id: "b", created_at: "2026-11-28T19:23:52Z" },
      { id: "none", created_at: null },
      { id: "a", created_at: "2026-11-28T19:23:50Z" }
    ]
    expect([...comments].sort(byCreatedAt).map((c) => c.id)).toEqual(["none", "a", "b"])
  })
})
