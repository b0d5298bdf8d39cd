import { describe, expect, it } from "vitest"
import { activeFormats } from "../src/internal/formatting.js"
import { docToPlain, docToText, mentionIds, richBodyFor, textToDoc } from "../src/internal/tiptap.js"

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
  it("shows every block on its own line, formatting as markdown and mentions by name", () => {
    expect(docToText(doc, nameOf)).toBe("Plan\n- one\n- *two*\nLine\nbreak for @Ada Lovelace\n")
    expect(docToPlain(doc, nameOf)).toBe("Plan\none\ntwo\nLine\nbreak for @Ada Lovelace\n")
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

const text = (t: string, ...marks: Array<Record<string, unknown>>) =>
  marks.length > 0 ? { type: "text", text: t, marks } : { type: "text", text: t }

describe("markdown-style formatting typed in the composer", () => {
  it("turns bold, italic, code, strike and links into TipTap marks", () => {
    const out = textToDoc(
      "**Ship** it *today*, run `pnpm test` ~~now~~ and read [the docs](https://posthog.com/docs)",
      [],
      null,
      nameOf
    )
    expect(out.content).toEqual([
      {
        type: "paragraph",
        content: [
          text("Ship", { type: "bold" }),
          text(" it "),
          text("today", { type: "italic" }),
          text(", run "),
          text("pnpm test", { type: "code" }),
          text(" "),
          text("now", { type: "strike" }),
          text(" and read "),
          text("the docs", { type: "link", attrs: { href: "https://posthog.com/docs" } })
        ]
      }
    ])
  })

  it("nests marks and keeps code literal", () => {
    const out = textToDoc("**bold _and italic_**, `**not bold**`", [], null, nameOf)
    expect(out.content[0]).toEqual({
      type: "paragraph",
      content: [
        text("bold ", { type: "bold" }),
        text("and italic", { type: "bold" }, { type: "italic" }),
        text(", "),
        text("**not bold**", { type: "code" })
      ]
    })
  })

  it("leaves arithmetic, snake_case and unsafe links as typed", () => {
    for (const line of ["2 * 3 * 4", "snake_case_name", "[click](javascript:alert(1))", "a ** b"]) {
      expect(richBodyFor(line, [], null, nameOf)).toBeNull()
    }
  })

  it("makes consecutive - and 1. lines into lists", () => {
    const out = textToDoc("Todo:\n- one\n- **two**\n1. first\n2. second", [], null, nameOf)
    expect(out.content.map((b) => (b as { type: string }).type)).toEqual([
      "paragraph",
      "bulletList",
      "orderedList"
    ])
    expect(out.content[1]).toEqual({
      type: "bulletList",
      content: [
        { type: "listItem", content: [{ type: "paragraph", content: [text("one")] }] },
        { type: "listItem", content: [{ type: "paragraph", content: [text("two", { type: "bold" })] }] }
      ]
    })
  })

  it("round-trips its own formatting through the editable text", () => {
    const typed = "**Plan** for `q3` **_now_**\n- [dash](https://example.com/d) *soon*\n- @Ada Lovelace"
    const doc = textToDoc(typed, [{ id: 7, label: "Ada Lovelace" }], null, nameOf)
    expect(docToText(doc, nameOf)).toBe(typed)
    expect(docToPlain(doc, nameOf)).toBe("Plan for q3 now\ndash soon\n@Ada Lovelace")
  })

  it("keeps a plain comment plain and makes a formatted one rich", () => {
    expect(richBodyFor("just words", [], null, nameOf)).toBeNull()
    expect(richBodyFor("some **words**", [], null, nameOf)).not.toBeNull()
  })
})

describe("the formats the toolbar shows pressed", () => {
  /** The formats in force for text with the caret (`|`) or a selection (`|…|`) marked in it. */
  const at = (marked: string) => {
    const start = marked.indexOf("|")
    const end = marked.indexOf("|", start + 1)
    return [...activeFormats(marked.replaceAll("|", ""), start, end === -1 ? start : end - 1)].sort()
  }

  it("at a caret, are the marks a letter typed there would get", () => {
    expect(at("**|**")).toEqual(["bold"])
    expect(at("**|bold**")).toEqual(["bold"])
    expect(at("**bold|**")).toEqual(["bold"])
    expect(at("|**bold**")).toEqual([])
    expect(at("**bold**|")).toEqual([])
    expect(at("**b _i|_**")).toEqual(["bold", "italic"])
    expect(at("run `co|de`")).toEqual(["code"])
    expect(at("[do|cs](https://posthog.com)")).toEqual(["link"])
    expect(at("[docs](https://post|hog.com)")).toEqual([])
    expect(at("snake_c|ase")).toEqual([])
    expect(at("2 *| 3 * 4")).toEqual([])
  })

  it("over a selection, are the marks all of it has, markers and spaces aside", () => {
    expect(at("|**Ship**|")).toEqual(["bold"])
    expect(at("**a**| **b**|")).toEqual(["bold"])
    expect(at("**a** |x**b**|")).toEqual([])
    expect(at("|plain|")).toEqual([])
  })

  it("shows a list when every line the caret or selection is on is a - line", () => {
    expect(at("- *a|b*")).toEqual(["italic", "list"])
    expect(at("|- a\n- b|")).toEqual(["list"])
    expect(at("- a|\nb|")).toEqual([])
    expect(at("1. fi|rst")).toEqual([])
  })
})
