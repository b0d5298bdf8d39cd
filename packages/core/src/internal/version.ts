/** The package version sent in `User-Agent`; keep in step with package.json (a test checks it). */
export const VERSION = "0.1.0"
