/** A kind of record keyed by id (requesters, agents, groups, departments), handing out copies. */

export const copy = <T>(value: T): T => structuredClone(value);

export class Collection<T extends { id: number }> {
  readonly #items = new Map<number, T>();
  #nextId: number;

  constructor(firstId: number, private readonly build: (id: number, input: Partial<T>) => T) {
    this.#nextId = firstId;
  }

  get(id: number): T | undefined {
    const item = this.#items.get(id);
    return item === undefined ? undefined : copy(item);
  }

  list(): T[] {
    return [...this.#items.values()].map(copy);
  }

  get size(): number {
    return this.#items.size;
  }

  create(input: Partial<T> = {}): T {
    const id = input.id ?? this.allocateId();
    if (this.#items.has(id)) throw new Error(`store: a record with id ${id} already exists`);
    const record = this.build(id, input);
    this.#items.set(id, record);
    return copy(record);
  }

  update(id: number, patch: Partial<T>): T {
    const item = this.#mustGet(id);
    Object.assign(item, patch, { id });
    return copy(item);
  }

  /** The stored record itself, for the request handlers (no copy: they only read). */
  live(id: number): T | undefined {
    return this.#items.get(id);
  }

  values(): IterableIterator<T> {
    return this.#items.values();
  }

  allocateId(): number {
    // Gaps between ids, like a multi-tenant id space where other accounts take numbers in between.
    const id = this.#nextId;
    this.#nextId += 1 + (id % 7);
    return id;
  }

  #mustGet(id: number): T {
    const item = this.#items.get(id);
    if (item === undefined) throw new Error(`store: no record with id ${id}`);
    return item;
  }
}
