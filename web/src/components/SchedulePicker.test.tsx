import { describe, expect, it, vi } from "vitest";
import { fireEvent, render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { SchedulePicker } from "./SchedulePicker";
import { describeCron, nextRuns } from "../lib/cron";

// A fixed "now": Wednesday 3 December 2025, 10:00 local time
const NOW = new Date(2025, 11, 3, 10, 0);

describe("cron helpers", () => {
  it("computes the next runs in local time, honouring cron's day-of-month OR day-of-week rule", () => {
    expect(nextRuns("30 7 * * 1", NOW, 2)).toEqual([new Date(2025, 11, 8, 7, 30), new Date(2025, 11, 15, 7, 30)]);
    expect(nextRuns("0 */6 * * *", NOW, 3)).toEqual([new Date(2025, 11, 3, 12), new Date(2025, 11, 3, 18), new Date(2025, 11, 4, 0)]);
    // the 1st of the month OR a Friday
    expect(nextRuns("0 9 1 * fri", NOW, 3)).toEqual([new Date(2025, 11, 5, 9), new Date(2025, 11, 12, 9), new Date(2025, 11, 19, 9)]);
    expect(nextRuns("0 0 29 2 *", NOW, 1)).toEqual([new Date(2028, 1, 29)]);
  });

  it("names the bad field of a wrong expression", () => {
    expect(describeCron("61 * * * *")).toEqual({ ok: false, error: 'minute: "61" is not between 0 and 59' });
    expect(describeCron("every day")).toMatchObject({ ok: false });
    expect(describeCron("0 3 * * *")).toEqual({ ok: true, text: "At 03:00" });
  });
});

describe("SchedulePicker", () => {
  it("builds a weekly cron from day and time and says it in words with the next run times", async () => {
    const user = userEvent.setup();
    const onChange = vi.fn();
    render(<SchedulePicker value={null} onChange={onChange} now={() => NOW} />);
    expect(screen.getByText(/runs only when you press/i)).toBeInTheDocument();
    await user.selectOptions(screen.getByLabelText("Runs"), "weekly");
    await user.selectOptions(screen.getByLabelText("Day"), "Monday");
    fireEvent.change(screen.getByLabelText("Time"), { target: { value: "07:30" } }); // a time input changes as a whole
    expect(onChange).toHaveBeenLastCalledWith("30 7 * * 1");
    expect(screen.getByText("At 07:30, only on Monday")).toBeInTheDocument();
    expect(screen.getByText(/Next runs:/).textContent).toContain(new Date(2025, 11, 8, 7, 30).toLocaleString(undefined, { dateStyle: "medium", timeStyle: "short" }));
  });

  it("shows a custom expression's error, marks the field invalid, and reads back a saved schedule", async () => {
    const user = userEvent.setup();
    const onChange = vi.fn();
    render(<SchedulePicker value="15 2 * * 0,6" onChange={onChange} now={() => NOW} />);
    expect(screen.getByLabelText("Runs")).toHaveValue("custom");
    expect(screen.getByText("At 02:15, only on Sunday and Saturday")).toBeInTheDocument();
    const cron = screen.getByLabelText("Cron expression");
    await user.clear(cron);
    await user.type(cron, "0 25 * * *");
    expect(cron).toHaveAttribute("aria-invalid", "true");
    expect(screen.getByText(/hour: "25" is not between 0 and 23/)).toBeInTheDocument();
    await user.selectOptions(screen.getByLabelText("Runs"), "none");
    expect(onChange).toHaveBeenLastCalledWith(null);
  });
});
