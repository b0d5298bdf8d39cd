/**
 * One emulator per test file and a runtime of `@hogkit/core` (the built package, as users get it) pointed
 * at it over real HTTP. The emulator is a dev dependency and never imports core: it is the independent
 * oracle these tests check core against.
 */
import { type HogkitError, PostHog } from "@hogkit/core"
import { type Emulator, type EmulatorOptions, startEmulator } from "@hogkit/emulator"
import * as Effect from "effect/Effect"
import * as FetchHttpClient from "effect/http/FetchHttpClient"
import * as Layer from "effect/Layer"
import * as ManagedRuntime from "effect/ManagedRuntime"
import { afterAll, beforeAll, beforeEach } from "vitest"

export type Services = PostHog.Services

export interface Harness {
  readonly emu: () => Emulator
  /** Runs an operation against the emulator's default project with the default key. */
  readonly run: <A>(effect: Effect.Effect<A, HogkitError, Services>) => Promise<A>
  /** Runs an operation that must fail, and returns its error. */
  readonly fail: <A>(effect: Effect.Effect<A, HogkitError, Services>) => Promise<HogkitError>
  /** A runtime for another project or key (disposed after the file). */
  readonly runtimeFor: (options: {
    readonly projectId?: number | "@current"
    readonly apiKey?: string
  }) => ManagedRuntime.ManagedRuntime<Services, never>
  /** Calls the emulator's admin API. */
  readonly admin: <T = unknown>(method: string, path: string, body?: unknown) => Promise<T>
}

export const useCoreAgainstEmulator = (options: EmulatorOptions = {}): Harness => {
  let emulator: Emulator | undefined
  const runtimes: Array<ManagedRuntime.ManagedRuntime<Services, never>> = []
  let main: ManagedRuntime.ManagedRuntime<Services, never> | undefined

  const emu = () => {
    if (!emulator) throw new Error("the emulator has not started")
    return emulator
  }
  const runtimeFor = (o: { readonly projectId?: number | "@current"; readonly apiKey?: string }) => {
    const e = emu()
    const runtime = ManagedRuntime.make(
      PostHog.layer({
        apiKey: o.apiKey ?? e.apiKey,
        host: e.url,
        projectId: o.projectId ?? e.projectId,
        retry: { baseDelay: "20 millis", maxDelay: "200 millis" }
      }).pipe(Layer.provide(FetchHttpClient.layer))
    )
    runtimes.push(runtime)
    return runtime
  }

  beforeAll(async () => {
    emulator = await startEmulator({ port: 0, quiet: true, ...options })
    main = runtimeFor({})
  })
  beforeEach(async () => {
    await emu().reset()
  })
  afterAll(async () => {
    await Promise.all(runtimes.map((r) => r.dispose()))
    await emulator?.close()
  })

  const admin = async <T>(method: string, path: string, body?: unknown): Promise<T> => {
    const res = await fetch(`${emu().url}${path}`, {
      method,
      headers: body === undefined ? {} : { "content-type": "application/json" },
      ...(body === undefined ? {} : { body: JSON.stringify(body) })
    })
    const text = await res.text()
    if (res.status >= 400) throw new Error(`admin ${method} ${path} → ${res.status} ${text}`)
    return (text === "" ? undefined : JSON.parse(text)) as T
  }

  return {
    emu,
    run: (effect) => main!.runPromise(effect),
    fail: (effect) => main!.runPromise(Effect.flip(effect)),
    runtimeFor,
    admin
  }
}
