import { useEffect, useRef, useState, type FormEvent } from "react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api, ApiError, describeError, getToken, setToken, type Schema } from "../api/client";
import type { DownloadSettings, DownloadSettingsBody, DownloadTest } from "../api/downloads";
import { ConfirmButton } from "../components/ConfirmButton";
import { Badge, Empty, ErrorState, Loading } from "../components/states";
import { useNotify } from "../components/notices";

type Server = Schema<"ServerOut">;
type Resource = Schema<"ServerResource">;

function clientId(): string {
  const key = "plexm8.clientId";
  try {
    const known = localStorage.getItem(key);
    if (known) return known;
    const made = `plexm8-companion-${crypto.randomUUID()}`;
    localStorage.setItem(key, made);
    return made;
  } catch {
    return "plexm8-companion-web";
  }
}

function ServerRow({ server }: { server: Server }) {
  const notify = useNotify();
  const queryClient = useQueryClient();
  const refresh = () => {
    void queryClient.invalidateQueries({ queryKey: ["servers"] });
    void queryClient.invalidateQueries({ queryKey: ["health"] });
  };
  const test = useMutation({
    mutationFn: () => api<Schema<"ServerTestResult">>(`/api/settings/servers/${server.id}/test`, { method: "POST" }),
  });
  const makeDefault = useMutation({
    mutationFn: () => api(`/api/settings/servers/${server.id}`, { method: "PUT", body: { is_default: true } }),
    onSuccess: () => {
      notify(`${server.name} is now the default server.`, "ok");
      refresh();
    },
    onError: (error) => notify(describeError(error).message, "bad"),
  });
  const remove = useMutation({
    mutationFn: () => api(`/api/settings/servers/${server.id}`, { method: "DELETE" }),
    onSuccess: () => {
      notify(`${server.name} removed.`, "ok");
      refresh();
    },
    onError: (error) => notify(describeError(error).message, "bad"),
  });
  return (
    <li className="panel stack">
      <div className="row spread">
        <h3 style={{ margin: 0 }}>
          {server.name} {server.is_default && <Badge tone="ok">Default</Badge>} {server.from_env && <Badge tone="muted">from .env.local</Badge>}
        </h3>
        <div className="row">
          <button type="button" onClick={() => test.mutate()} disabled={test.isPending} aria-label={`Test ${server.name}`}>
            {test.isPending ? "Testing…" : "Test"}
          </button>
          {!server.is_default && (
            <button type="button" onClick={() => makeDefault.mutate()} aria-label={`Make default: ${server.name}`}>
              Make default
            </button>
          )}
          <ConfirmButton question={`Remove ${server.name} from PlexM8? (Plex itself is not touched.)`} confirmLabel="Remove" onConfirm={() => remove.mutate()}>
            Remove
          </ConfirmButton>
        </div>
      </div>
      <p className="small muted">
        <code>{server.url}</code> · token {server.token_set ? "set" : "missing"} · SSL check {server.verify_ssl ? "on" : "off"}
      </p>
      <div aria-live="polite">
        {test.data &&
          (test.data.ok ? (
            <p>
              <Badge tone="ok">Reachable</Badge> {test.data.server_name} {test.data.version} in {test.data.latency_ms} ms
            </p>
          ) : (
            <p>
              <Badge tone="bad">Failed</Badge> {test.data.error}
            </p>
          ))}
        {test.isError && <ErrorState error={test.error} what="the test" />}
      </div>
    </li>
  );
}

