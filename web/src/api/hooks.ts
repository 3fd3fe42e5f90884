import { useMutation, useQueryClient } from "@tanstack/react-query";
import { api, describeError, type Schema } from "./client";
import { useNotify } from "../components/notices";

/** Rate a track (0–10, null clears) and refresh every list that shows ratings. */
export function useRate() {
  const queryClient = useQueryClient();
  const notify = useNotify();
  return useMutation({
    mutationFn: ({ trackKey, rating }: { trackKey: string; rating: number | null }) =>
      api<Schema<"RateResponse">>("/api/ratings/rate", { body: { track_key: trackKey, rating } }),
    onSuccess: (answer) => {
      notify(answer.message, "ok");
      void queryClient.invalidateQueries({ queryKey: ["ratings"] });
    },
    onError: (error) => notify(describeError(error).message, "bad"),
  });
}

export function useHealth() {
  return {
    queryKey: ["health"],
    queryFn: () => api<Schema<"HealthResponse">>("/api/health"),
    refetchInterval: 15_000,
  } as const;
}
