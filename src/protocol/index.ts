/**
 * The client protocol (PROTOCOL.md) as code: message types, payload schemas and shapes, error codes and
 * shared names. One module for the server, the browser client, the load-test bots and the tests; it
 * imports nothing but `zod`, so it runs in a browser as well as in Node.
 */
export * from "./commands.js";
export * from "./errorCodes.js";
export * from "./messages.js";
export * from "./names.js";
export * from "./publicRules.js";
export * from "./npcKindInfo.js";
export * from "./resourceKindInfo.js";
export * from "./shopView.js";
export * from "./tradeMessages.js";