function AddByUrl() {
  const notify = useNotify();
  const queryClient = useQueryClient();
  const [name, setName] = useState("");
  const [url, setUrl] = useState("");
  const [token, setTokenValue] = useState("");
  const [verify, setVerify] = useState(true);
  const [isDefault, setIsDefault] = useState(true);
  const add = useMutation({
    mutationFn: () =>
      api<Schema<"ServerEnvelope">>("/api/settings/servers", {
        body: { name: name.trim() || "Plex", url: url.trim(), token: token.trim(), verify_ssl: verify, is_default: isDefault },
      }),
    onSuccess: (answer) => {
      notify(`Added ${answer.server.name}.`, "ok");
      setTokenValue("");
      void queryClient.invalidateQueries({ queryKey: ["servers"] });
      void queryClient.invalidateQueries({ queryKey: ["health"] });
    },
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    add.mutate();
  };
  return (
    <form className="panel stack" onSubmit={submit} aria-labelledby="add-url-h">
      <h3 id="add-url-h">Add by address and token</h3>
      <div className="form-grid">
        <div className="field">
          <label htmlFor="srv-name">Name</label>
          <input id="srv-name" type="text" value={name} onChange={(e) => setName(e.target.value)} placeholder="Home" />
        </div>
        <div className="field">
          <label htmlFor="srv-url">Server URL</label>
          <input id="srv-url" type="url" value={url} required onChange={(e) => setUrl(e.target.value)} placeholder="http://192.168.1.10:32400" />
        </div>
        <div className="field">
          <label htmlFor="srv-token">Plex token</label>
          <input id="srv-token" type="password" autoComplete="off" value={token} required onChange={(e) => setTokenValue(e.target.value)} />
          <span className="hint">Stored encrypted; never shown again.</span>
        </div>
      </div>
      <div className="row">
        <label className="check">
          <input type="checkbox" checked={verify} onChange={(e) => setVerify(e.target.checked)} /> Check the SSL certificate
        </label>
        <label className="check">
          <input type="checkbox" checked={isDefault} onChange={(e) => setIsDefault(e.target.checked)} /> Make it the default
        </label>
      </div>
      {add.isError && <ErrorState error={add.error} what="the server" />}
      <div className="row">
        <button type="submit" className="primary" disabled={add.isPending}>
          Add server
        </button>
      </div>
    </form>
  );
}

function SignInWithPlex() {
  const notify = useNotify();
  const queryClient = useQueryClient();
  const [pin, setPin] = useState<{ id: number; code: string } | null>(null);
  const [authToken, setAuthToken] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const cid = useRef(clientId());
  const start = useMutation({
    mutationFn: () => api<{ id: number; code: string }>("/api/auth/createPin", { method: "POST", query: { clientId: cid.current } }),
    onSuccess: (p) => {
      setError(null);
      setAuthToken(null);
      setPin({ id: p.id, code: p.code });
    },
    onError: setError,
  });
  useEffect(() => {
    if (!pin || authToken) return;
    let stopped = false;
    const started = Date.now();
    const poll = async () => {
      while (!stopped && Date.now() - started < 10 * 60_000) {
        try {
          const answer = await api<{ authToken: string | null }>("/api/auth/checkPin", { query: { clientId: cid.current, pinId: pin.id } });
          if (answer.authToken) {
            if (!stopped) setAuthToken(answer.authToken);
            return;
          }
        } catch (e) {
          if (!stopped) setError(e);
          return;
        }
        await new Promise((r) => setTimeout(r, 2000));
      }
    };
    void poll();
    return () => {
      stopped = true;
    };
  }, [pin, authToken]);
  const resources = useQuery({
    queryKey: ["auth", "resources", authToken],
    queryFn: () => api<Schema<"ResourcesResponse">>("/api/auth/resources", { body: { token: authToken, clientId: cid.current } }),
    enabled: authToken !== null,
  });
  const add = useMutation({
    mutationFn: ({ server, uri }: { server: Resource; uri: string }) =>
      api<Schema<"ServerEnvelope">>("/api/settings/servers", {
        body: { name: server.name ?? "Plex", url: uri, token: server.accessToken ?? authToken, is_default: true },
      }),
    onSuccess: (answer) => {
      notify(`Added ${answer.server.name} as the default server.`, "ok");
      setPin(null);
      setAuthToken(null);
      void queryClient.invalidateQueries({ queryKey: ["servers"] });
      void queryClient.invalidateQueries({ queryKey: ["health"] });
    },
    onError: (e) => notify(describeError(e).message, "bad"),
  });
  const authUrl = pin
    ? `https://app.plex.tv/auth#?clientID=${encodeURIComponent(cid.current)}&code=${encodeURIComponent(pin.code)}&context%5Bdevice%5D%5Bproduct%5D=PlexM8%20Companion`
    : "";
  return (
    <section className="panel stack" aria-labelledby="signin-h">
      <h3 id="signin-h">Sign in with Plex</h3>
      <p className="small">Approve PlexM8 on plex.tv, then pick one of your servers: no token to copy.</p>
      <div className="row">
        <button type="button" className="primary" onClick={() => start.mutate()} disabled={start.isPending}>
          Sign in with Plex
        </button>
      </div>
      {error !== null && <ErrorState error={error} what="the Plex sign-in" />}
      <div aria-live="polite" className="stack">
        {pin && !authToken && (
          <p>
            <a href={authUrl} target="_blank" rel="noopener noreferrer">
              Open plex.tv to approve PlexM8
            </a>{" "}
            (code <strong>{pin.code}</strong>). <span className="spinner" aria-hidden="true" /> Waiting for your approval…
          </p>
        )}
        {authToken && resources.isPending && <Loading label="Signed in. Finding your servers…" />}
        {resources.isError && <ErrorState error={resources.error} what="your servers" />}
        {resources.data &&
          (resources.data.servers.length === 0 ? (
            <p>Your Plex account has no servers this computer can reach.</p>
          ) : (
            <ul className="plain-list stack" aria-label="Your Plex servers">
              {resources.data.servers.map((s) => (
                <li key={s.clientIdentifier ?? s.name} className="panel">
                  <strong>{s.name}</strong> <span className="small muted">{s.product} {s.productVersion} · {s.presence ? "online" : "offline"}</span>
                  <div className="row">
                    {s.connections
                      .filter((c) => c.uri)
                      .map((c) => (
                        <button key={c.uri} type="button" onClick={() => add.mutate({ server: s, uri: c.uri as string })} disabled={add.isPending}>
                          Use {c.local ? "local" : c.relay ? "relay" : "remote"} {c.uri}
                        </button>
                      ))}
                  </div>
                </li>
              ))}
            </ul>
          ))}
      </div>
    </section>
  );
}

function Servers() {
  const servers = useQuery({ queryKey: ["servers"], queryFn: () => api<Schema<"ServerList">>("/api/settings/servers") });
  return (
    <section aria-labelledby="servers-h">
      <h2 id="servers-h">Plex servers</h2>
      {servers.isPending ? (
        <Loading />
      ) : servers.isError ? (
        <ErrorState error={servers.error} what="servers" onRetry={() => void servers.refetch()} />
      ) : servers.data.servers.length === 0 ? (
        <Empty title="No Plex server yet">
          <p>Sign in with Plex below, or add a server by its address and token.</p>
        </Empty>
      ) : (
        <ul className="plain-list">
          {servers.data.servers.map((s) => (
            <ServerRow key={s.id} server={s} />
          ))}
        </ul>
      )}
      <div className="grid">
        <SignInWithPlex />
        <AddByUrl />
      </div>
    </section>
  );
}

function Downloader() {
  const notify = useNotify();
  const queryClient = useQueryClient();
  const settings = useQuery({
    queryKey: ["downloads", "settings"],
    queryFn: () => api<{ settings: DownloadSettings }>("/api/download/settings"),
  });
  const [draft, setDraft] = useState<Partial<DownloadSettingsBody>>({});
  const save = useMutation({
    mutationFn: () => api<{ settings: DownloadSettings }>("/api/download/settings", { method: "PUT", body: draft }),
    onSuccess: () => {
      notify("Downloader settings saved.", "ok");
      setDraft({});
      void queryClient.invalidateQueries({ queryKey: ["downloads"] });
      void queryClient.invalidateQueries({ queryKey: ["health"] });
    },
  });
  const test = useMutation({
    mutationFn: () => api<DownloadTest>("/api/download/settings/test", { method: "POST" }),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: ["health"] }),
  });
  if (settings.error instanceof ApiError && settings.error.status === 404)
    return <p className="muted">Downloads are not part of this backend's build.</p>;
  if (settings.isPending) return <Loading />;
  if (settings.isError) return <ErrorState error={settings.error} what="downloader settings" onRetry={() => void settings.refetch()} />;
  const s = { ...settings.data.settings, ...draft };
  const text = (key: keyof DownloadSettings, label: string, hint?: string) => (
    <div className="field">
      <label htmlFor={`dl-${key}`}>{label}</label>
      <input id={`dl-${key}`} type="text" value={String(s[key] ?? "")} onChange={(e) => setDraft({ ...draft, [key]: e.target.value })} />
      {hint && <span className="hint">{hint}</span>}
    </div>
  );
  const submit = (event: FormEvent) => {
    event.preventDefault();
    save.mutate();
  };
  return (
    <form className="panel stack" onSubmit={submit}>
      <div className="form-grid">
        <div className="field">
          <label htmlFor="dl-backend">Download with</label>
          <select id="dl-backend" value={s.backend ?? "none"} onChange={(e) => setDraft({ ...draft, backend: e.target.value as DownloadSettingsBody["backend"] })}>
            <option value="none">None</option>
            <option value="slskd">slskd (Soulseek)</option>
            <option value="songapi">Song-URL service</option>
          </select>
        </div>
        {text("base_url", "Base URL", "e.g. http://localhost:5030")}
        <div className="field">
          <label htmlFor="dl-key">API key</label>
          <input
            id="dl-key"
            type="password"
            autoComplete="off"
            value={draft.api_key ?? ""}
            placeholder={settings.data.settings.api_key_set ? "set (type to replace)" : "not set"}
            onChange={(e) => setDraft({ ...draft, api_key: e.target.value })}
          />
        </div>
        {text("download_dir", "Download folder", "where files are written before they are verified")}
        {text("library_dir", "Library folder (this computer)")}
        {text("plex_library_path", "Library folder as Plex sees it", "differs when Plex runs in Docker or on a NAS")}
        <div className="field">
          <label htmlFor="dl-quality">Quality</label>
          <select id="dl-quality" value={s.quality ?? "high"} onChange={(e) => setDraft({ ...draft, quality: e.target.value as DownloadSettingsBody["quality"] })}>
            <option value="lossless">Lossless</option>
            <option value="high">High</option>
            <option value="standard">Standard</option>
          </select>
        </div>
      </div>
      <label className="check">
        <input type="checkbox" checked={s.auto_download ?? false} onChange={(e) => setDraft({ ...draft, auto_download: e.target.checked })} /> Download what a sync
        could not match automatically
      </label>
      {save.isError && <ErrorState error={save.error} what="the settings" />}
      <div className="row">
        <button type="submit" className="primary" disabled={save.isPending || Object.keys(draft).length === 0}>
          Save
        </button>
        <button type="button" onClick={() => test.mutate()} disabled={test.isPending}>
          {test.isPending ? "Testing…" : "Test the downloader"}
        </button>
        <span aria-live="polite">
          {test.data &&
            (test.data.ok ? (
              <Badge tone="ok">
                {test.data.backend} reachable{test.data.version ? ` (${test.data.version})` : ""} in {test.data.latency_ms} ms
              </Badge>
            ) : (
              <Badge tone="bad">{test.data.error ?? "Failed"}</Badge>
            ))}
          {test.isError && <Badge tone="bad">{describeError(test.error).message}</Badge>}
        </span>
      </div>
    </form>
  );
}

