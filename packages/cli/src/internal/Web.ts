/**
 * `--web`: open an object's page in PostHog's web app. Where the page is comes from core's catalogue
 * (`Catalogue.uiUrl`); this module only decides how to show it: the browser in $BROWSER, else the
 * platform's opener (`open`, `start`, or `xdg-open` where a display exists), else the link itself on
 * stdout, so `--web` over ssh or in a script still gives something to paste.
 */
import { spawn } from "node:child_process"
import { Catalogue } from "@hogkit/core"
import * as Flag from "effect/cli/Flag"
import * as Effect from "effect/Effect"
import type { Printer } from "./Output.js"

export const web = Flag.Boolean("web").pipe(
  Flag.withAlias("w"),
  Flag.withDescription("Open it in PostHog's web app (prints the link when no browser can be opened)"),
  Flag.withDefault(false)
)

/** The host and project a link is built on: what `withPostHog` resolved. */
export interface LinkContext {
  readonly host: string
  readonly projectId: number | "@current"
}

/** The object's page in PostHog's UI, or `undefined` for objects without one. */
export const uiUrl = (
  resource: Catalogue.ResourceName,
  object: unknown,
  context: LinkContext
): string | undefined =>
  object !== null && typeof object === "object"
    ? Catalogue.uiUrl(resource, object as Record<string, unknown>, context)
    : undefined

/** The page listing a resource's objects in PostHog's UI (core's catalogue), or `undefined`. */
export const listUrl = (resource: Catalogue.ResourceName, context: LinkContext): string | undefined =>
  Catalogue.uiListUrl(resource, context)

/** `--web` on a list: the same flag, worded for the list page. */
export const webList = Flag.Boolean("web").pipe(
  Flag.withAlias("w"),
  Flag.withDescription(
    "Open the list in PostHog's web app instead (prints the link when no browser can be opened)"
  ),
  Flag.withDefault(false)
)

/** The program that opens a URL here, or `undefined` when there is no way to show a browser. */
const opener = (): readonly [string, ReadonlyArray<string>] | undefined => {
  const browser = process.env.BROWSER?.trim()
  if (browser) return [browser, []]
  if (process.platform === "darwin") return ["open", []]
  if (process.platform === "win32") return ["cmd", ["/c", "start", '""']]
  if (process.env.DISPLAY || process.env.WAYLAND_DISPLAY) return ["xdg-open", []]
  return undefined
}

const launch = (command: string, args: ReadonlyArray<string>, url: string) =>
  Effect.callback<boolean>((resume) => {
    try {
      const child = spawn(command, [...args, url], { detached: true, stdio: "ignore" })
      child.once("error", () => resume(Effect.succeed(false)))
      child.once("spawn", () => {
        child.unref()
        resume(Effect.succeed(true))
      })
    } catch {
      resume(Effect.succeed(false))
    }
  })

/**
 * Open `url` in a browser, saying so on a terminal; print it on stdout when no browser can be opened.
 * `what` names the object for the messages (`dashboard 12`).
 */
export const open = (url: string | undefined, what: string, printer: Printer) =>
  Effect.gen(function* () {
    if (url === undefined) {
      printer.note(`PostHog has no page of its own for ${what}.`)
      return
    }
    const program = opener()
    if (program !== undefined && (yield* launch(program[0], program[1], url))) {
      printer.note(`Opening ${url} in your browser.`)
      return
    }
    printer.value(url)
  })
