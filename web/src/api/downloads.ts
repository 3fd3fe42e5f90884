import type { Schema } from "./client";

export type DownloadSession = Schema<"SessionOut">;
export type DownloadSessionDetail = Schema<"SessionWithItems">;
export type DownloadItem = Schema<"ItemOut">;
export type DownloadStatus = Schema<"StatusOut">;
export type DownloadSettings = Schema<"SettingsOut">;
export type DownloadSettingsBody = Schema<"SettingsBody">;
export type DownloadTest = Schema<"TestOut">;

/** Item states in the order a song goes through them (API.md "Downloads"). */
export const ITEM_FLOW = ["queued", "searching", "downloading", "verifying", "placed", "scanning", "in_plex", "in_playlist"];
/** States that end an item off that path. */
export const ITEM_ENDINGS = ["skipped", "failed", "cancelled", "quarantined"];
