/** The package version, reported to clients and in the User-Agent. */
export const VERSION = "0.1.0"
