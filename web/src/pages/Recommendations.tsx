import { useState, type FormEvent } from "react";
import { Link } from "react-router-dom";
import { useMutation, useQuery } from "@tanstack/react-query";
import { api, describeError, type Schema } from "../api/client";
import { TrackSearch } from "../components/TrackSearch";
import { Empty, ErrorState, Loading } from "../components/states";
import { useNotify } from "../components/notices";

type Rec = Schema<"RecommendationOut">;

function RecList({ items, label }: { items: Rec[]; label: string }) {
  return (
    <ol aria-label={label} className="stack">
      {items.map((r) => (
        <li key={r.track.key}>
          <span className="track-title">{r.track.title}</span> — {r.track.artist}{" "}
          <span className="small muted">
            · {r.track.album} · match {Math.round(r.matchScore * 100)}%
          </span>
          <br />
          <span className="small">{r.reason}</span>
        </li>
      ))}
    </ol>
  );
}

function SaveAsPlaylist({ source, trackKey, defaultTitle, limit }: { source: "similar" | "based-on-ratings"; trackKey?: string; defaultTitle: string; limit: number }) {
  const [title, setTitle] = useState(defaultTitle);
  const notify = useNotify();
  const save = useMutation({
    mutationFn: () =>
      api<Schema<"CreateResponse">>("/api/recommendations/playlist", {
        body: { source, track_key: trackKey, title: title.trim(), limit },
      }),
    onError: (error) => notify(describeError(error).message, "bad"),
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    save.mutate();
  };
  return (
    <form className="row" onSubmit={submit} aria-label="Save as a playlist">
      <label htmlFor={`save-${source}`}>Playlist title</label>
      <input id={`save-${source}`} type="text" value={title} required onChange={(e) => setTitle(e.target.value)} style={{ maxWidth: 320 }} />
      <button type="submit" className="primary" disabled={save.isPending || !title.trim()}>
        Save as playlist
      </button>
      <span aria-live="polite">
        {save.data && (
          <>
            ✓ Saved: <Link to={`/playlists/${save.data.playlist.ratingKey}`}>{save.data.playlist.title}</Link>
          </>
        )}
      </span>
    </form>
  );
}

function Similar() {
  const [seed, setSeed] = useState<{ key: string; title: string; artist: string } | null>(null);
  const similar = useQuery({
    queryKey: ["recommend", "similar", seed?.key],
    queryFn: () => api<Schema<"SimilarResponse">>("/api/recommendations/similar", { query: { track_key: seed?.key, limit: 20 } }),
    enabled: seed !== null,
  });
  return (
    <section className="panel stack" aria-labelledby="similar-h">
      <h2 id="similar-h">Similar to a track</h2>
      <TrackSearch
        label="Choose a track"
        actionLabel="Find similar"
        onPick={(t) => setSeed({ key: t.track_key, title: t.title, artist: t.artist })}
      />
      {seed && (
        <div aria-live="polite" className="stack">
          <h3>
            Like “{seed.title}” by {seed.artist}
          </h3>
          {similar.isPending ? (
            <Loading label="Finding similar tracks…" />
          ) : similar.isError ? (
            <ErrorState error={similar.error} what="similar tracks" onRetry={() => void similar.refetch()} />
          ) : similar.data.recommendations.length === 0 ? (
            <p>Nothing similar found. Try another track, or add genres and moods to your library in Plex.</p>
          ) : (
            <>
              <p className="small muted">Method: {similar.data.method}</p>
              <RecList items={similar.data.recommendations} label={`Tracks similar to ${seed.title}`} />
              <SaveAsPlaylist source="similar" trackKey={seed.key} defaultTitle={`Like ${seed.title}`} limit={20} />
            </>
          )}
        </div>
      )}
    </section>
  );
}

function FromRatings() {
  const [min, setMin] = useState(8);
  const recs = useQuery({
    queryKey: ["recommend", "ratings", min],
    queryFn: () => api<Schema<"RatingsResponse">>("/api/recommendations/based-on-ratings", { query: { min_rating: min, limit: 20 } }),
  });
  return (
    <section className="panel stack" aria-labelledby="from-ratings-h">
      <div className="row spread">
        <h2 id="from-ratings-h">From your ratings</h2>
        <div className="row">
          <label htmlFor="rec-min">Tracks you rated at least</label>
          <select id="rec-min" value={min} onChange={(e) => setMin(Number(e.target.value))} style={{ width: "auto" }}>
            {[10, 8, 6].map((n) => (
              <option key={n} value={n}>
                {n / 2} stars
              </option>
            ))}
          </select>
        </div>
      </div>
      {recs.isPending ? (
        <Loading label="Reading your ratings…" />
      ) : recs.isError ? (
        <ErrorState error={recs.error} what="recommendations" onRetry={() => void recs.refetch()} />
      ) : recs.data.recommendations.length === 0 ? (
        <Empty title="No recommendations yet">
          <p>
            {recs.data.message ?? "Rate a few tracks you like (4 stars or more) in any track list, or import ratings on the "}
            {!recs.data.message && <Link to="/ratings">Ratings</Link>} page.
          </p>
        </Empty>
      ) : (
        <>
          <p className="small muted">
            Based on {recs.data.profile.liked_tracks} liked tracks
            {recs.data.profile.top_artists.length > 0 ? `; you like ${recs.data.profile.top_artists.slice(0, 3).join(", ")}` : ""}
            {recs.data.profile.top_genres.length > 0 ? `; genres ${recs.data.profile.top_genres.slice(0, 3).join(", ")}` : ""}.
          </p>
          <RecList items={recs.data.recommendations} label="Recommended from your ratings" />
          <SaveAsPlaylist source="based-on-ratings" defaultTitle="Recommended for me" limit={20} />
        </>
      )}
    </section>
  );
}

export default function Recommendations() {
  return (
    <>
      <h1>Recommendations</h1>
      <Similar />
      <FromRatings />
    </>
  );
}
