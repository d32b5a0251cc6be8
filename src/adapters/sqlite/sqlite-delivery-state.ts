/**
 * The DeliveryState port on SQLite: the conversations table, one JSON value per key, written
 * relaxed (see sqlite-connection.ts): a reference lost to a power cut is saved again.
 */
import type Database from 'better-sqlite3';
import type { DeliveryKey, DeliveryValue } from '../../ports/delivery-keys';
import type { DeliveryState } from '../../ports/delivery-state';
import { relaxed } from './sqlite-connection';

function prepareStatements(db: Database.Database) {
  return {
    upsertConversation: db.prepare(`INSERT INTO conversations (key, reference) VALUES (?, ?)
      ON CONFLICT (key) DO UPDATE SET reference = excluded.reference`),
    conversationByKey: db.prepare('SELECT reference FROM conversations WHERE key = ?'),
    forgetConversation: db.prepare('DELETE FROM conversations WHERE key = ?'),
  };
}

export class SqliteDeliveryState implements DeliveryState {
  private readonly statements: ReturnType<typeof prepareStatements>;

  constructor(private readonly db: Database.Database) {
    this.statements = prepareStatements(db);
  }

  async saveConversation<K extends DeliveryKey>(key: K, reference: DeliveryValue<K>): Promise<void> {
    const json = JSON.stringify(reference ?? null);
    relaxed(this.db, () => this.statements.upsertConversation.run(key, json));
  }

  async forgetConversation(key: DeliveryKey): Promise<void> {
    relaxed(this.db, () => this.statements.forgetConversation.run(key));
  }

  async getConversation<K extends DeliveryKey>(key: K): Promise<DeliveryValue<K> | undefined> {
    const row = this.statements.conversationByKey.get(key) as { reference: string } | undefined;
    // As it was saved under this key, whose kind names its type.
    return row && (JSON.parse(row.reference) as DeliveryValue<K>);
  }
}
