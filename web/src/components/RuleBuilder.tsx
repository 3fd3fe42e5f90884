import { useId } from "react";
import type { Schema } from "../api/client";

export type FieldSpec = Schema<"FieldOut">;
export interface RuleDraft {
  field: string;
  operator: string;
  value: string;
}
export interface SmartDraft {
  title: string;
  match: "all" | "any";
  rules: RuleDraft[];
  sortField: string;
  sortDirection: "asc" | "desc";
  limit: string;
}

const OPERATOR_WORDS: Record<string, string> = {
  is: "is",
  is_not: "is not",
  contains: "contains",
  not_contains: "does not contain",
  starts_with: "starts with",
  ends_with: "ends with",
  "=": "=",
  "!=": "≠",
  ">": ">",
  ">=": "≥",
  "<": "<",
  "<=": "≤",
  before: "before",
  after: "after",
  in_last: "in the last",
  not_in_last: "not in the last",
};

export function emptyRule(fields: FieldSpec[]): RuleDraft {
  const first = fields[0];
  return { field: first?.name ?? "", operator: first?.operators[0] ?? "", value: "" };
}

/** Problems to fix before saving, by rule index (-1: the whole playlist). */
export function validateDraft(draft: SmartDraft, fields: FieldSpec[]): Map<number, string> {
  const problems = new Map<number, string>();
  if (!draft.title.trim()) problems.set(-1, "Give the playlist a title.");
  if (draft.limit.trim() && !(Number.isInteger(Number(draft.limit)) && Number(draft.limit) >= 1 && Number(draft.limit) <= 10_000))
    problems.set(-2, "The limit is a whole number from 1 to 10000, or empty.");
  draft.rules.forEach((rule, i) => {
    const spec = fields.find((f) => f.name === rule.field);
    if (!spec) problems.set(i, "Choose a field.");
    else if (!rule.value.trim()) problems.set(i, "Enter a value.");
    else if (spec.type === "number" && !Number.isFinite(Number(rule.value))) problems.set(i, `${spec.name} needs a number.`);
    else if (spec.type === "date" && !/^(\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}:\d{2}Z)?|\d+[dwmy])$/.test(rule.value.trim()))
      problems.set(i, "Use a date like 2024-05-01, or a span like 30d, 2w, 6m, 1y.");
  });
  return problems;
}

/** The POST/PUT /api/smart-playlists body of a draft. */
export function draftToBody(draft: SmartDraft, fields: FieldSpec[]) {
  return {
    title: draft.title.trim(),
    match: draft.match,
    rules: draft.rules.map((rule) => {
      const spec = fields.find((f) => f.name === rule.field);
      let value: string | number = rule.value.trim();
      if (spec?.type === "number") value = Number(value);
      if (spec?.name === "userRating" && typeof value === "number") value = value * 2; // stars in the UI, 0–10 in Plex
      return { field: rule.field, operator: rule.operator, value };
    }),
    sort: draft.sortField ? `${draft.sortField}:${draft.sortDirection}` : null,
    limit: draft.limit.trim() ? Number(draft.limit) : null,
  };
}

interface Props {
  fields: FieldSpec[];
  sortFields: string[];
  draft: SmartDraft;
  onChange: (draft: SmartDraft) => void;
  problems: Map<number, string>;
}

