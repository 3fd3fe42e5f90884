import { afterEach, describe, expect, it, vi } from "vitest";
import { screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { MatchReview, type Match } from "./MatchReview";
import { fakeBackend, json, renderApp } from "../test/utils";

const base = { album: "", duration_ms: 240_000, reasons: ["title equal"], matched: null };
const MATCHES: Match[] = [
  { ...base, position: 0, external_id: "a", title: "晴天", artists: ["周杰伦"], track_key: "/library/metadata/1", score: 99, pinned: false, matched: { title: "晴天", artist: "周杰倫", album: "叶惠美" } },
  { ...base, position: 1, external_id: "b", title: "Lemon", artists: ["米津玄師"], track_key: "/library/metadata/2", score: 88, pinned: false },
  { ...base, position: 2, external_id: "c", title: "小幸运", artists: ["田馥甄"], track_key: null, score: 61, pinned: false },
  { ...base, position: 3, external_id: "d", title: "起风了", artists: ["买辣椒也用券"], track_key: null, score: 0, pinned: true },
  { ...base, position: 4, external_id: "e", title: "红豆", artists: ["王菲"], track_key: "/library/metadata/5", score: 70, pinned: true },
];

const titles = () =>
  within(screen.getByRole("table", { name: "Match review" }))
    .getAllByRole("row")
    .slice(1)
    .map((row) => within(row).getAllByRole("cell")[1]?.querySelector(".track-title")?.textContent);

afterEach(() => vi.unstubAllGlobals());

describe("MatchReview", () => {
  it("lists every source track in order and filters to unmatched, uncertain and pinned", async () => {
    const user = userEvent.setup();
    renderApp(<MatchReview matches={MATCHES} onPin={vi.fn()} />);
    expect(titles()).toEqual(["晴天", "Lemon", "小幸运", "起风了", "红豆"]);
    expect(screen.getByText("晴天 — 周杰倫")).toBeInTheDocument();
    await user.click(screen.getByRole("button", { name: "Unmatched (2)" }));
    expect(screen.getByRole("button", { name: "Unmatched (2)" })).toHaveAttribute("aria-pressed", "true");
    expect(titles()).toEqual(["小幸运", "起风了"]);
    await user.click(screen.getByRole("button", { name: "Uncertain (1)" }));
    expect(titles()).toEqual(["Lemon"]); // matched below 95, not pinned
    await user.click(screen.getByRole("button", { name: "Pinned (2)" }));
    expect(titles()).toEqual(["起风了", "红豆"]);
    expect(screen.getByText("Never match (pinned)")).toBeInTheDocument();
  });

  it("pins a track found by searching the library, or never matches", async () => {
    const user = userEvent.setup();
    const backend = fakeBackend({
      "GET /api/library/search": () =>
        json({ tracks: [{ track_key: "/library/metadata/77", ratingKey: "77", title: "小幸運", artist: "田馥甄", album: "我的少女時代", duration_ms: 265_000 }], count: 1, index_status: "ready" }),
    });
    vi.stubGlobal("fetch", backend.fetchImpl);
    const onPin = vi.fn();
    renderApp(<MatchReview matches={MATCHES} onPin={onPin} />);
    await user.click(screen.getByRole("button", { name: "Pick track for 小幸运" }));
    const search = screen.getByLabelText("Find the right track for “小幸运”");
    expect(search).toHaveValue("小幸运 田馥甄");
    await user.click(await screen.findByRole("button", { name: "Use this: 小幸運 by 田馥甄" }));
    expect(onPin).toHaveBeenLastCalledWith("c", "/library/metadata/77");
    expect(backend.calls[0]?.url).toContain("q=%E5%B0%8F%E5%B9%B8%E8%BF%90+%E7%94%B0%E9%A6%A5%E7%94%84");
    await user.click(screen.getByRole("button", { name: "Never match Lemon" }));
    expect(onPin).toHaveBeenLastCalledWith("b", null);
    expect(screen.queryByRole("button", { name: "Never match 起风了" })).toBeNull(); // already never-match
  });
});
