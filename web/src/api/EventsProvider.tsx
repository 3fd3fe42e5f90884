import { createContext, useContext, useEffect, useRef, useState, type ReactNode } from "react";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useHealth } from "./hooks";
import { getToken } from "./client";
import { openEventStream, type ServerEvent, type StreamStatus } from "./events";

type Listener = (event: ServerEvent) => void;

interface EventsContextValue {
  status: StreamStatus;
  subscribe: (listener: Listener) => () => void;
}

const EventsContext = createContext<EventsContextValue>({
  status: "unavailable",
  subscribe: () => () => undefined,
});

/** The query keys an event makes stale. */
const STALE_BY_KIND: Record<string, string[][]> = {
  run: [["sync"], ["dashboard"]],
  library: [["library"]],
  download: [["downloads"]],
};

/**
 * One GET /api/events stream for the whole app, opened once health lists the "events" feature (so a backend
 * without the stream is never asked for it: the pages poll instead).
 */
export function EventsProvider({ children }: { children: ReactNode }) {
  const queryClient = useQueryClient();
  const listeners = useRef(new Set<Listener>());
  const [status, setStatus] = useState<StreamStatus>("connecting");
  const health = useQuery(useHealth());
  const features = health.data?.features.includes("events") ?? null;
  // with PLEXM8_API_TOKEN set the stream needs the token too: wait until the user gave it
  const tokenReady = !health.data?.api_token_required || getToken() !== null;
  const available = features === null ? null : features && tokenReady;

  useEffect(() => {
    if (available === false) setStatus("unavailable");
    if (!available) return undefined;
    const stream = openEventStream({
      onStatus: setStatus,
      onEvent: (event) => {
        const step = (event.data as { event?: unknown } | null)?.event;
        // a run's progress steps update its own progress view; lists refresh when it starts and ends
        const stale = event.kind === "run" && step === "progress" ? [] : (STALE_BY_KIND[event.kind] ?? []);
        for (const key of stale) void queryClient.invalidateQueries({ queryKey: key });
        listeners.current.forEach((listener) => listener(event));
      },
    });
    return () => stream.close();
  }, [queryClient, available]);

  const value = useRef<EventsContextValue>({
    status,
    subscribe: (listener) => {
      listeners.current.add(listener);
      return () => listeners.current.delete(listener);
    },
  });
  value.current = { ...value.current, status };
  return <EventsContext.Provider value={value.current}>{children}</EventsContext.Provider>;
}

/** The live stream's state: poll when it is not "open". */
export function useEventStatus(): StreamStatus {
  return useContext(EventsContext).status;
}

/** Call `handler` for every server event of `kinds`. */
export function useServerEvents(kinds: string[], handler: Listener): void {
  const { subscribe } = useContext(EventsContext);
  const saved = useRef(handler);
  saved.current = handler;
  const key = kinds.join(",");
  useEffect(
    () =>
      subscribe((event) => {
        if (key.split(",").includes(event.kind)) saved.current(event);
      }),
    [subscribe, key],
  );
}
