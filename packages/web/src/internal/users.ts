/** How people are named in the widgets. */

export interface PersonLike {
  readonly id?: number
  readonly first_name?: string | null | undefined
  readonly last_name?: string | null | undefined
  readonly email?: string | null | undefined
}

export const displayName = (user: PersonLike | null | undefined, fallback: string): string => {
  if (!user) return fallback
  const name = `${user.first_name ?? ""} ${user.last_name ?? ""}`.trim()
  return name || user.email || fallback
}

/** Up to two letters for an avatar; only letters and digits, so control characters never reach it. */
export const initials = (name: string): string => {
  const words = name.split(/[\s@._-]+/).filter((w) => /[\p{L}\p{N}]/u.test(w))
  const letters = words
    .slice(0, 2)
    .map((w) => Array.from(w).find((ch) => /[\p{L}\p{N}]/u.test(ch)) ?? "")
    .join("")
  return letters.toUpperCase() || "?"
}
