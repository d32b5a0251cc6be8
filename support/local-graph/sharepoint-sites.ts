/**
 * The SharePoint side of the local Graph server: sites, lists, columns and list items, with the
 * documented behaviour we depend on — indexed-only filtering, eTags that change on every update,
 * If-Match → 412, unknown fields → 400, duplicate list names → 409, paging by an absolute nextLink.
 */
import { randomUUID } from 'node:crypto';
import { GraphHttpError, GraphOperation, GraphReply, isRecord, jsonReply } from './graph-reply';
import { EqualityIndex, indexableComparison } from './equality-index';
import { FilterLiteral, FilterSyntaxError, comparisonsOf, matchesFilter, parseFilter } from './odata-filter';

export type ColumnKind = 'text' | 'number' | 'boolean' | 'dateTime';
export type StoredValue = string | number | boolean | null;

export interface ColumnState {
  id: string;
  name: string;
  displayName: string;
  kind: ColumnKind;
  indexed: boolean;
  multiline: boolean;
  readOnly: boolean;
}

export interface ItemState {
  id: number;
  /** Part of the eTag: stable per item; the version after the comma changes on every update. */
  uniqueId: string;
  version: number;
  createdDateTime: string;
  lastModifiedDateTime: string;
  fields: Record<string, StoredValue>;
}

export interface ListState {
  id: string;
  name: string;
  displayName: string;
  createdDateTime: string;
  columns: ColumnState[];
  items: Map<number, ItemState>;
  /** The indexed columns' lookups (equality-index.ts): every change to `items` goes through it too. */
  equality: EqualityIndex;
  nextItemId: number;
  /** A document library's files are served by document-drives.ts. */
  template?: 'genericList' | 'documentLibrary';
}

export interface SiteState {
  id: string;
  lists: Map<string, ListState>;
}

const SINGLE_LINE_MAX = 255;
const MULTI_LINE_MAX = 63_999;
/** SharePoint allows at most 20 indexed columns per list. */
const MAX_INDEXED_COLUMNS = 20;
const HONOR_NON_INDEXED = 'honornonindexedquerieswarningmayfailrandomly';

export interface SharePointOptions {
  /** When set, only these site ids exist (others → 404); otherwise any site id is accepted. */
  siteIds?: readonly string[];
  /** Items per page when the caller sends no $top (Graph's default for list items is 200). */
  pageSize: number;
  baseWebUrl: string;
  /** This server's `http://127.0.0.1:PORT/v1.0`, which nextLinks start with. */
  serviceRoot: () => string;
}

export class SharePointSites {
  private readonly sites = new Map<string, SiteState>();

  constructor(private readonly options: SharePointOptions) {}

  reset(): void {
    this.sites.clear();
  }

  /** Direct view of a list's rows for tests: the cloud side's truth, bypassing HTTP. */
  rows(siteId: string, listDisplayName: string): Array<Record<string, StoredValue>> {
    const list = [...(this.sites.get(siteId)?.lists.values() ?? [])].find((l) => l.displayName === listDisplayName);
    if (!list) return [];
    return [...list.items.values()].map((item) => ({ ...item.fields }));
  }

  /** A site's list by id or display name, for the document drives (undefined when absent). */
  findList(siteId: string, idOrTitle: string): ListState | undefined {
    const lists = this.sites.get(siteId)?.lists;
    return lists?.get(idOrTitle) ?? [...(lists?.values() ?? [])].find((l) => l.displayName === idOrTitle);
  }

  listsOf(siteId: string): ListState[] {
    return [...(this.sites.get(siteId)?.lists.values() ?? [])];
  }

  listNames(siteId: string): string[] {
    return [...(this.sites.get(siteId)?.lists.values() ?? [])].map((l) => l.displayName);
  }

