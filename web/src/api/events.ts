import { authHeaders } from "./client";

/** One event of GET /api/events (kinds: run, library, download, log). */
export interface ServerEvent {
  id: string | null;
  kind: string;
  data: unknown;
}

/** open: events flow; connecting: (re)trying; unavailable: no stream, callers poll instead. */
export type StreamStatus = "connecting" | "open" | "unavailable";

export interface EventStreamOptions {
  url?: string;
  onEvent: (event: ServerEvent) => void;
  onStatus?: (status: StreamStatus) => void;
  fetchImpl?: typeof fetch;
  /** First retry delay; doubles up to maxDelayMs. */
  retryMs?: number;
  maxDelayMs?: number;
  /** Failures in a row after which the stream is reported unavailable (while retries go on). */
  failuresBeforeFallback?: number;
  sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
}

export interface EventStream {
  close(): void;
}

function defaultSleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener("abort", () => {
      clearTimeout(timer);
      resolve();
    });
  });
}

/** Parses the text/event-stream format incrementally. */
export class SseParser {
  private buffer = "";
  private data: string[] = [];
  private kind = "";
  private id: string | null = null;
  lastEventId: string | null = null;

  constructor(private readonly emit: (event: ServerEvent) => void) {}

  push(chunk: string): void {
    this.buffer += chunk;
    let newline: number;
    while ((newline = this.buffer.search(/\r\n|\r|\n/)) >= 0) {
      const line = this.buffer.slice(0, newline);
      const width = this.buffer.startsWith("\r\n", newline) ? 2 : 1;
      this.buffer = this.buffer.slice(newline + width);
      this.line(line);
    }
  }

  private line(line: string): void {
    if (line === "") {
      this.dispatch();
      return;
    }
    if (line.startsWith(":")) return; // comment / keep-alive
    const colon = line.indexOf(":");
    const field = colon < 0 ? line : line.slice(0, colon);
    let value = colon < 0 ? "" : line.slice(colon + 1);
    if (value.startsWith(" ")) value = value.slice(1);
    if (field === "data") this.data.push(value);
    else if (field === "event") this.kind = value;
    else if (field === "id" && !value.includes("\0")) this.id = value;
  }

  private dispatch(): void {
    if (this.id !== null) this.lastEventId = this.id;
    if (this.data.length > 0) {
      const text = this.data.join("\n");
      let data: unknown = text;
      try {
        data = JSON.parse(text);
      } catch {
        /* plain text data */
      }
      const kindFromData =
        data && typeof data === "object" && "kind" in data ? String((data as { kind: unknown }).kind) : "";
      this.emit({ id: this.id ?? this.lastEventId, kind: this.kind || kindFromData || "message", data });
    }
    this.data = [];
    this.kind = "";
    this.id = null;
  }
}

/**
 * Follow GET /api/events over fetch (so the X-PlexM8-Token header can be sent, which EventSource cannot),
 * reconnecting with Last-Event-ID and a growing delay. After repeated failures, or at once when the backend
 * has no stream (404), the status becomes "unavailable" so callers fall back to polling.
 */
export function openEventStream(options: EventStreamOptions): EventStream {
  const fetchImpl = options.fetchImpl ?? fetch.bind(globalThis);
  const sleep = options.sleep ?? defaultSleep;
  const retryMs = options.retryMs ?? 1000;
  const maxDelay = options.maxDelayMs ?? 30_000;
  const threshold = options.failuresBeforeFallback ?? 2;
  const controller = new AbortController();
  let status: StreamStatus | null = null;
  const setStatus = (next: StreamStatus) => {
    if (next !== status) {
      status = next;
      options.onStatus?.(next);
    }
  };
  const parser = new SseParser((event) => options.onEvent(event));

  async function run(): Promise<void> {
    let failures = 0;
    while (!controller.signal.aborted) {
      if (failures < threshold) setStatus("connecting");
      let gone = false;
      try {
        const headers: Record<string, string> = { Accept: "text/event-stream", ...authHeaders() };
        if (parser.lastEventId) headers["Last-Event-ID"] = parser.lastEventId;
        const response = await fetchImpl(options.url ?? "/api/events", {
          headers,
          signal: controller.signal,
          cache: "no-store",
        });
        const type = response.headers.get("Content-Type") ?? "";
        if (response.status === 404 || response.status === 405 || response.status === 501) {
          gone = true;
          throw new Error("no event stream");
        }
        if (!response.ok || !response.body || !type.includes("text/event-stream")) throw new Error("bad answer");
        failures = 0;
        setStatus("open");
        const reader = response.body.getReader();
        const decoder = new TextDecoder();
        for (;;) {
          const { value, done } = await reader.read();
          if (done) break;
          parser.push(decoder.decode(value, { stream: true }));
        }
        throw new Error("stream ended");
      } catch {
        if (controller.signal.aborted) return;
        failures += 1;
        if (gone || failures >= threshold) setStatus("unavailable");
        const delay = gone ? maxDelay : Math.min(maxDelay, retryMs * 2 ** Math.max(0, failures - 1));
        await sleep(delay, controller.signal);
      }
    }
  }

  void run();
  return { close: () => controller.abort() };
}
