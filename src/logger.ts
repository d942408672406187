import { pino, type Logger } from "pino";

/** The process logger (structured JSON on stdout). Child loggers carry `playerId` and `roomId`. */
export function createLogger(level: string): Logger {
  return pino({ level, base: { pid: process.pid }, timestamp: pino.stdTimeFunctions.isoTime });
}

export type { Logger };
