import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { PlaylistItems } from "./PlaylistItems";
import { fakeBackend, json, renderApp, type Call } from "../test/utils";
import { moveAfter } from "../lib/reorder";

const TOTAL = 10_000;
function page(call: Call) {
  const params = new URL(call.url, "http://x").searchParams;
  const offset = Number(params.get("offset"));
  const limit = Number(params.get("limit"));
  const Metadata = Array.from({ length: Math.min(limit, TOTAL - offset) }, (_, i) => {
    const n = offset + i;
    return { key: `/library/metadata/${n + 1}`, ratingKey: String(n + 1), playlistItemID: 1000 + n, title: `Song ${n + 1}`, artist: "A", album: "B", duration: 200_000, userRating: null, thumb: null, index: n };
  });
  return json({ MediaContainer: { size: Metadata.length, totalSize: TOTAL, offset, Metadata } });
}

beforeEach(() => {
  vi.spyOn(HTMLElement.prototype, "clientHeight", "get").mockReturnValue(600);
  vi.spyOn(HTMLElement.prototype, "clientWidth", "get").mockReturnValue(800);
});
afterEach(() => {
  vi.restoreAllMocks();
  vi.unstubAllGlobals();
});

describe("moveAfter", () => {
  it("names the item to move after: null for the top, the previous item going up, the target going down", () => {
    const ids = (i: number) => 1000 + i;
    expect(moveAfter(3, 0, ids)).toBeNull();
    expect(moveAfter(3, 1, ids)).toBe(1000);
    expect(moveAfter(1, 3, ids)).toBe(1003);
  });
});

describe("PlaylistItems", () => {
  it("opens a 10,000-track playlist by loading only the pages on screen", async () => {
    const backend = fakeBackend({ "GET /api/playlists/9/items": page });
    vi.stubGlobal("fetch", backend.fetchImpl);
    renderApp(<PlaylistItems playlistId={9} title="Big" initialTotal={TOTAL} editable />);
    expect(await screen.findByText("Song 1")).toBeInTheDocument();
    expect(screen.getByRole("list", { name: "Tracks of Big" })).toBeInTheDocument();
    expect(screen.getAllByRole("listitem").length).toBeLessThan(40);
    expect(screen.getAllByRole("listitem")[0]).toHaveAttribute("aria-setsize", "10000");
    expect(backend.calls.map((c) => c.url)).toEqual(["/api/playlists/9/items?limit=100&offset=0"]);
  });

  it("reorders by keyboard: Space picks up, arrows choose the place, Space drops and one move is sent", async () => {
    const user = userEvent.setup();
    const backend = fakeBackend({
      "GET /api/playlists/9/items": page,
      "PUT /api/playlists/9/items/1003/move": () => json({ success: true }),
    });
    vi.stubGlobal("fetch", backend.fetchImpl);
    renderApp(<PlaylistItems playlistId={9} title="Big" initialTotal={TOTAL} editable />);
    const handle = await screen.findByRole("button", { name: "Move Song 4, position 4 of 10000" });
    handle.focus();
    await user.keyboard(" ");
    expect(handle).toHaveAttribute("aria-pressed", "true");
    expect(screen.getByText(/Picked up Song 4/)).toBeInTheDocument();
    await user.keyboard("{ArrowUp}{ArrowUp}");
    expect(screen.getByText("Position 2 of 10000.")).toBeInTheDocument();
    await user.keyboard(" ");
    await waitFor(() => expect(screen.getByText("Moved Song 4 to position 2 of 10000.")).toBeInTheDocument());
    const moves = backend.calls.filter((c) => c.method === "PUT");
    expect(moves).toEqual([expect.objectContaining({ url: "/api/playlists/9/items/1003/move", body: { after: 1000 } })]);
  });

  it("Escape cancels a keyboard move without sending anything", async () => {
    const user = userEvent.setup();
    const backend = fakeBackend({ "GET /api/playlists/9/items": page });
    vi.stubGlobal("fetch", backend.fetchImpl);
    renderApp(<PlaylistItems playlistId={9} title="Big" initialTotal={TOTAL} editable />);
    const handle = await screen.findByRole("button", { name: "Move Song 2, position 2 of 10000" });
    handle.focus();
    await user.keyboard(" {ArrowDown}{ArrowDown}{Escape}");
    expect(screen.getByText("Song 2 stays at position 2.")).toBeInTheDocument();
    expect(backend.calls.some((c) => c.method === "PUT")).toBe(false);
  });
});