  /** Resource units SharePoint charges for this operation (1 per single-item read, 2 per query or write). */
  static resourceUnits(operation: GraphOperation): number {
    if (!operation.path.startsWith('/sites/')) return 0;
    if (operation.method !== 'GET') return 2;
    const segments = operation.path.split('/').filter(Boolean);
    // /sites/{s}/lists/{l}/items/{i} (5 after 'sites') and /sites/{s}/lists/{l} are single reads;
    // collections end in 'lists', 'items' or 'columns'.
    const last = segments[segments.length - 1];
    return last === 'lists' || last === 'items' || last === 'columns' ? 2 : 1;
  }

  handle(operation: GraphOperation): GraphReply | undefined {
    const segments = operation.path.split('/').filter(Boolean).map(decodeURIComponent);
    if (segments[0] !== 'sites' || segments.length < 2) return undefined;
    const site = this.site(segments[1] ?? '');
    const rest = segments.slice(2);
    const { method } = operation;

    if (rest.length === 0 && method === 'GET') return jsonReply(200, { id: site.id, webUrl: `${this.options.baseWebUrl}/sites/${site.id}` });
    if (rest[0] !== 'lists') return undefined;
    if (rest.length === 1) {
      if (method === 'GET') return this.queryLists(site, operation);
      if (method === 'POST') return this.createList(site, operation.body);
      throw methodNotAllowed();
    }
    const list = this.list(site, rest[1] ?? '');
    if (rest.length === 2) {
      if (method === 'GET') return jsonReply(200, this.listJson(site, list));
      if (method === 'DELETE') {
        site.lists.delete(list.id);
        return { status: 204 };
      }
      throw methodNotAllowed();
    }
    if (rest[2] === 'columns') {
      if (rest.length === 3) {
        if (method === 'GET') return jsonReply(200, { value: list.columns.map(columnJson) });
        if (method === 'POST') return jsonReply(201, columnJson(this.addColumn(list, operation.body)));
        throw methodNotAllowed();
      }
      const column = list.columns.find((c) => c.id === rest[3] || c.name === rest[3]);
      if (!column) throw new GraphHttpError(404, 'itemNotFound', 'The specified column was not found.');
      if (rest.length === 4 && method === 'GET') return jsonReply(200, columnJson(column));
      if (rest.length === 4 && method === 'PATCH') return jsonReply(200, columnJson(this.updateColumn(list, column, operation.body)));
      throw methodNotAllowed();
    }
    if (rest[2] !== 'items') return undefined;
    if (rest.length === 3) {
      if (method === 'GET') return this.queryItems(site, list, operation);
      if (method === 'POST') return this.createItem(site, list, operation.body);
      throw methodNotAllowed();
    }
    const item = list.items.get(Number(rest[3]));
    if (!item || !/^\d+$/.test(rest[3] ?? '')) throw new GraphHttpError(404, 'itemNotFound', 'The resource could not be found.');
    if (rest.length === 4) {
      if (method === 'GET') return jsonReply(200, this.itemJson(site, list, item, expandedFields(operation.query)));
      if (method === 'DELETE') {
        checkIfMatch(operation, item);
        list.items.delete(item.id);
        list.equality.deleted(item);
        return { status: 204 };
      }
      throw methodNotAllowed();
    }
    if (rest.length === 5 && rest[4] === 'fields') {
      if (method === 'GET') return jsonReply(200, fieldsJson(item, undefined));
      if (method === 'PATCH') return this.updateFields(list, item, operation);
      throw methodNotAllowed();
    }
    return undefined;
  }

  private site(siteId: string): SiteState {
    let site = this.sites.get(siteId);
    if (site) return site;
    if (this.options.siteIds && !this.options.siteIds.includes(siteId)) {
      throw new GraphHttpError(404, 'itemNotFound', 'Requested site could not be found');
    }
    site = { id: siteId, lists: new Map() };
    this.sites.set(siteId, site);
    return site;
  }

