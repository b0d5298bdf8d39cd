export * as Schema from "./schema/index.js"
