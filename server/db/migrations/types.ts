/** A migration is an ordered list of SQL statements, applied together in one transaction. */
export interface Migration {
  /** Sorts in application order; never renamed once released. */
  id: string;
  statements: readonly string[];
}
