import { afterEach, describe, expect, it, vi } from "vitest";
import { api, ApiError, onTokenRequired, resetTokenCheck, setToken } from "./client";
import { fakeBackend, json } from "../test/utils";

afterEach(() => {
  vi.unstubAllGlobals();
  setToken(null);
  resetTokenCheck();
});

describe("api()", () => {
  it("turns the backend's JSON error into an ApiError with status, title, message and field", async () => {
    const backend = fakeBackend({
      "POST /api/sync/tasks": () => json({ error: "Invalid value", message: "schedule: not a cron", field: "schedule" }, 422),
    });
    vi.stubGlobal("fetch", backend.fetchImpl);
    const error = await api("/api/sync/tasks", { body: { schedule: "x" } }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ status: 422, title: "Invalid value", message: "schedule: not a cron", field: "schedule" });
    expect(backend.calls[0]).toMatchObject({ method: "POST", body: { schedule: "x" } });
    expect(backend.calls[0]?.headers["Content-Type"]).toBe("application/json");
  });

  it("explains an answer that is not JSON and an unreachable backend", async () => {
    vi.stubGlobal("fetch", async (url: string) =>
      url === "/api/health" ? json({ status: "ok" }) : new Response("<html>Bad gateway</html>", { status: 502, statusText: "Bad Gateway" }),
    );
    await expect(api("/api/playlists")).rejects.toMatchObject({ status: 502, title: "Bad Gateway" });
    vi.stubGlobal("fetch", async () => {
      throw new TypeError("Failed to fetch");
    });
    const error = (await api("/api/playlists").catch((e: unknown) => e)) as ApiError;
    expect(error.status).toBe(0);
    expect(error.message).toMatch(/setup\.py run/);
  });

  it("asks for the token before calling when health says the server needs one", async () => {
    const backend = fakeBackend({
      "GET /api/health": () => json({ status: "ok", api_token_required: true }),
      "GET /api/logs": (call) => json({ logs: [], total: 0, token: call.headers["X-PlexM8-Token"] }),
    });
    vi.stubGlobal("fetch", backend.fetchImpl);
    const asked = vi.fn();
    const stop = onTokenRequired(asked);
    await expect(api("/api/logs")).rejects.toMatchObject({ status: 401 });
    expect(asked).toHaveBeenCalledTimes(1);
    expect(backend.calls.map((c) => c.url)).toEqual(["/api/health"]); // nothing the server would refuse was sent
    setToken("0123456789abcdef");
    await expect(api("/api/logs")).resolves.toMatchObject({ token: "0123456789abcdef" });
    stop();
  });

  it("asks for the API token on 401 and sends it once stored", async () => {
    const backend = fakeBackend({
      "GET /api/health": () => json({ status: "ok", api_token_required: false }),
      "GET /api/logs": (call) =>
        call.headers["X-PlexM8-Token"] === "s3cret"
          ? json({ logs: [], total: 0 })
          : json({ error: "API token required", message: "Send the API token" }, 401),
    });
    vi.stubGlobal("fetch", backend.fetchImpl);
    const asked = vi.fn();
    const stop = onTokenRequired(asked);
    await expect(api("/api/logs")).rejects.toMatchObject({ status: 401 });
    expect(asked).toHaveBeenCalledTimes(1);
    setToken("s3cret");
    await expect(api("/api/logs")).resolves.toEqual({ logs: [], total: 0 });
    expect(sessionStorage.getItem("plexm8.apiToken")).toBe("s3cret");
    stop();
  });

  it("uploads files as multipart with X-PlexM8-Upload and builds query strings without empty values", async () => {
    const backend = fakeBackend({ "POST /api/playlists/import": () => json({ success: true }, 201) });
    vi.stubGlobal("fetch", backend.fetchImpl);
    const form = new FormData();
    form.append("file", new Blob(["#EXTM3U"]), "list.m3u8");
    await api("/api/playlists/import", { form, query: { title: "", limit: 5, gone: undefined } });
    const call = backend.calls[0];
    expect(call?.url).toBe("/api/playlists/import?limit=5");
    expect(call?.headers["X-PlexM8-Upload"]).toBe("1");
    expect(call?.headers["Content-Type"]).toBeUndefined(); // the browser sets the multipart boundary
  });
});