function ApiTokenSettings() {
  const [has, setHas] = useState(getToken() !== null);
  return (
    <div className="panel">
      <p>
        When the server runs with <code>PLEXM8_API_TOKEN</code>, the UI asks for it on the first refused call and sends it as{" "}
        <code>X-PlexM8-Token</code>. {has ? "A token is stored in this browser." : "No token is stored in this browser."}
      </p>
      {has && (
        <button
          type="button"
          onClick={() => {
            setToken(null);
            setHas(false);
          }}
        >
          Forget the stored token
        </button>
      )}
    </div>
  );
}

export default function Settings() {
  return (
    <>
      <h1>Settings</h1>
      <Servers />
      <section aria-labelledby="platforms-h">
        <h2 id="platforms-h">Platform credentials</h2>
        <div className="panel">
          <p>
            NetEase Cloud Music, QQ Music and Deezer playlists need no account. Spotify needs an app's credentials: create an app at
            developer.spotify.com and put <code>SPOTIFY_CLIENT_ID</code> and <code>SPOTIFY_CLIENT_SECRET</code> in{" "}
            <code>.env.local</code> (see docs/configuration.md), then restart the backend.
          </p>
        </div>
      </section>
      <section aria-labelledby="downloader-h">
        <h2 id="downloader-h">Downloader</h2>
        <Downloader />
      </section>
      <section aria-labelledby="token-h">
        <h2 id="token-h">API token</h2>
        <ApiTokenSettings />
      </section>
    </>
  );
}
