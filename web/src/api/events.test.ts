import { describe, expect, it } from "vitest";
import { openEventStream, SseParser, type ServerEvent, type StreamStatus } from "./events";

function streamOf(chunks: string[]): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  return new ReadableStream({
    start(controller) {
      chunks.forEach((c) => controller.enqueue(encoder.encode(c)));
      controller.close();
    },
  });
}

const sse = (chunks: string[]) => new Response(streamOf(chunks), { headers: { "Content-Type": "text/event-stream" } });

describe("SseParser", () => {
  it("reads ids, kinds and multi-line JSON data split across chunks, and skips comments", () => {
    const events: ServerEvent[] = [];
    const parser = new SseParser((e) => events.push(e));
    parser.push(": keep-alive\n\nid: 7\nevent: run\ndata: {\"id\": 3,\n");
    parser.push("data: \"status\": \"running\"}\n\nid: 8\ndata: {\"kind\": \"log\", \"message\": \"hi\"}\r\n\r\n");
    expect(events).toEqual([
      { id: "7", kind: "run", data: { id: 3, status: "running" } },
      { id: "8", kind: "log", data: { kind: "log", message: "hi" } },
    ]);
    expect(parser.lastEventId).toBe("8");
  });
});

describe("openEventStream", () => {
  it("reconnects after the stream ends, sending Last-Event-ID so nothing is missed", async () => {
    const seen: string[] = [];
    const lastIds: (string | undefined)[] = [];
    let connections = 0;
    const done = new Promise<void>((resolve) => {
      const stream = openEventStream({
        fetchImpl: (async (_url: RequestInfo | URL, init?: RequestInit) => {
          connections += 1;
          lastIds.push((init?.headers as Record<string, string>)["Last-Event-ID"]);
          if (connections === 1) return sse(["id: 1\nevent: run\ndata: {\"id\": 1}\n\n"]);
          return sse([`id: ${connections}\nevent: run\ndata: {"id": ${connections}}\n\n`]);
        }) as typeof fetch,
        sleep: async () => undefined,
        onEvent: (e) => {
          seen.push(String(e.id));
          if (seen.length === 3) {
            stream.close();
            resolve();
          }
        },
      });
    });
    await done;
    expect(seen).toEqual(["1", "2", "3"]);
    expect(lastIds).toEqual([undefined, "1", "2"]);
  });

  it("reports the stream unavailable at once when the backend has none (404), so pages poll", async () => {
    const statuses: StreamStatus[] = [];
    await new Promise<void>((resolve) => {
      const stream = openEventStream({
        fetchImpl: (async () => new Response("{}", { status: 404 })) as typeof fetch,
        sleep: async () => {
          stream.close();
          resolve();
        },
        onEvent: () => undefined,
        onStatus: (s) => statuses.push(s),
      });
    });
    expect(statuses).toEqual(["connecting", "unavailable"]);
  });

  it("falls back after repeated failures and comes back to open when the stream returns", async () => {
    const statuses: StreamStatus[] = [];
    let attempt = 0;
    const delays: number[] = [];
    await new Promise<void>((resolve) => {
      const stream = openEventStream({
        failuresBeforeFallback: 2,
        retryMs: 100,
        fetchImpl: (async () => {
          attempt += 1;
          if (attempt <= 3) throw new TypeError("network down");
          return sse(["id: 1\ndata: {\"kind\": \"library\"}\n\n"]);
        }) as typeof fetch,
        sleep: async (ms) => {
          delays.push(ms);
        },
        onEvent: () => {
          stream.close();
          resolve();
        },
        onStatus: (s) => statuses.push(s),
      });
    });
    expect(statuses).toEqual(["connecting", "unavailable", "open"]);
    expect(delays).toEqual([100, 200, 400]); // backing off while down
  });
});
