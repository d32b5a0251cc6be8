/**
 * Which of the server's two connections to the SQLite file copies the write-ahead log back into it
 * (SQLite's checkpoint), and in what steps. SQLite's own rule, kept by a process alone on the file
 * (the CLIs, the tests), is that a commit leaving more than 1,000 pages (4 MB) in the log does it
 * there and then: it writes every page changed since the last one into the file and waits for the
 * disk, 20-30 ms here, on the thread that made the commit.
 *
 * The thread that answers people leaves it to the background thread (outbox and scheduler,
 * src/outbox-thread.ts), so no click waits for it; it checkpoints itself only as a backstop, if the
 * background thread has stopped. The background thread checkpoints in steps of 64 MB rather than
 * 4 MB: a sweep of due deadlines writes over 1,000 pages a batch, and a page that many batches change
 * is then copied into the file once per step instead of once per batch (a sweep of 20,000 deadlines
 * writes about half as much to disk). Its step must stay below the backstop, or the answering thread
 * would reach the backstop first and take the checkpoint back.
 */
export type CheckpointRole = 'answering' | 'background';

/** The log's size, in pages, at which a commit on a connection with this role checkpoints. */
export const CHECKPOINT_PAGES: Readonly<Record<CheckpointRole, number>> = {
  background: 16_384,
  answering: 65_536,
};
