/**
 * Answers to authenticated reads, kept until the next write. PGlite serves one query at a time and
 * each costs milliseconds, so a read asked again (a widget polling a dashboard, a script re-listing
 * comments) is answered from memory instead: the same status, headers and body bytes it answered the
 * first time.
 *
 * Correctness rests on three things. The cache sits after authentication, scopes, project access,
 * throttles and faults, which every request still goes through. An entry is keyed by the caller's key
 * (which fixes the user, scopes, scoped teams and organizations) and the full request URL (host, path
 * and query, which also fix `next`/`previous` links). And every entry belongs to one value of
 * `Database.writes`, which moves on every transaction (all API writes, the admin API, reset): when it
 * moves, the whole cache is dropped. Reads that change something (a dashboard retrieve marks it
 * accessed) or answer something new each time (sharing GET's unsaved token) are either not cached or
 * declare a stamp: a field re-rendered as "now" on every reuse. Answers that show what such reads
 * change (dashboard lists show `last_accessed_at`) live in a second cache whose generation also counts
 * `Database.marks`, so an access drops them without dropping the retrieves.
 */

/** What a cached answer looks like: the body around the stamp (if any), and the stamp's field. */
interface Entry {
  readonly status: number
  readonly headers: Readonly<Record<string, string>> | undefined
  /** The JSON body, split around the stamp's value when the entry has one. */
  readonly parts: readonly [Buffer] | readonly [Buffer, Buffer]
  readonly size: number
}

/** At most this many answers... */
export const RESPONSE_CACHE_ENTRIES = 2_000
/** ...and this many body bytes in all; a single body over an eighth of it is never kept. */
export const RESPONSE_CACHE_BYTES = 32 * 1024 * 1024
/** The separate cache of answers that reads' marks also drop (dashboard lists): 500 answers, 16 MB. */
export const MARKED_RESPONSE_CACHE_ENTRIES = 500
export const MARKED_RESPONSE_CACHE_BYTES = 16 * 1024 * 1024

export class ResponseCache {
  private readonly entries = new Map<string, Entry>()
  private generation = -1
  private bytes = 0

  constructor(
    private readonly maxEntries = RESPONSE_CACHE_ENTRIES,
    private readonly maxBytes = RESPONSE_CACHE_BYTES
  ) {}

  /** The answer stored under `key` while the database was at `generation`, if still current. */
  get(key: string, generation: number): Entry | undefined {
    if (generation !== this.generation) {
      this.clear()
      this.generation = generation
      return undefined
    }
    const entry = this.entries.get(key)
    if (entry === undefined) return undefined
    // Least recently used goes first: a hit moves the entry to the end.
    this.entries.delete(key)
    this.entries.set(key, entry)
    return entry
  }

  /**
   * Keeps a 200 answer computed entirely at `generation`. `stamp` names a top-level body field that
   * must be re-rendered on every reuse.
   */
  set(
    key: string,
    generation: number,
    reply: { status: number; body?: unknown; headers?: Readonly<Record<string, string>> },
    stamp: string | undefined
  ): void {
    if (reply.status !== 200 || reply.body === undefined) return
    if (generation !== this.generation) {
      this.clear()
      this.generation = generation
    }
    let parts: Entry["parts"]
    if (stamp === undefined) {
      parts = [Buffer.from(JSON.stringify(reply.body), "utf8")]
    } else {
      const body = reply.body as Record<string, unknown>
      if (body === null || typeof body !== "object" || !(stamp in body)) return
      // Replacing the value keeps the key order; the marker cannot occur in JSON text any other way.
      const marker = `\u0000stamp:${stamp}\u0000`
      const text = JSON.stringify({ ...body, [stamp]: marker })
      const split = text.split(JSON.stringify(marker))
      if (split.length !== 2) return
      parts = [Buffer.from(split[0] ?? "", "utf8"), Buffer.from(split[1] ?? "", "utf8")]
    }
    const size = parts.reduce((n, p) => n + p.length, 0) + key.length
    if (size > this.maxBytes / 8) return
    this.delete(key)
    this.entries.set(key, { status: reply.status, headers: reply.headers, parts, size })
    this.bytes += size
    for (const [oldest, entry] of this.entries) {
      if (this.entries.size <= this.maxEntries && this.bytes <= this.maxBytes) break
      this.entries.delete(oldest)
      this.bytes -= entry.size
    }
  }

  get size(): number {
    return this.entries.size
  }

  clear(): void {
    this.entries.clear()
    this.bytes = 0
  }

  private delete(key: string) {
    const entry = this.entries.get(key)
    if (entry === undefined) return
    this.entries.delete(key)
    this.bytes -= entry.size
  }
}

/** The body bytes of a cached answer, with `stampValue` (a JSON value) spliced in where it has a stamp. */
export const cachedPayload = (entry: Entry, stampValue: string | undefined): Buffer =>
  entry.parts.length === 1
    ? entry.parts[0]
    : Buffer.concat([entry.parts[0], Buffer.from(stampValue ?? "null", "utf8"), entry.parts[1]])

export type { Entry as CachedReply }
