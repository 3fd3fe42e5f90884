import type { ReactElement } from "react";
import { render } from "@testing-library/react";
import { MemoryRouter } from "react-router-dom";
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { NoticeProvider } from "../components/notices";

/** Render inside the app's providers (a fresh query cache, a memory router, notices). */
export function renderApp(ui: ReactElement, path = "/") {
  const client = new QueryClient({ defaultOptions: { queries: { retry: false, gcTime: Infinity } } });
  return render(
    <QueryClientProvider client={client}>
      <MemoryRouter initialEntries={[path]} future={{ v7_startTransition: true, v7_relativeSplatPath: true }}>
        <NoticeProvider>{ui}</NoticeProvider>
      </MemoryRouter>
    </QueryClientProvider>,
  );
}

export interface Call {
  method: string;
  url: string;
  headers: Record<string, string>;
  body: unknown;
}

/**
 * A fetch that answers from `routes` ("METHOD /path" → handler) and records every call. Health answers
 * "no token needed" unless a route for it is given (and is then recorded like the others).
 */
export function fakeBackend(routes: Record<string, (call: Call) => Response | Promise<Response>>) {
  const calls: Call[] = [];
  const ownHealth = "GET /api/health" in routes;
  const fetchImpl = async (input: RequestInfo | URL, init: RequestInit = {}) => {
    const url = String(input);
    const method = (init.method ?? "GET").toUpperCase();
    const headers = Object.fromEntries(Object.entries((init.headers ?? {}) as Record<string, string>));
    const body = typeof init.body === "string" ? (JSON.parse(init.body) as unknown) : init.body;
    const call = { method, url, headers, body };
    const path = url.split("?")[0];
    if (!ownHealth && method === "GET" && path === "/api/health") return json({ status: "ok", api_token_required: false });
    calls.push(call);
    const handler = routes[`${method} ${path}`];
    if (!handler) return json({ error: "Not found", message: `no route ${method} ${path}` }, 404);
    return handler(call);
  };
  return { calls, fetchImpl: fetchImpl as typeof fetch };
}

export function json(body: unknown, status = 200): Response {
  return new Response(JSON.stringify(body), { status, headers: { "Content-Type": "application/json" } });
}