/** Rules as rows of field, operator and value; all/any; sort; limit. */
export function RuleBuilder({ fields, sortFields, draft, onChange, problems }: Props) {
  const id = useId();
  const setRule = (index: number, rule: RuleDraft) => onChange({ ...draft, rules: draft.rules.map((r, i) => (i === index ? rule : r)) });
  return (
    <div className="stack">
      <fieldset>
        <legend>Match</legend>
        <label className="check">
          <input type="radio" name={`${id}-match`} checked={draft.match === "all"} onChange={() => onChange({ ...draft, match: "all" })} />
          All of the rules
        </label>{" "}
        <label className="check">
          <input type="radio" name={`${id}-match`} checked={draft.match === "any"} onChange={() => onChange({ ...draft, match: "any" })} />
          Any of the rules
        </label>
      </fieldset>
      <ol className="stack plain-list" aria-label="Rules">
        {draft.rules.map((rule, i) => {
          const spec = fields.find((f) => f.name === rule.field);
          const problem = problems.get(i);
          const n = i + 1;
          return (
            <li key={i} className="rule" aria-label={`Rule ${n}`}>
              <div className="field">
                <label htmlFor={`${id}-f${i}`}>Field {n}</label>
                <select
                  id={`${id}-f${i}`}
                  value={rule.field}
                  onChange={(e) => {
                    const next = fields.find((f) => f.name === e.target.value);
                    setRule(i, { field: e.target.value, operator: next?.operators[0] ?? "", value: next?.type === spec?.type ? rule.value : "" });
                  }}
                >
                  {fields.map((f) => (
                    <option key={f.name} value={f.name}>
                      {f.name === "userRating" ? "rating (stars)" : f.name}
                    </option>
                  ))}
                </select>
              </div>
              <div className="field">
                <label htmlFor={`${id}-o${i}`}>Operator {n}</label>
                <select id={`${id}-o${i}`} value={rule.operator} onChange={(e) => setRule(i, { ...rule, operator: e.target.value })}>
                  {(spec?.operators ?? []).map((op) => (
                    <option key={op} value={op}>
                      {OPERATOR_WORDS[op] ?? op}
                    </option>
                  ))}
                </select>
              </div>
              <div className="field">
                <label htmlFor={`${id}-v${i}`}>Value {n}</label>
                <input
                  id={`${id}-v${i}`}
                  type={spec?.type === "number" ? "number" : "text"}
                  value={rule.value}
                  aria-invalid={problem ? true : undefined}
                  aria-describedby={problem ? `${id}-p${i}` : undefined}
                  placeholder={spec?.type === "date" ? "2024-05-01 or 30d" : spec?.unit ? spec.unit : ""}
                  onChange={(e) => setRule(i, { ...rule, value: e.target.value })}
                />
              </div>
              <button
                type="button"
                className="icon"
                aria-label={`Remove rule ${n}`}
                disabled={draft.rules.length === 1}
                onClick={() => onChange({ ...draft, rules: draft.rules.filter((_, j) => j !== i) })}
              >
                ✕
              </button>
              {problem && (
                <p id={`${id}-p${i}`} className="tone-bad small" style={{ gridColumn: "1 / -1" }}>
                  ✕ {problem}
                </p>
              )}
            </li>
          );
        })}
      </ol>
      <div className="row">
        <button type="button" onClick={() => onChange({ ...draft, rules: [...draft.rules, emptyRule(fields)] })}>
          + Add rule
        </button>
      </div>
      <div className="form-grid">
        <div className="field">
          <label htmlFor={`${id}-sort`}>Sort by</label>
          <select id={`${id}-sort`} value={draft.sortField} onChange={(e) => onChange({ ...draft, sortField: e.target.value })}>
            <option value="">Plex's default</option>
            {sortFields.map((f) => (
              <option key={f} value={f}>
                {f}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={`${id}-dir`}>Direction</label>
          <select
            id={`${id}-dir`}
            value={draft.sortDirection}
            disabled={!draft.sortField}
            onChange={(e) => onChange({ ...draft, sortDirection: e.target.value as "asc" | "desc" })}
          >
            <option value="asc">Ascending</option>
            <option value="desc">Descending</option>
          </select>
        </div>
        <div className="field">
          <label htmlFor={`${id}-limit`}>Limit (tracks)</label>
          <input
            id={`${id}-limit`}
            type="number"
            min={1}
            max={10000}
            value={draft.limit}
            placeholder="no limit"
            aria-invalid={problems.has(-2) ? true : undefined}
            onChange={(e) => onChange({ ...draft, limit: e.target.value })}
          />
          {problems.has(-2) && <span className="tone-bad small">✕ {problems.get(-2)}</span>}
        </div>
      </div>
    </div>
  );
}
