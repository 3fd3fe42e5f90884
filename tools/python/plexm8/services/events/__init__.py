"""Live progress: one in-process event bus per app, read by the Server-Sent Events stream."""
