import { useState } from "react";
import { describe, expect, it, vi } from "vitest";
import { render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { StarRating } from "./StarRating";

function Rated({ start, onChange }: { start: number | null; onChange: (r: number | null) => void }) {
  const [value, setValue] = useState(start);
  return (
    <StarRating
      value={value}
      label="晴天"
      onChange={(r) => {
        setValue(r);
        onChange(r);
      }}
    />
  );
}

describe("StarRating", () => {
  it("is a slider operated by keyboard: arrows by half stars, digits, End, Home/Delete clear", async () => {
    const user = userEvent.setup();
    const changes = vi.fn();
    render(<Rated start={null} onChange={changes} />);
    const slider = screen.getByRole("slider", { name: "Rating of 晴天" });
    expect(slider).toHaveAttribute("aria-valuetext", "Not rated");
    await user.tab();
    expect(slider).toHaveFocus();
    await user.keyboard("{ArrowRight}{ArrowRight}{ArrowRight}");
    expect(changes).toHaveBeenLastCalledWith(3);
    expect(slider).toHaveAttribute("aria-valuetext", "1.5 of 5 stars");
    await user.keyboard("4");
    expect(changes).toHaveBeenLastCalledWith(8);
    await user.keyboard("{End}");
    expect(changes).toHaveBeenLastCalledWith(10);
    await user.keyboard("{ArrowUp}");
    expect(changes).toHaveBeenLastCalledWith(10); // never above 5 stars
    await user.keyboard("{ArrowLeft}");
    expect(changes).toHaveBeenLastCalledWith(9);
    await user.keyboard("{Delete}");
    expect(changes).toHaveBeenLastCalledWith(null);
    expect(slider).toHaveAttribute("aria-valuenow", "0");
  });

  it("clicking a star rates; clicking the current rating clears it", async () => {
    const user = userEvent.setup();
    const changes = vi.fn();
    const { container } = render(<Rated start={4} onChange={changes} />);
    const third = container.querySelector('[data-star="3"]') as HTMLElement;
    await user.click(third);
    expect(changes).toHaveBeenLastCalledWith(6);
    await user.click(third);
    expect(changes).toHaveBeenLastCalledWith(null);
  });

  it("is read-only without onChange", async () => {
    render(<StarRating value={6} label="x" />);
    expect(screen.getByRole("slider")).toHaveAttribute("aria-disabled", "true");
  });
});
