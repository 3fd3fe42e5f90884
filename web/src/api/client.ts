import type { components } from "./schema";

/** A body type of the backend, generated from its OpenAPI document (npm run gen:api). */
export type Schema<K extends keyof components["schemas"]> = components["schemas"][K];

/** An error answer of the API: `{"error", "message"}` with the HTTP status (0 when the backend was unreachable). */
export class ApiError extends Error {
  readonly status: number;
  readonly title: string;
  readonly field: string | undefined;

  constructor(status: number, title: string, message: string, field?: string) {
    super(message);
    this.name = "ApiError";
    this.status = status;
    this.title = title;
    this.field = field;
  }
}

const TOKEN_KEY = "plexm8.apiToken";
type TokenListener = () => void;
const tokenListeners = new Set<TokenListener>();

/** The API token (PLEXM8_API_TOKEN) the user typed, if any. */
export function getToken(): string | null {
  try {
    return sessionStorage.getItem(TOKEN_KEY) ?? localStorage.getItem(TOKEN_KEY);
  } catch {
    return null;
  }
}

/** Store the token for this tab, or for this browser when `remember` is true; null forgets it. */
export function setToken(token: string | null, remember = false): void {
  try {
    sessionStorage.removeItem(TOKEN_KEY);
    localStorage.removeItem(TOKEN_KEY);
    if (token) (remember ? localStorage : sessionStorage).setItem(TOKEN_KEY, token);
  } catch {
    /* storage disabled: the token lives only as long as the page */
  }
}

/** Be told when a call was refused for want of the API token. */
export function onTokenRequired(listener: TokenListener): () => void {
  tokenListeners.add(listener);
  return () => tokenListeners.delete(listener);
}

export function authHeaders(): Record<string, string> {
  const token = getToken();
  return token ? { "X-PlexM8-Token": token } : {};
}

export type QueryValue = string | number | boolean | null | undefined;

export interface RequestOptions {
  method?: "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
  query?: Record<string, QueryValue>;
  body?: unknown;
  /** A multipart upload (sent with X-PlexM8-Upload: 1). */
  form?: FormData;
  signal?: AbortSignal;
}

export function buildUrl(path: string, query?: Record<string, QueryValue>): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query ?? {})) {
    if (value !== undefined && value !== null && value !== "") params.set(key, String(value));
  }
  const qs = params.toString();
  return qs ? `${path}?${qs}` : path;
}

async function errorFrom(response: Response): Promise<ApiError> {
  let payload: unknown = null;
  try {
    payload = await response.json();
  } catch {
    /* not JSON: a proxy or an old backend answered */
  }
  if (payload && typeof payload === "object" && "message" in payload) {
    const p = payload as { error?: unknown; message?: unknown; field?: unknown };
    return new ApiError(
      response.status,
      typeof p.error === "string" ? p.error : response.statusText || "Error",
      String(p.message),
      typeof p.field === "string" ? p.field : undefined,
    );
  }
  return new ApiError(
    response.status,
    response.statusText || "Error",
    `The backend answered ${response.status} without an explanation. Check the server's log (Logs page or the terminal).`,
  );
}

let tokenCheck: Promise<boolean> | null = null;

/** Whether the server wants X-PlexM8-Token (health says so; asked once, health itself is always open). */
function tokenRequired(): Promise<boolean> {
  tokenCheck ??= fetch("/api/health", { headers: { Accept: "application/json" } })
    .then(async (r) => (r.ok ? Boolean(((await r.json()) as { api_token_required?: unknown }).api_token_required) : false))
    .catch(() => false);
  return tokenCheck;
}

/** Forget what health said (tests). */
export function resetTokenCheck(): void {
  tokenCheck = null;
}

/** Call the API; resolves with the JSON answer, rejects with an ApiError. */
export async function api<T>(path: string, options: RequestOptions = {}): Promise<T> {
  if (path !== "/api/health" && !getToken() && (await tokenRequired())) {
    // ask for the token before sending a call the server would refuse
    tokenListeners.forEach((listener) => listener());
    throw new ApiError(401, "API token required", "This server needs its API token (PLEXM8_API_TOKEN): enter it when asked.");
  }
  const headers: Record<string, string> = { Accept: "application/json", ...authHeaders() };
  let body: BodyInit | undefined;
  if (options.form) {
    body = options.form;
    headers["X-PlexM8-Upload"] = "1";
  } else if (options.body !== undefined) {
    body = JSON.stringify(options.body);
    headers["Content-Type"] = "application/json";
  }
  let response: Response;
  try {
    response = await fetch(buildUrl(path, options.query), {
      method: options.method ?? (body ? "POST" : "GET"),
      headers,
      body,
      signal: options.signal,
    });
  } catch (cause) {
    if (cause instanceof DOMException && cause.name === "AbortError") throw cause;
    throw new ApiError(
      0,
      "Backend unreachable",
      "Could not reach the PlexM8 backend. Is `python setup.py run` still running? Start it, then retry.",
    );
  }
  if (!response.ok) {
    const error = await errorFrom(response);
    if (response.status === 401) tokenListeners.forEach((listener) => listener());
    throw error;
  }
  if (response.status === 204) return undefined as T;
  const type = response.headers.get("Content-Type") ?? "";
  if (!type.includes("json")) return (await response.text()) as T;
  return (await response.json()) as T;
}

/** Download a file answer (export) under its server-given name. */
export async function download(path: string, query: Record<string, QueryValue>, fallbackName: string): Promise<void> {
  let response: Response;
  try {
    response = await fetch(buildUrl(path, query), { headers: authHeaders() });
  } catch {
    throw new ApiError(0, "Backend unreachable", "Could not reach the PlexM8 backend.");
  }
  if (!response.ok) throw await errorFrom(response);
  const disposition = response.headers.get("Content-Disposition") ?? "";
  const star = /filename\*=UTF-8''([^;]+)/i.exec(disposition);
  const plain = /filename="?([^";]+)"?/i.exec(disposition);
  const name = star?.[1] ? decodeURIComponent(star[1]) : plain?.[1] ?? fallbackName;
  const url = URL.createObjectURL(await response.blob());
  const link = document.createElement("a");
  link.href = url;
  link.download = name;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/** What to tell the user about an error. */
export function describeError(error: unknown): { title: string; message: string; status: number } {
  if (error instanceof ApiError) return { title: error.title, message: error.message, status: error.status };
  if (error instanceof Error) return { title: "Something went wrong", message: error.message, status: -1 };
  return { title: "Something went wrong", message: String(error), status: -1 };
}
