/**
 * Size limits on what passes through the proxy, so one browser request cannot make the server fetch or
 * hold an unbounded amount of data.
 */

/**
 * The largest `limit` forwarded. PostHog's list endpoints have no cap of their own (`limit=100000000` is
 * honoured) and serve 100 items when none is asked for; the widgets never ask for more than that.
 */
export const MAX_PAGE_LIMIT = 100

/**
 * Rewrites `limit` to at most {@link MAX_PAGE_LIMIT}. The query check before it lets through only one
 * `limit` of plain digits (Python's `int()`, which PostHog uses, would also take `+5`, ` 5 ` and `5_000`);
 * this stays strict on its own all the same: anything but a plain small number becomes 100, which is what
 * PostHog does with a value it cannot parse.
 */
export const clampLimit = (params: URLSearchParams): void => {
  const all = params.getAll("limit")
  if (all.length === 0) return
  const last = all[all.length - 1] ?? ""
  const n = /^[0-9]{1,3}$/.test(last) ? Number(last) : Number.NaN
  params.delete("limit")
  params.set("limit", String(n >= 1 && n <= MAX_PAGE_LIMIT ? n : MAX_PAGE_LIMIT))
}

/** Default largest answer from PostHog the proxy reads, in bytes. */
export const DEFAULT_MAX_RESPONSE_BYTES = 8 * 1024 * 1024

/**
 * Reads a response body as text, giving up (and cancelling the download) once it passes `max` bytes, so a
 * huge or endless answer costs at most `max` bytes of memory.
 */
export const readTextCapped = async (response: Response, max: number): Promise<string | "too-large"> => {
  const declared = Number(response.headers.get("content-length") ?? "0")
  if (Number.isFinite(declared) && declared > max) {
    await response.body?.cancel().catch(() => undefined)
    return "too-large"
  }
  if (response.body === null) return ""
  const reader = response.body.getReader()
  const decoder = new TextDecoder()
  let size = 0
  let text = ""
  for (;;) {
    const { done, value } = await reader.read()
    if (done) break
    size += value.byteLength
    if (size > max) {
      await reader.cancel().catch(() => undefined)
      return "too-large"
    }
    text += decoder.decode(value, { stream: true })
  }
  return text + decoder.decode()
}
