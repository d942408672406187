import { Histogram, type HistogramJson } from "./histogram.js";

/** What bots count; one per process, merged by the runner. Plain JSON so it crosses process boundaries. */
export interface BotStatsJson {
  bots: number;
  joined: number;
  /** Joins that failed, refusals with SERVER_FULL apart (`joinRefused`). */
  joinFailed: number;
  /** Joins the server refused with SERVER_FULL (admission control: the intended outcome past the knee). */
  joinRefused: number;
  /** Every failed or refused join, by error. */
  joinErrors: Record<string, number>;
  join: HistogramJson;
  sent: number;
  sentByType: Record<string, number>;
  results: number;
  /** Result codes: "ok" or the protocol error code, by command type ("move:ok", "move:RATE_LIMITED"). */
  codes: Record<string, number>;
  latency: HistogramJson;
  /** Commands whose result never came (the connection closed first). */
  noResult: number;
  /** RATE_LIMITED results of commands the bot sent at least a cooldown after its last accepted one of the type. */
  rateLimitedSentLate: number;
  /** Bots that decode every state patch (the others stopped: `--decode` sampling). */
  decoding: number;
  disconnects: Record<string, number>;
  kicked: Record<string, number>;
  transfers: number;
  /** Bytes received over the WebSocket by the counted clients, all frames and state patches only. */
  bytesReceived: number;
  patchBytes: number;
  countedClients: number;
  windowS: number;
}

export class BotStats {
  bots = 0;
  joined = 0;
  joinFailed = 0;
  joinRefused = 0;
  joinErrors: Record<string, number> = {};
  join = new Histogram();
  sent = 0;
  sentByType: Record<string, number> = {};
  results = 0;
  codes: Record<string, number> = {};
  latency = new Histogram();
  noResult = 0;
  rateLimitedSentLate = 0;
  decoding = 0;
  disconnects: Record<string, number> = {};
  kicked: Record<string, number> = {};
  transfers = 0;
  bytesReceived = 0;
  patchBytes = 0;
  countedClients = 0;
  private windowStart = performance.now();

  /** When the current measurement window started (performance.now()). */
  get windowStartedAt(): number {
    return this.windowStart;
  }

  /** Starts a new measurement window: command and byte counters restart (join counters stay). */
  resetWindow(): void {
    this.sent = 0;
    this.sentByType = {};
    this.results = 0;
    this.codes = {};
    this.latency.reset();
    this.noResult = 0;
    this.rateLimitedSentLate = 0;
    this.bytesReceived = 0;
    this.patchBytes = 0;
    this.windowStart = performance.now();
  }

  recordSent(type: string): void {
    this.sent++;
    this.sentByType[type] = (this.sentByType[type] ?? 0) + 1;
  }

  /** Counts a result; one of a command sent before the current window started is not counted. */
  recordResult(type: string, code: string, latencyMs: number, sentAt = performance.now()): void {
    if (sentAt < this.windowStart) return;
    this.results++;
    const key = `${type}:${code}`;
    this.codes[key] = (this.codes[key] ?? 0) + 1;
    this.latency.record(latencyMs);
  }

  recordJoinError(err: unknown): void {
    const e = err as { code?: unknown; message?: unknown } | null;
    if (String(e?.message ?? err).includes("SERVER_FULL")) this.joinRefused++;
    else this.joinFailed++;
    const key = `${typeof e?.code === "number" || typeof e?.code === "string" ? `${e.code} ` : ""}${String(e?.message ?? err).slice(0, 60)}`;
    this.joinErrors[key] = (this.joinErrors[key] ?? 0) + 1;
  }

  count(map: "disconnects" | "kicked", key: string): void {
    this[map][key] = (this[map][key] ?? 0) + 1;
  }

  toJSON(): BotStatsJson {
    return {
      bots: this.bots,
      joined: this.joined,
      joinFailed: this.joinFailed,
      joinRefused: this.joinRefused,
      joinErrors: this.joinErrors,
      join: this.join.toJSON(),
      sent: this.sent,
      sentByType: this.sentByType,
      results: this.results,
      codes: this.codes,
      latency: this.latency.toJSON(),
      noResult: this.noResult,
      rateLimitedSentLate: this.rateLimitedSentLate,
      decoding: this.decoding,
      disconnects: this.disconnects,
      kicked: this.kicked,
      transfers: this.transfers,
      bytesReceived: this.bytesReceived,
      patchBytes: this.patchBytes,
      countedClients: this.countedClients,
      windowS: (performance.now() - this.windowStart) / 1000,
    };
  }
}

const addInto = (target: Record<string, number>, source: Record<string, number>) => {
  for (const [k, v] of Object.entries(source)) target[k] = (target[k] ?? 0) + v;
};

/** Sums the stats of several processes (windows: the longest). */
export function mergeStats(all: BotStatsJson[]): BotStatsJson & { latencyHist: Histogram; joinHist: Histogram } {
  const latencyHist = new Histogram();
  const joinHist = new Histogram();
  const out: BotStatsJson = {
    bots: 0, joined: 0, joinFailed: 0, joinRefused: 0, joinErrors: {}, join: joinHist.toJSON(), sent: 0, sentByType: {}, results: 0, codes: {},
    latency: latencyHist.toJSON(), noResult: 0, rateLimitedSentLate: 0, decoding: 0, disconnects: {}, kicked: {}, transfers: 0, bytesReceived: 0, patchBytes: 0,
    countedClients: 0, windowS: 0,
  };
  for (const s of all) {
    out.bots += s.bots;
    out.joined += s.joined;
    out.joinFailed += s.joinFailed;
    out.joinRefused += s.joinRefused;
    addInto(out.joinErrors, s.joinErrors);
    joinHist.merge(s.join);
    out.sent += s.sent;
    addInto(out.sentByType, s.sentByType);
    out.results += s.results;
    addInto(out.codes, s.codes);
    latencyHist.merge(s.latency);
    out.noResult += s.noResult;
    out.rateLimitedSentLate += s.rateLimitedSentLate;
    out.decoding += s.decoding;
    addInto(out.disconnects, s.disconnects);
    addInto(out.kicked, s.kicked);
    out.transfers += s.transfers;
    out.bytesReceived += s.bytesReceived;
    out.patchBytes += s.patchBytes;
    out.countedClients += s.countedClients;
    out.windowS = Math.max(out.windowS, s.windowS);
  }
  out.join = joinHist.toJSON();
  out.latency = latencyHist.toJSON();
  return { ...out, latencyHist, joinHist };
}

/** Result codes summed over command types: { ok: n, RATE_LIMITED: m, ... }. */
export function codesByCode(codes: Record<string, number>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [key, n] of Object.entries(codes)) {
    const code = key.slice(key.lastIndexOf(":") + 1);
    out[code] = (out[code] ?? 0) + n;
  }
  return out;
}
