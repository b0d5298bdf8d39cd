import { describe, expect, it } from "vitest"
import { docToText, mentionIds, textToDoc } from "../src/internal/tiptap.js"

const names = new Map<unknown, string>([[7, "Ada Lovelace"]])
const nameOf = (id: unknown, label: unknown) =>
  typeof label === "string" ? label : (names.get(id) ?? `user ${String(id)}`)

const list = {
  type: "bulletList",
  content: [
    { type: "listItem", content: [{ type: "paragraph", content: [{ type: "text", text: "one" }] }] },
    {
      type: "listItem",
      content: [{ type: "paragraph", content: [{ type: "text", text: "two", marks: [{ type: "italic" }] }] }]
    }
  ]
}
const doc = {
  type: "doc",
  content: [
    { type: "heading", attrs: { level: 2 }, content: [{ type: "text", text: "Plan" }] },
    list,
    {
      type: "paragraph",
      content: [
        { type: "text", text: "Line" },
        { type: "hardBreak" },
        { type: "text", text: "break for " },
        { type: "ph-mention", attrs: { id: 7 } }
      ]
    },
    { type: "image", attrs: { src: "https://example.com/a.png" } }
  ]
}

describe("editing a rich comment as text", () => {
  it("shows every block on its own line and mentions by name", () => {
    expect(docToText(doc, nameOf)).toBe("Plan\none\ntwo\nLine\nbreak for @Ada Lovelace\n")
  })

  it("gives back the same document when nothing changed", () => {
    expect(textToDoc(docToText(doc, nameOf), [], doc, nameOf)).toEqual(doc)
  })

  it("keeps the list, heading and image when only the last paragraph changes", () => {
    const text = docToText(doc, nameOf).replace("break for", "broken by")
    const out = textToDoc(text, [{ id: 7, label: "Ada Lovelace" }], doc, nameOf)
    expect(out.content[0]).toEqual(doc.content[0])
    expect(out.content[1]).toEqual(list)
    expect(out.content[2]).toEqual({
      type: "paragraph",
      content: [{ type: "text", text: "Line" }]
    })
    expect(out.content[3]).toEqual({
      type: "paragraph",
      content: [
        { type: "text", text: "broken by " },
        { type: "ph-mention", attrs: { id: 7, label: "Ada Lovelace" } }
      ]
    })
    // The image has no text: its empty line kept it in place.
    expect(out.content[4]).toEqual(doc.content[3])
    expect(out.content).toHaveLength(5)
    expect(mentionIds(out)).toEqual([7])
  })

  it("drops empty lines typed at the end", () => {
    expect(textToDoc("hello\n\n\n", [], null, nameOf).content).toEqual([
      { type: "paragraph", content: [{ type: "text", text: "hello" }] }
    ])
  })

  it("turns only picked names into mentions, the longest name first", () => {
    const out = textToDoc(
      "@Ada and @Ada Lovelace and @Bob",
      [
        { id: 1, label: "Ada" },
        { id: 7, label: "Ada Lovelace" }
      ],
      null,
      nameOf
    )
    expect(out.content).toEqual([
      {
        type: "paragraph",
        content: [
          { type: "ph-mention", attrs: { id: 1, label: "Ada" } },
          { type: "text", text: " and " },
          { type: "ph-mention", attrs: { id: 7, label: "Ada Lovelace" } },
          { type: "text", text: " and @Bob" }
        ]
      }
    ])
  })
})
