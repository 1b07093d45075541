// The thin adapter both stores share: the same SQL text runs on a PostgreSQL server (postgres.js)
// and on embedded PostgreSQL (PGlite). Engine differences stay behind this interface.

export type Row = Record<string, unknown>

export interface Queryable {
  /** One statement with $1-style parameters. */
  query(text: string, params?: readonly unknown[]): Promise<Row[]>
  /** A script of several statements, no parameters (migrations). */
  exec(script: string): Promise<void>
}

export interface Database extends Queryable {
  transaction<T>(work: (tx: Queryable) => Promise<T>): Promise<T>
  /**
   * Calls onNotify for each NOTIFY on the channel, and onListen each time the subscription is
   * (re)established: the moment to re-read whatever may have changed while it was down.
   */
  listen(channel: string, onNotify: (payload: string) => void, onListen: () => void): Promise<void>
  close(): Promise<void>
}
