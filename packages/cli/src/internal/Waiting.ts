/**
 * What a person sees while core waits before retrying. When PostHog itself asked for the wait (a 429, or
 * a Retry-After), a terminal shows "PostHog asked us to wait N s (rate limit)…" counting down on stderr,
 * erased when the wait ends, so a minute's pause never looks like a hang. Scripts see one line per wait on
 * stderr with --debug only (with --debug, hogkit's own backoff waits are told too); stdout never changes.
 */
import type { RetryWait } from "@hogkit/core"

const why: Record<RetryWait["reason"], string> = {
  rate_limit: "rate limit",
  server: "PostHog is busy",
  network: "no answer"
}

export interface WaitDisplay {
  readonly tty: boolean
  readonly debug: boolean
  readonly write: (text: string) => void
}

const seconds = (millis: number) => Math.max(0, Math.ceil(millis / 1000))

/** core's `onRetryWait`, rendered for this terminal or script; returns what ends the countdown. */
export const showWait =
  ({ tty, debug, write }: WaitDisplay) =>
  (wait: RetryWait): (() => void) | undefined => {
    if (!wait.serverAsked) {
      if (debug)
        write(`Retrying in ${(wait.millis / 1000).toFixed(1)} s (${why[wait.reason]}, retry ${wait.retry})\n`)
      return undefined
    }
    const line = (left: number) => `PostHog asked us to wait ${left} s (${why[wait.reason]})…`
    if (!tty) {
      if (debug) write(`${line(seconds(wait.millis))}\n`)
      return undefined
    }
    const end = Date.now() + wait.millis
    write(`\r\u001b[2K${line(seconds(wait.millis))}`)
    const timer = setInterval(() => write(`\r\u001b[2K${line(seconds(end - Date.now()))}`), 1000)
    timer.unref()
    return () => {
      clearInterval(timer)
      write("\r\u001b[2K")
    }
  }