  private list(site: SiteState, idOrTitle: string): ListState {
    const list = site.lists.get(idOrTitle) ?? [...site.lists.values()].find((l) => l.displayName === idOrTitle);
    if (!list) throw new GraphHttpError(404, 'itemNotFound', 'List not found');
    return list;
  }

  private queryLists(site: SiteState, operation: GraphOperation): GraphReply {
    let lists = [...site.lists.values()];
    const filterText = queryParam(operation.query, 'filter');
    if (filterText !== undefined) {
      const expression = parseOrReject(filterText);
      for (const comparison of comparisonsOf(expression)) {
        if (comparison.onFields || !['displayName', 'name', 'id'].includes(comparison.property)) {
          throw new GraphHttpError(400, 'invalidRequest', `Invalid filter clause: property '${comparison.property}' cannot be filtered on.`);
        }
      }
      lists = lists.filter((list) =>
        matchesFilter(expression, (c) => (c.property === 'displayName' ? list.displayName : c.property === 'name' ? list.name : list.id)),
      );
    }
    return jsonReply(200, { value: lists.map((list) => this.listJson(site, list)) });
  }

  private createList(site: SiteState, body: unknown): GraphReply {
    if (!isRecord(body) || typeof body.displayName !== 'string' || body.displayName.trim() === '') {
      throw new GraphHttpError(400, 'invalidRequest', 'A displayName is required to create a list.');
    }
    const displayName = body.displayName;
    if ([...site.lists.values()].some((l) => l.displayName.toLowerCase() === displayName.toLowerCase())) {
      throw new GraphHttpError(409, 'nameAlreadyExists', 'The specified list name already exists.');
    }
    const template = isRecord(body.list) ? body.list.template : undefined;
    if (template !== undefined && template !== 'genericList' && template !== 'documentLibrary') {
      throw new GraphHttpError(400, 'invalidRequest', `This server only models the genericList and documentLibrary templates, not '${String(template)}'.`);
    }
    const now = timestamp();
    const list: ListState = {
      id: randomUUID(),
      name: displayName.replace(/[^A-Za-z0-9]/g, ''),
      displayName,
      createdDateTime: now,
      columns: builtInColumns(),
      items: new Map(),
      equality: new EqualityIndex(),
      nextItemId: 1,
      template: template === 'documentLibrary' ? 'documentLibrary' : 'genericList',
    };
    const columns = body.columns === undefined ? [] : body.columns;
    if (!Array.isArray(columns)) throw new GraphHttpError(400, 'invalidRequest', 'columns must be an array.');
    for (const definition of columns) this.addColumn(list, definition);
    site.lists.set(list.id, list);
    return jsonReply(201, this.listJson(site, list));
  }

  private addColumn(list: ListState, definition: unknown): ColumnState {
    const column = parseColumn(definition);
    if (list.columns.some((c) => c.name.toLowerCase() === column.name.toLowerCase())) {
      throw new GraphHttpError(409, 'nameAlreadyExists', `A column named '${column.name}' already exists in this list.`);
    }
    if (column.indexed) ensureIndexCapacity(list, column);
    list.columns.push(column);
    return column;
  }

  private updateColumn(list: ListState, column: ColumnState, body: unknown): ColumnState {
    if (column.readOnly) throw new GraphHttpError(400, 'invalidRequest', `Column '${column.name}' is read-only.`);
    if (!isRecord(body)) throw new GraphHttpError(400, 'invalidRequest', 'The request body must be a columnDefinition.');
    if (typeof body.indexed === 'boolean') {
      if (body.indexed && column.multiline) throw new GraphHttpError(400, 'invalidRequest', `Column '${column.name}' cannot be indexed.`);
      if (body.indexed && !column.indexed) ensureIndexCapacity(list, column);
      column.indexed = body.indexed;
    }
    if (typeof body.displayName === 'string') column.displayName = body.displayName;
    return column;
  }

