/** The CLI's version, replaced at build time from package.json (tests run the source through vitest). */
declare const __HOGKIT_VERSION__: string | undefined
export const VERSION: string = typeof __HOGKIT_VERSION__ === "string" ? __HOGKIT_VERSION__ : "0.0.0-dev"
