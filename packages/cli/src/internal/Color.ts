/**
 * Whether to colour what goes to a stream, by the conventions people set in their shells: `NO_COLOR`
 * (any value) turns colour off; `CLICOLOR_FORCE` or `FORCE_COLOR` (any value but `0`/`false`) turn it on
 * even in a pipe; otherwise colour only on a terminal that is not `TERM=dumb`. `HOGKIT_COLOR=always`
 * lets build.mjs capture the coloured help it embeds for `hogkit --help`.
 */
const set = (value: string | undefined) => value !== undefined && value !== ""
const forcing = (value: string | undefined) => set(value) && value !== "0" && value?.toLowerCase() !== "false"

export const colorWanted = (
  stream: { readonly isTTY?: boolean | undefined },
  env: Readonly<Record<string, string | undefined>> = process.env
): boolean => {
  if (env.HOGKIT_COLOR === "always") return true
  if (set(env.NO_COLOR)) return false
  if (forcing(env.CLICOLOR_FORCE) || forcing(env.FORCE_COLOR)) return true
  return stream.isTTY === true && env.TERM !== "dumb"
}