  private createItem(site: SiteState, list: ListState, body: unknown): GraphReply {
    if (!isRecord(body) || !isRecord(body.fields)) {
      throw new GraphHttpError(400, 'invalidRequest', 'The request body must be a listItem with a fields object.');
    }
    const values = validateFields(list, body.fields);
    const now = timestamp();
    const id = list.nextItemId++;
    const item: ItemState = {
      id,
      uniqueId: randomUUID(),
      version: 1,
      createdDateTime: now,
      lastModifiedDateTime: now,
      fields: {},
    };
    for (const column of list.columns) if (!column.readOnly) item.fields[column.name] = null;
    Object.assign(item.fields, values);
    list.items.set(id, item);
    list.equality.written(item, undefined);
    return jsonReply(201, this.itemJson(site, list, item, { select: undefined }));
  }

  private updateFields(list: ListState, item: ItemState, operation: GraphOperation): GraphReply {
    if (!isRecord(operation.body)) throw new GraphHttpError(400, 'invalidRequest', 'The request body must be a fieldValueSet.');
    checkIfMatch(operation, item);
    const values = validateFields(list, operation.body);
    const before = { ...item.fields };
    Object.assign(item.fields, values);
    list.equality.written(item, before);
    item.version += 1;
    item.lastModifiedDateTime = timestamp();
    return jsonReply(200, fieldsJson(item, undefined));
  }

  private queryItems(site: SiteState, list: ListState, operation: GraphOperation): GraphReply {
    const { query } = operation;
    const filterText = queryParam(query, 'filter');
    // Items are kept in the order they were made, which is the order of their ids.
    let items = filterText === undefined ? [...list.items.values()] : [];
    if (filterText !== undefined) {
      const expression = parseOrReject(filterText);
      const honour = operation.headers['prefer']?.toLowerCase().includes(HONOR_NON_INDEXED) ?? false;
      for (const comparison of comparisonsOf(expression)) {
        if (!comparison.onFields) {
          throw new GraphHttpError(400, 'invalidRequest', `Invalid filter clause: use fields/${comparison.property} to filter on a column.`);
        }
        const column = columnFor(list, comparison.property);
        if (!column) throw new GraphHttpError(400, 'invalidRequest', `Field '${comparison.property}' is not recognized`);
        if (!column.indexed && !honour) {
          throw new GraphHttpError(
            400,
            'invalidRequest',
            `Field '${column.name}' cannot be referenced in filter or orderby as it is not indexed. Provide the 'Prefer: HonorNonIndexedQueriesWarningMayFailRandomly' header to allow this, but be warned that such queries may fail on large lists.`,
          );
        }
      }
      const byIndex = indexableComparison(expression, (name) => !BUILT_IN_VALUES.has(name) && columnFor(list, name) !== undefined);
      const candidates = byIndex
        ? list.equality.idsWith(byIndex.property, normaliseForCompare(columnFor(list, byIndex.property), byIndex.value), list.items).flatMap((id) => list.items.get(id) ?? [])
        : [...list.items.values()];
      items = candidates.filter((item) =>
        matchesFilter(
          expression,
          (c) => fieldValue(item, columnFor(list, c.property)),
          (c, value) => normaliseForCompare(columnFor(list, c.property), value),
        ),
      );
    }
    const skipToken = queryParam(query, 'skiptoken');
    if (skipToken !== undefined) {
      const afterId = decodeSkipToken(skipToken);
      items = items.filter((item) => item.id > afterId);
    }
    const topText = queryParam(query, 'top');
    const top = topText === undefined ? this.options.pageSize : Number(topText);
    if (!Number.isInteger(top) || top < 1 || top > 5000) {
      throw new GraphHttpError(400, 'invalidRequest', `Invalid $top value '${topText ?? ''}'.`);
    }
    const page = items.slice(0, top);
    const expand = expandedFields(query);
    const body: Record<string, unknown> = { value: page.map((item) => this.itemJson(site, list, item, expand)) };
    const lastOnPage = page[page.length - 1];
    if (items.length > top && lastOnPage) body['@odata.nextLink'] = nextLink(this.options.serviceRoot(), operation, lastOnPage.id);
    return jsonReply(200, body);
  }

