/** The DeliveryState port on Azure Tables: one entity per key in the index table's `conversation` partition. */
import type { DeliveryKey, DeliveryValue } from '../../ports/delivery-keys';
import type { DeliveryState } from '../../ports/delivery-state';
import type { AzureTables } from './azure-table-access';
import { jsonBudget, jsonProperties, readJson, toJsonText } from './entity-json';
import { INDEX, encodeKey } from './table-keys';

export class AzureTableDeliveryState implements DeliveryState {
  constructor(private readonly tables: AzureTables) {}

  async saveConversation<K extends DeliveryKey>(key: K, reference: DeliveryValue<K>): Promise<void> {
    const json = toJsonText(reference ?? null);
    jsonBudget('conversation reference', json);
    await this.tables.ready();
    await this.tables.index.upsertEntity({ partitionKey: INDEX.conversation, rowKey: encodeKey(key, 'conversation key'), ...jsonProperties('reference', json) }, 'Replace');
  }

  async forgetConversation(key: DeliveryKey): Promise<void> {
    await this.tables.ready();
    // Gone already (another instance forgot it first): nothing to do.
    await this.tables.attempt(() => this.tables.index.deleteEntity(INDEX.conversation, encodeKey(key, 'conversation key')));
  }

  async getConversation<K extends DeliveryKey>(key: K): Promise<DeliveryValue<K> | undefined> {
    await this.tables.ready();
    const row = await this.tables.getRow(this.tables.index, INDEX.conversation, encodeKey(key, 'conversation key'));
    // As it was saved under this key, whose kind names its type.
    return row && (readJson(row, 'reference') as DeliveryValue<K>);
  }
}
