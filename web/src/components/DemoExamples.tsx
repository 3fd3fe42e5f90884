import { useQuery } from "@tanstack/react-query";
import { api, type Schema } from "../api/client";

const PROVIDERS: Record<string, string> = { netease: "NetEase", qqmusic: "QQ Music", spotify: "Spotify", deezer: "Deezer" };

/** The demo's sample playlists (GET /api/sync/examples): one press puts a link in the field. Nothing outside the demo. */
export function DemoExamples({ onPick }: { onPick: (url: string) => void }) {
  const examples = useQuery({
    queryKey: ["sync", "examples"],
    queryFn: () => api<Schema<"ExampleList">>("/api/sync/examples"),
    staleTime: Infinity,
  });
  const rows = examples.data?.examples ?? [];
  if (rows.length === 0) return null;
  return (
    <section className="stack" aria-labelledby="examples-h">
      <h3 id="examples-h">Demo playlists to try</h3>
      <p className="small muted">
        This demo serves these from local stand-ins for the platforms (no account needed). Most of their songs are in the demo
        library, a few are not, so the match review has something to show.
      </p>
      <ul className="plain-list stack">
        {rows.map((e) => (
          <li key={e.url} className="row">
            <button type="button" onClick={() => onPick(e.url)}>
              Use “{e.name}”
            </button>
            <span className="small muted">{PROVIDERS[e.provider] ?? e.provider}</span>
          </li>
        ))}
      </ul>
    </section>
  );
}
