import { useState, type FormEvent } from "react";
import { useMutation, useQuery } from "@tanstack/react-query";
import { api, type Schema } from "../api/client";
import { useRate } from "../api/hooks";
import { StarRating } from "../components/StarRating";
import { Badge, Empty, ErrorState, Loading } from "../components/states";
import { plural } from "../lib/format";

type Source = Schema<"RatingsSyncBody">["source"];
type Policy = Schema<"RatingsSyncBody">["policy"];
type Report = Schema<"RatingsSyncResponse">;

const SOURCES: { value: Source; label: string; hint: string }[] = [
  { value: "itunes", label: "iTunes / Apple Music", hint: "File › Library › Export Library… (an XML file)" },
  { value: "musicbee", label: "MusicBee", hint: "the “iTunes Music Library.xml” MusicBee can write (Preferences › Library)" },
  { value: "foobar2000", label: "foobar2000", hint: "a CSV/TSV export with artist, title, album, path, rating (see docs/ratings.md)" },
  { value: "tags", label: "File tags", hint: "a folder of audio files (POPM, RATING, FMPS_RATING tags): give its path" },
];
const POLICIES: { value: Policy; label: string }[] = [
  { value: "only-unrated", label: "Only rate tracks Plex has no rating for" },
  { value: "keep-higher", label: "Keep the higher of the two ratings" },
  { value: "overwrite", label: "Overwrite Plex's ratings" },
];
const STEPS = ["Source", "File", "Dry run", "Result"];