  private listJson(site: SiteState, list: ListState): Record<string, unknown> {
    return {
      '@odata.etag': `"${list.id},${list.columns.length}"`,
      id: list.id,
      name: list.name,
      displayName: list.displayName,
      createdDateTime: list.createdDateTime,
      lastModifiedDateTime: list.createdDateTime,
      webUrl: `${this.options.baseWebUrl}/sites/${site.id}/Lists/${list.name}`,
      parentReference: { siteId: site.id },
      list: { contentTypesEnabled: false, hidden: false, template: list.template ?? 'genericList' },
    };
  }

  private itemJson(site: SiteState, list: ListState, item: ItemState, expand: ExpandFields | undefined): Record<string, unknown> {
    const eTag = eTagOf(item);
    const json: Record<string, unknown> = {
      '@odata.etag': eTag,
      createdDateTime: item.createdDateTime,
      eTag,
      id: String(item.id),
      lastModifiedDateTime: item.lastModifiedDateTime,
      webUrl: `${this.options.baseWebUrl}/sites/${site.id}/Lists/${list.name}/${item.id}_.000`,
      parentReference: { id: list.id, siteId: site.id },
      contentType: { id: '0x0100', name: 'Item' },
    };
    if (expand) json.fields = fieldsJson(item, expand.select);
    return json;
  }
}

interface ExpandFields {
  select: string[] | undefined;
}

/** `expand=fields`, `expand=fields(select=A,B)` or `$expand=fields($select=A,B)`. */
function expandedFields(query: URLSearchParams): ExpandFields | undefined {
  const expand = queryParam(query, 'expand');
  if (expand === undefined) return undefined;
  const match = /^fields(?:\(\$?select=([^)]*)\))?$/.exec(expand.trim());
  if (!match) throw new GraphHttpError(400, 'invalidRequest', `Unsupported expand '${expand}'.`);
  return { select: match[1]?.split(',').map((s) => s.trim()).filter(Boolean) };
}

function fieldsJson(item: ItemState, select: string[] | undefined): Record<string, unknown> {
  const all: Record<string, unknown> = {
    '@odata.etag': eTagOf(item),
    id: String(item.id),
    ContentType: 'Item',
    Created: item.createdDateTime,
    Modified: item.lastModifiedDateTime,
    _UIVersionString: `${item.version}.0`,
    Attachments: false,
  };
  // SharePoint leaves empty columns out of the fieldValueSet.
  for (const [name, value] of Object.entries(item.fields)) if (value !== null) all[name] = value;
  if (!select) return all;
  const picked: Record<string, unknown> = { '@odata.etag': all['@odata.etag'] };
  for (const name of select) if (name in all) picked[name] = all[name];
  return picked;
}

function eTagOf(item: ItemState): string {
  return `"${item.uniqueId},${item.version}"`;
}

