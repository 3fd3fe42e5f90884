import { useState } from "react";
import { describe, expect, it } from "vitest";
import { render, screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { draftToBody, emptyRule, RuleBuilder, validateDraft, type FieldSpec, type SmartDraft } from "./RuleBuilder";

const FIELDS: FieldSpec[] = [
  { name: "title", type: "string", description: "", operators: ["is", "contains"], sortable: true, unit: null },
  { name: "userRating", type: "number", description: "", operators: [">=", "<"], sortable: true, unit: null },
  { name: "addedAt", type: "date", description: "", operators: ["in_last", "before"], sortable: true, unit: null },
  { name: "genre", type: "tag", description: "", operators: ["is", "is_not"], sortable: false, unit: null },
];

let latest: SmartDraft;
function Harness() {
  const [draft, setDraft] = useState<SmartDraft>({ title: "Loved lately", match: "all", rules: [emptyRule(FIELDS)], sortField: "", sortDirection: "desc", limit: "" });
  latest = draft;
  return <RuleBuilder fields={FIELDS} sortFields={["title", "userRating", "addedAt"]} draft={draft} onChange={setDraft} problems={validateDraft(draft, FIELDS)} />;
}

describe("RuleBuilder", () => {
  it("builds rules of field, operator and value with all/any, sort and limit into the API body", async () => {
    const user = userEvent.setup();
    render(<Harness />);
    await user.selectOptions(screen.getByLabelText("Field 1"), "userRating");
    expect(within(screen.getByLabelText("Operator 1")).getAllByRole("option").map((o) => o.textContent)).toEqual(["≥", "<"]);
    await user.type(screen.getByLabelText("Value 1"), "4");
    await user.click(screen.getByRole("button", { name: "+ Add rule" }));
    await user.selectOptions(screen.getByLabelText("Field 2"), "addedAt");
    await user.type(screen.getByLabelText("Value 2"), "30d");
    await user.click(screen.getByLabelText("Any of the rules"));
    await user.selectOptions(screen.getByLabelText("Sort by"), "addedAt");
    await user.type(screen.getByLabelText("Limit (tracks)"), "50");
    expect(validateDraft(latest, FIELDS).size).toBe(0);
    expect(draftToBody(latest, FIELDS)).toEqual({
      title: "Loved lately",
      match: "any",
      rules: [
        { field: "userRating", operator: ">=", value: 8 }, // 4 stars on Plex's 0–10 scale
        { field: "addedAt", operator: "in_last", value: "30d" },
      ],
      sort: "addedAt:desc",
      limit: 50,
    });
    await user.click(screen.getByRole("button", { name: "Remove rule 1" }));
    expect(latest.rules).toEqual([{ field: "addedAt", operator: "in_last", value: "30d" }]);
    expect(screen.getByRole("button", { name: "Remove rule 1" })).toBeDisabled(); // at least one rule
  });

  it("says what is wrong with each rule before saving", async () => {
    const user = userEvent.setup();
    render(<Harness />);
    expect(screen.getByText("✕ Enter a value.")).toBeInTheDocument();
    await user.selectOptions(screen.getByLabelText("Field 1"), "addedAt");
    await user.type(screen.getByLabelText("Value 1"), "yesterday");
    expect(screen.getByText(/Use a date like 2024-05-01/)).toBeInTheDocument();
    expect(screen.getByLabelText("Value 1")).toHaveAttribute("aria-invalid", "true");
    await user.type(screen.getByLabelText("Limit (tracks)"), "0");
    expect(screen.getByText(/whole number from 1 to 10000/)).toBeInTheDocument();
  });
});
