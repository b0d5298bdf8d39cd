/**
 * Requests written byte for byte over a TCP socket: the probes here (a Host with a space, an
 * absolute-form target, TRACE) are exactly what fetch and http.request normalise or refuse to send.
 */
import { spawn } from "node:child_process"
import * as net from "node:net"

export interface RawResponse {
  readonly status: number
  readonly headers: Readonly<Record<string, string>>
  readonly body: string
}

/** Sends `head` (request line and headers, no final blank line) and `body`; resolves with the parsed answer. */
export const raw = (port: number, head: ReadonlyArray<string>, body = ""): Promise<RawResponse> =>
  new Promise((resolve, reject) => {
    const socket = net.connect(port, "127.0.0.1")
    const chunks: Array<Buffer> = []
    socket.setTimeout(30_000, () => socket.destroy(new Error("no answer within 30 s")))
    socket.on("connect", () => {
      const lines = [...head]
      if (body !== "") lines.push(`Content-Length: ${Buffer.byteLength(body)}`)
      lines.push("Connection: close")
      socket.write(`${lines.join("\r\n")}\r\n\r\n${body}`)
    })
    socket.on("data", (chunk: Buffer) => chunks.push(chunk))
    socket.on("error", reject)
    socket.on("close", () => {
      const text = Buffer.concat(chunks).toString("latin1")
      const end = text.indexOf("\r\n\r\n")
      const match = /^HTTP\/1\.[01] (\d{3})/.exec(text)
      if (match === null || end < 0) {
        reject(new Error(`no HTTP answer (the server hung up): ${JSON.stringify(text.slice(0, 200))}`))
        return
      }
      const headers: Record<string, string> = {}
      for (const line of text.slice(0, end).split("\r\n").slice(1)) {
        const at = line.indexOf(":")
        if (at > 0) headers[line.slice(0, at).trim().toLowerCase()] = line.slice(at + 1).trim()
      }
      let rest = Buffer.from(text.slice(end + 4), "latin1")
      if (headers["transfer-encoding"] === "chunked") {
        const parts: Array<Buffer> = []
        let at = 0
        for (;;) {
          const lineEnd = rest.indexOf("\r\n", at)
          if (lineEnd < 0) break
          const size = Number.parseInt(rest.subarray(at, lineEnd).toString(), 16)
          if (!Number.isFinite(size) || size === 0) break
          parts.push(rest.subarray(lineEnd + 2, lineEnd + 2 + size))
          at = lineEnd + 2 + size + 2
        }
        rest = Buffer.concat(parts)
      }
      resolve({ status: Number(match[1]), headers, body: rest.toString("utf8") })
    })
  })

/** A child process that prints a URL once it listens; `alive()` says whether it still runs. */
export interface Child {
  readonly url: string
  readonly port: number
  readonly output: () => string
  readonly alive: () => boolean
  readonly stop: () => Promise<void>
}

export const startChild = (
  args: ReadonlyArray<string>,
  urlPattern: RegExp,
  env: Record<string, string | undefined> = {}
): Promise<Child> =>
  new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, {
      env: { ...process.env, ...env },
      stdio: ["ignore", "pipe", "pipe"]
    })
    let output = ""
    let exited = false
    child.on("exit", () => {
      exited = true
    })
    const onData = (chunk: Buffer) => {
      output += chunk.toString()
      const match = urlPattern.exec(output)
      if (match?.[1] !== undefined) {
        const url = match[1]
        resolve({
          url,
          port: Number(new URL(url).port),
          output: () => output,
          alive: () => !exited && child.exitCode === null,
          stop: () =>
            new Promise<void>((done) => {
              if (exited) return done()
              child.once("exit", () => done())
              child.kill("SIGTERM")
            })
        })
      }
    }
    child.stdout.on("data", onData)
    child.stderr.on("data", onData)
    child.once("exit", (code) => reject(new Error(`exited ${code} before listening:\n${output}`)))
  })