function TopRated() {
  const [min, setMin] = useState(8);
  const rate = useRate();
  const top = useQuery({
    queryKey: ["ratings", "top", min],
    queryFn: () => api<Schema<"TopRatedResponse">>("/api/ratings/top-rated", { query: { min_rating: min, limit: 50 } }),
  });
  return (
    <section className="panel" aria-labelledby="top-h">
      <div className="row spread">
        <h2 id="top-h">Top rated</h2>
        <div className="row">
          <label htmlFor="min-rating">At least</label>
          <select id="min-rating" value={min} onChange={(e) => setMin(Number(e.target.value))} style={{ width: "auto" }}>
            {[10, 8, 6, 4, 2].map((n) => (
              <option key={n} value={n}>
                {n / 2} stars
              </option>
            ))}
          </select>
        </div>
      </div>
      {top.isPending ? (
        <Loading />
      ) : top.isError ? (
        <ErrorState error={top.error} what="rated tracks" onRetry={() => void top.refetch()} />
      ) : top.data.tracks.length === 0 ? (
        <Empty title="No tracks rated this high">
          <p>Rate tracks with the stars in any track list (a playlist, recommendations), or import ratings below.</p>
        </Empty>
      ) : (
        <div className="table-wrap" tabIndex={0}>
          <table aria-label="Top rated tracks">
            <thead>
              <tr>
                <th scope="col">Title</th>
                <th scope="col">Artist</th>
                <th scope="col" className="hide-sm">Album</th>
                <th scope="col">Rating</th>
              </tr>
            </thead>
            <tbody>
              {top.data.tracks.map((t) => (
                <tr key={t.key}>
                  <td>{t.title}</td>
                  <td>{t.artist}</td>
                  <td className="hide-sm">{t.album}</td>
                  <td>
                    <StarRating value={t.userRating} label={t.title} onChange={(rating) => rate.mutate({ trackKey: t.key, rating })} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

function ReportView({ report }: { report: Report }) {
  return (
    <div className="stack">
      <p>
        <strong>{report.message}</strong>
      </p>
      <ul className="row plain-list">
        <li><Badge tone="ok">{plural(report.synced, "change")}{report.dry_run ? " to make" : " made"}</Badge></li>
        <li><Badge tone="muted">{report.unchanged} unchanged</Badge></li>
        <li><Badge tone="warn">{plural(report.conflicts, "conflict")}</Badge></li>
        <li><Badge tone="bad">{report.unmatched} not in Plex</Badge></li>
        {report.failed > 0 && <li><Badge tone="bad">{report.failed} failed</Badge></li>}
      </ul>
      {report.warnings.map((w) => (
        <p key={w} className="tone-warn">⚠ {w}</p>
      ))}
      {report.changes.length > 0 && (
        <details open={report.changes.length <= 20}>
          <summary>Changes ({report.changes.length})</summary>
          <div className="table-wrap" tabIndex={0}>
            <table aria-label="Rating changes">
              <thead>
                <tr>
                  <th scope="col">Track</th>
                  <th scope="col">Plex now</th>
                  <th scope="col">New</th>
                  <th scope="col">Matched by</th>
                </tr>
              </thead>
              <tbody>
                {report.changes.slice(0, 500).map((c) => (
                  <tr key={c.track_key}>
                    <td>{c.title} — {c.artist}</td>
                    <td>{c.old_rating === null ? "unrated" : `${c.old_rating / 2}★`}</td>
                    <td>{c.new_rating / 2}★</td>
                    <td>{c.matched_by}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </details>
      )}
      {report.conflict_items.length > 0 && (
        <details>
          <summary>Conflicts ({report.conflict_items.length})</summary>
          <ul>
            {report.conflict_items.slice(0, 300).map((c, i) => (
              <li key={`${c.track_key}-${i}`}>
                {c.title} — {c.artist}: {c.reason} (Plex {c.plex_rating === null ? "unrated" : `${c.plex_rating / 2}★`}, source{" "}
                {c.source_ratings.map((r) => `${r / 2}★`).join(", ")})
              </li>
            ))}
          </ul>
        </details>
      )}
      {report.unmatched_items.length > 0 && (
        <details>
          <summary>Not found in Plex ({report.unmatched_items.length})</summary>
          <ul>
            {report.unmatched_items.slice(0, 300).map((u, i) => (
              <li key={i}>
                {u.title} — {u.artist}: {u.reason}
              </li>
            ))}
          </ul>
        </details>
      )}
    </div>
  );
}

function ImportWizard() {
  const [step, setStep] = useState(0);
  const [source, setSource] = useState<Source>("itunes");
  const [how, setHow] = useState<"upload" | "path">("upload");
  const [file, setFile] = useState<File | null>(null);
  const [path, setPath] = useState("");
  const [policy, setPolicy] = useState<Policy>("only-unrated");
  const run = useMutation({
    mutationFn: (dryRun: boolean) => {
      if (how === "upload") {
        if (!file) throw new Error("Choose the export file first.");
        const form = new FormData();
        form.append("file", file);
        form.append("source", source);
        form.append("policy", policy);
        form.append("dry_run", String(dryRun));
        return api<Report>("/api/ratings/sync", { form });
      }
      return api<Report>("/api/ratings/sync", { body: { source, path: path.trim(), policy, dry_run: dryRun } });
    },
    onSuccess: (report) => setStep(report.dry_run ? 2 : 3),
  });
  const chosen = SOURCES.find((s) => s.value === source);
  const submitFile = (event: FormEvent) => {
    event.preventDefault();
    run.mutate(true);
  };
  const mustUsePath = source === "tags";
  return (
    <section className="panel stack" aria-labelledby="wizard-h">
      <h2 id="wizard-h">Import ratings from a desktop player</h2>
      <ol className="steps" aria-label="Steps">
        {STEPS.map((s, i) => (
          <li key={s} aria-current={i === step ? "step" : undefined}>
            {i + 1}. {s}
          </li>
        ))}
      </ol>
      {step === 0 && (
        <fieldset>
          <legend>Where do the ratings come from?</legend>
          {SOURCES.map((s) => (
            <div key={s.value}>
              <label className="check">
                <input type="radio" name="source" value={s.value} checked={source === s.value} onChange={() => setSource(s.value)} />
                {s.label}
              </label>
              <span className="hint small muted"> — {s.hint}</span>
            </div>
          ))}
          <div className="row">
            <button
              type="button"
              className="primary"
              onClick={() => {
                if (source === "tags") setHow("path");
                setStep(1);
              }}
            >
              Next
            </button>
          </div>
        </fieldset>
      )}
      {step === 1 && (
        <form className="stack" onSubmit={submitFile}>
          <fieldset>
            <legend>{chosen?.label}: the export</legend>
            {!mustUsePath && (
              <label className="check">
                <input type="radio" name="how" checked={how === "upload"} onChange={() => setHow("upload")} /> Upload the file
              </label>
            )}{" "}
            <label className="check">
              <input type="radio" name="how" checked={how === "path"} onChange={() => setHow("path")} /> A path on this computer
            </label>
            {how === "upload" ? (
              <div className="field">
                <label htmlFor="ratings-file">Export file</label>
                <input id="ratings-file" type="file" accept=".xml,.csv,.tsv,.txt" required onChange={(e) => setFile(e.target.files?.[0] ?? null)} />
              </div>
            ) : (
              <div className="field">
                <label htmlFor="ratings-path">{source === "tags" ? "Music folder" : "File"} path</label>
                <input id="ratings-path" type="text" value={path} required placeholder="/home/me/Music/Library.xml" onChange={(e) => setPath(e.target.value)} />
              </div>
            )}
          </fieldset>
          <div className="field">
            <label htmlFor="ratings-policy">When Plex already has a rating</label>
            <select id="ratings-policy" value={policy} onChange={(e) => setPolicy(e.target.value as Policy)}>
              {POLICIES.map((p) => (
                <option key={p.value} value={p.value}>
                  {p.label}
                </option>
              ))}
            </select>
          </div>
          <div className="row">
            <button type="button" onClick={() => setStep(0)}>
              Back
            </button>
            <button type="submit" className="primary" disabled={run.isPending}>
              {run.isPending ? "Reading…" : "Dry run (changes nothing)"}
            </button>
          </div>
        </form>
      )}
      <div aria-live="polite">
        {run.isPending && <Loading label="Matching the ratings against your library…" />}
        {run.isError && <ErrorState error={run.error} what="the ratings" />}
        {step === 2 && run.data && (
          <div className="stack">
            <h3>Dry run: nothing was changed yet</h3>
            <ReportView report={run.data} />
            <div className="field">
              <label htmlFor="ratings-policy-2">Policy</label>
              <select
                id="ratings-policy-2"
                value={policy}
                onChange={(e) => {
                  setPolicy(e.target.value as Policy);
                }}
              >
                {POLICIES.map((p) => (
                  <option key={p.value} value={p.value}>
                    {p.label}
                  </option>
                ))}
              </select>
            </div>
            <div className="row">
              <button type="button" onClick={() => setStep(1)}>
                Back
              </button>
              <button type="button" onClick={() => run.mutate(true)} disabled={run.isPending}>
                Dry run again with this policy
              </button>
              <button type="button" className="primary" onClick={() => run.mutate(false)} disabled={run.isPending || run.data.synced === 0}>
                Apply {plural(run.data.synced, "change")}
              </button>
            </div>
          </div>
        )}
        {step === 3 && run.data && (
          <div className="stack">
            <h3>Done</h3>
            <ReportView report={run.data} />
            <div className="row">
              <button type="button" onClick={() => { run.reset(); setStep(0); }}>
                Import more
              </button>
            </div>
          </div>
        )}
      </div>
    </section>
  );
}

export default function Ratings() {
  return (
    <>
      <h1>Ratings</h1>
      <TopRated />
      <ImportWizard />
    </>
  );
}
