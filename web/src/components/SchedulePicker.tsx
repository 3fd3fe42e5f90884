import { useId, useState } from "react";
import { describeCron, nextRuns } from "../lib/cron";
import { formatTime } from "../lib/format";

type Kind = "none" | "hourly" | "daily" | "weekly" | "custom";
const WEEKDAYS = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"];

interface Props {
  /** A 5-field cron expression, or null for "only when run by hand". */
  value: string | null;
  onChange: (cron: string | null) => void;
  /** The backend's next run time for the saved schedule, shown first when known. */
  nextRunAt?: string | null;
  now?: () => Date;
}

function classify(cron: string | null): { kind: Kind; time: string; day: number } {
  const base = { time: "03:00", day: 1 };
  if (!cron) return { kind: "none", ...base };
  const [minute = "", hour = "", dom = "", month = "", dow = ""] = cron.trim().split(/\s+/);
  const numeric = (s: string) => /^\d+$/.test(s);
  const time = `${hour.padStart(2, "0")}:${minute.padStart(2, "0")}`;
  if (numeric(minute) && hour === "*" && dom === "*" && month === "*" && dow === "*") return { kind: "hourly", ...base };
  if (numeric(minute) && numeric(hour) && dom === "*" && month === "*") {
    if (dow === "*") return { kind: "daily", time, day: 1 };
    if (/^[0-7]$/.test(dow)) return { kind: "weekly", time, day: Number(dow) % 7 };
  }
  return { kind: "custom", ...base };
}

function build(kind: Kind, time: string, day: number, custom: string): string | null {
  const [h = "3", m = "0"] = time.split(":");
  const hour = String(Number(h));
  const minute = String(Number(m));
  switch (kind) {
    case "none":
      return null;
    case "hourly":
      return `${minute} * * * *`;
    case "daily":
      return `${minute} ${hour} * * *`;
    case "weekly":
      return `${minute} ${hour} * * ${day}`;
    default:
      return custom.trim();
  }
}

/** Choose when a task runs: presets or a cron expression, shown in words with the next run times. */
export function SchedulePicker({ value, onChange, nextRunAt, now = () => new Date() }: Props) {
  const id = useId();
  const initial = classify(value);
  const [kind, setKind] = useState<Kind>(initial.kind);
  const [time, setTime] = useState(initial.time);
  const [day, setDay] = useState(initial.day);
  const [custom, setCustom] = useState(value ?? "0 3 * * *");
  const update = (k: Kind, t: string, d: number, c: string) => {
    setKind(k);
    setTime(t);
    setDay(d);
    setCustom(c);
    onChange(build(k, t, d, c));
  };
  const cron = build(kind, time, day, custom);
  const described = cron ? describeCron(cron) : null;
  const upcoming = cron && described?.ok ? nextRuns(cron, now(), 3) : [];

  return (
    <fieldset>
      <legend>Schedule</legend>
      <div className="form-grid">
        <div className="field">
          <label htmlFor={`${id}-kind`}>Runs</label>
          <select id={`${id}-kind`} value={kind} onChange={(e) => update(e.target.value as Kind, time, day, custom)}>
            <option value="none">Only when I run it</option>
            <option value="hourly">Every hour</option>
            <option value="daily">Every day</option>
            <option value="weekly">Every week</option>
            <option value="custom">Custom (cron)</option>
          </select>
        </div>
        {kind === "weekly" && (
          <div className="field">
            <label htmlFor={`${id}-day`}>Day</label>
            <select id={`${id}-day`} value={day} onChange={(e) => update(kind, time, Number(e.target.value), custom)}>
              {WEEKDAYS.map((name, i) => (
                <option key={name} value={i}>
                  {name}
                </option>
              ))}
            </select>
          </div>
        )}
        {(kind === "daily" || kind === "weekly" || kind === "hourly") && (
          <div className="field">
            <label htmlFor={`${id}-time`}>{kind === "hourly" ? "Minute past the hour" : "Time"}</label>
            {kind === "hourly" ? (
              <input
                id={`${id}-time`}
                type="number"
                min={0}
                max={59}
                value={Number(time.split(":")[1] ?? 0)}
                onChange={(e) => update(kind, `00:${String(Math.max(0, Math.min(59, Number(e.target.value) || 0))).padStart(2, "0")}`, day, custom)}
              />
            ) : (
              <input id={`${id}-time`} type="time" value={time} onChange={(e) => update(kind, e.target.value || "03:00", day, custom)} required />
            )}
          </div>
        )}
        {kind === "custom" && (
          <div className="field">
            <label htmlFor={`${id}-cron`}>Cron expression</label>
            <input
              id={`${id}-cron`}
              type="text"
              spellCheck={false}
              value={custom}
              aria-invalid={described !== null && !described.ok}
              aria-describedby={`${id}-words`}
              onChange={(e) => update(kind, time, day, e.target.value)}
            />
            <span className="hint">minute hour day-of-month month day-of-week, in this computer's local time</span>
          </div>
        )}
      </div>
      <div id={`${id}-words`} aria-live="polite">
        {kind === "none" ? (
          <p className="muted">No schedule: the task runs only when you press “Run now”.</p>
        ) : described && !described.ok ? (
          <p className="tone-bad">✕ {described.error}</p>
        ) : (
          <>
            <p>
              <strong>{described?.ok ? described.text : ""}</strong> <span className="muted small">({cron})</span>
            </p>
            <p className="small">
              Next runs:{" "}
              {nextRunAt && value === cron ? `${formatTime(nextRunAt)} (scheduled), ` : ""}
              {upcoming.map((d) => formatTime(d.toISOString())).join(", ") || "none in the coming years"}
            </p>
          </>
        )}
      </div>
    </fieldset>
  );
}
