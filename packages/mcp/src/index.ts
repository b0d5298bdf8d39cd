/**
 * `@hogkit/mcp`: the hogkit-mcp server as a library — the tool registry, selection, a server factory
 * and the two transports — for embedding or testing. Most users run the `hogkit-mcp` command instead.
 */
export { ConfigError, type McpConfig, parseConfig, withStoredProfile } from "./Config.js"
export { type HttpOptions, type HttpServer, startHttpServer } from "./Http.js"
export { type Connection, makeRunner } from "./Runtime.js"
export { type Selection, SelectionError, selectTools } from "./Selection.js"
export { callTool, createServer, parseArguments, type Runner } from "./Server.js"
export {
  TOOL_OF_OPERATION,
  TOOLSETS,
  type Tool,
  type ToolAnnotations,
  type Toolset,
  tools
} from "./Tools.js"
export { VERSION } from "./Version.js"