function checkIfMatch(operation: GraphOperation, item: ItemState): void {
  const ifMatch = operation.headers['if-match'];
  if (ifMatch === undefined || ifMatch.trim() === '*') return;
  const strip = (tag: string): string => tag.trim().replace(/^W\//, '').replace(/^"|"$/g, '');
  if (strip(ifMatch) !== strip(eTagOf(item))) {
    throw new GraphHttpError(412, 'resourceModified', 'The request ETag value does not match the object ETag value.');
  }
}

function builtInColumns(): ColumnState[] {
  const readOnly = (name: string, kind: ColumnKind, indexed = false): ColumnState => ({
    id: randomUUID(),
    name,
    displayName: name,
    kind,
    indexed,
    multiline: false,
    readOnly: true,
  });
  return [
    { id: randomUUID(), name: 'Title', displayName: 'Title', kind: 'text', indexed: false, multiline: false, readOnly: false },
    readOnly('ID', 'number', true),
    readOnly('ContentType', 'text'),
    readOnly('Created', 'dateTime'),
    readOnly('Modified', 'dateTime'),
    readOnly('Author', 'text'),
    readOnly('Editor', 'text'),
    readOnly('Attachments', 'boolean'),
  ];
}

function parseColumn(definition: unknown): ColumnState {
  if (!isRecord(definition) || typeof definition.name !== 'string' || !/^[A-Za-z_][A-Za-z0-9_]{0,254}$/.test(definition.name)) {
    throw new GraphHttpError(400, 'invalidRequest', 'A column definition needs a name made of letters, digits and underscores.');
  }
  const kinds = (['text', 'number', 'boolean', 'dateTime'] as const).filter((kind) => isRecord(definition[kind]));
  if (kinds.length !== 1) {
    throw new GraphHttpError(400, 'invalidRequest', `Column '${definition.name}' must have exactly one of text, number, boolean or dateTime.`);
  }
  const kind = kinds[0] as ColumnKind;
  const facet = definition[kind] as Record<string, unknown>;
  const multiline = kind === 'text' && facet.allowMultipleLines === true;
  const indexed = definition.indexed === true;
  if (indexed && multiline) {
    throw new GraphHttpError(400, 'invalidRequest', `Column '${definition.name}' cannot be indexed: multiple lines of text are not indexable.`);
  }
  return {
    id: randomUUID(),
    name: definition.name,
    displayName: typeof definition.displayName === 'string' ? definition.displayName : definition.name,
    kind,
    indexed,
    multiline,
    readOnly: false,
  };
}

function ensureIndexCapacity(list: ListState, column: ColumnState): void {
  if (list.columns.filter((c) => c.indexed && c.name !== 'ID').length >= MAX_INDEXED_COLUMNS) {
    throw new GraphHttpError(400, 'invalidRequest', `Column '${column.name}' cannot be indexed: the list already has ${MAX_INDEXED_COLUMNS} indexes.`);
  }
}

function columnJson(column: ColumnState): Record<string, unknown> {
  const facet: Record<string, unknown> =
    column.kind === 'text'
      ? { allowMultipleLines: column.multiline, appendChangesToExistingText: false, linesForEditing: column.multiline ? 6 : 0, maxLength: column.multiline ? MULTI_LINE_MAX : SINGLE_LINE_MAX }
      : column.kind === 'number'
        ? { decimalPlaces: 'automatic', displayAs: 'number' }
        : column.kind === 'dateTime'
          ? { displayAs: 'default', format: 'dateTime' }
          : {};
  return {
    id: column.id,
    name: column.name,
    displayName: column.displayName,
    columnGroup: column.readOnly ? '_Hidden' : 'Custom Columns',
    enforceUniqueValues: false,
    hidden: false,
    indexed: column.indexed,
    readOnly: column.readOnly,
    required: false,
    [column.kind]: facet,
  };
}

function columnFor(list: ListState, name: string): ColumnState | undefined {
  return list.columns.find((c) => c.name === name);
}

export function validateFields(list: ListState, fields: Record<string, unknown>): Record<string, StoredValue> {
  const values: Record<string, StoredValue> = {};
  for (const [name, value] of Object.entries(fields)) {
    if (name.startsWith('@odata')) continue;
    const column = columnFor(list, name);
    if (!column) throw new GraphHttpError(400, 'invalidRequest', `Field '${name}' is not recognized`);
    if (column.readOnly) throw new GraphHttpError(400, 'invalidRequest', `Field '${name}' is read-only`);
    values[name] = coerce(column, value);
  }
  return values;
}

function coerce(column: ColumnState, value: unknown): StoredValue {
  if (value === null) return null;
  const invalid = (): GraphHttpError =>
    new GraphHttpError(400, 'invalidRequest', `Invalid value for field '${column.name}' (a ${column.kind} column).`);
  switch (column.kind) {
    case 'text': {
      if (typeof value !== 'string') throw invalid();
      const max = column.multiline ? MULTI_LINE_MAX : SINGLE_LINE_MAX;
      if (value.length > max) {
        throw new GraphHttpError(400, 'invalidRequest', `The value for field '${column.name}' is longer than ${max} characters.`);
      }
      return value;
    }
    case 'number':
      if (typeof value === 'number' && Number.isFinite(value)) return value;
      throw invalid();
    case 'boolean':
      if (typeof value === 'boolean') return value;
      throw invalid();
    case 'dateTime': {
      if (typeof value !== 'string' || Number.isNaN(Date.parse(value))) throw invalid();
      return normaliseDateTime(value);
    }
  }
}

/** SharePoint stores date-times to the second and returns them in UTC with a Z. */
function normaliseDateTime(value: string): string {
  return new Date(value).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** Values fieldValue takes from the item itself, not its fields (so the equality index cannot hold them). */
const BUILT_IN_VALUES = new Set(['ID', 'Created', 'Modified']);

function fieldValue(item: ItemState, column: ColumnState | undefined): FilterLiteral | undefined {
  if (!column) return undefined;
  if (column.name === 'ID') return item.id;
  if (column.name === 'Created') return item.createdDateTime;
  if (column.name === 'Modified') return item.lastModifiedDateTime;
  return item.fields[column.name];
}

function normaliseForCompare(column: ColumnState | undefined, value: FilterLiteral): FilterLiteral {
  if (column?.kind === 'dateTime' && typeof value === 'string' && !Number.isNaN(Date.parse(value))) return normaliseDateTime(value);
  return value;
}

function parseOrReject(text: string): ReturnType<typeof parseFilter> {
  try {
    return parseFilter(text);
  } catch (error) {
    if (error instanceof FilterSyntaxError) throw new GraphHttpError(400, 'invalidRequest', error.message);
    throw error;
  }
}

/** Graph accepts query options with or without the `$` prefix. */
function queryParam(query: URLSearchParams, name: string): string | undefined {
  return query.get(`$${name}`) ?? query.get(name) ?? undefined;
}

/** SharePoint's skip tokens are base64 of `Paged=TRUE&p_ID=<last id on the page>`. */
function decodeSkipToken(token: string): number {
  const decoded = Buffer.from(token, 'base64').toString('utf8');
  const match = /^Paged=TRUE&p_ID=(\d+)$/.exec(decoded);
  if (!match) throw new GraphHttpError(400, 'invalidRequest', 'The $skiptoken is not valid.');
  return Number(match[1]);
}

/**
 * An ABSOLUTE nextLink to this server (`http://127.0.0.1:PORT/v1.0/sites/…?…&$skiptoken=…`), as Graph's
 * are absolute to itself (`https://graph.microsoft.com/v1.0/…`): a client must follow the whole link,
 * not glue it onto its base URL.
 */
function nextLink(serviceRoot: string, operation: GraphOperation, lastId: number): string {
  const parts = [...operation.query.entries()]
    .filter(([name]) => name !== '$skiptoken' && name !== 'skiptoken')
    .map(([name, value]) => `${name}=${encodeURIComponent(value)}`);
  parts.push(`$skiptoken=${encodeURIComponent(Buffer.from(`Paged=TRUE&p_ID=${lastId}`, 'utf8').toString('base64'))}`);
  return `${serviceRoot}${operation.path}?${parts.join('&')}`;
}

function methodNotAllowed(): GraphHttpError {
  return new GraphHttpError(405, 'BadRequest', 'The HTTP method is not allowed on this resource.');
}

function timestamp(): string {
  return new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');
}

