// Bodies of endpoints API.md describes but this backend's OpenAPI document does not publish yet
// (downloads land in their own branch). Once /api/openapi.json has them, `npm run gen:api` and use Schema<…>.

export type DownloadItemState =
  | "queued"
  | "searching"
  | "downloading"
  | "verifying"
  | "placed"
  | "scanning"
  | "in_plex"
  | "in_playlist"
  | "skipped"
  | "failed"
  | "cancelled"
  | "quarantined";

export interface DownloadItem {
  id: number;
  external_id: string | null;
  title: string;
  artists: string[];
  album: string | null;
  state: DownloadItemState;
  progress: number | null;
  attempts: number;
  file: string | null;
  track_key: string | null;
  error: string | null;
  candidate: { source: string; name: string; size: number | null; bitrate: number | null; duration_ms: number | null } | null;
}

export interface DownloadSession {
  id: number;
  task_id: number | null;
  status: "queued" | "running" | "completed" | "cancelled" | "failed";
  created_at: string;
  finished_at: string | null;
  total: number;
  done: number;
  failed: number;
  in_plex: number;
  items?: DownloadItem[];
}

export interface DownloadStatus {
  backend: { kind: string; configured: boolean; reachable: boolean | null };
  active_sessions: number;
  queued: number;
  downloading: number;
  failed: number;
  completed_today: number;
}

export interface DownloadSettings {
  backend: string;
  base_url: string | null;
  api_key_set: boolean;
  download_dir: string | null;
  library_dir: string | null;
  plex_library_path: string | null;
  filename_template: string | null;
  quality: "lossless" | "high" | "standard";
  max_concurrent: number;
  duration_tolerance_s: number;
  auto_download: boolean;
}

export interface DownloadTest {
  ok: boolean;
  backend: string;
  version?: string;
  latency_ms: number | null;
  error?: string;
}
