/** Domain records carry `id`; MongoDB documents carry it as `_id`. One place converts between the two. */
export type Stored<T extends { id: string }> = Omit<T, 'id'> & { _id: string };

export function toStored<T extends { id: string }>(record: T): Stored<T> {
  const { id, ...rest } = record;
  return { _id: id, ...rest };
}

export function fromStored<T extends { id: string }>(doc: Stored<T>): T {
  const { _id, ...rest } = doc;
  return { id: _id, ...rest } as unknown as T;
}

const DUPLICATE_KEY = 11000;

/**
 * Inserts a record whose id came from a form, so the same form submitted twice stores one: the second call
 * returns the stored record with `created: false`.
 */
export async function insertOnce<T extends { id: string }>(
  insert: () => Promise<unknown>,
  existing: () => Promise<T | undefined>,
  value: T,
): Promise<{ value: T; created: boolean }> {
  try {
    await insert();
    return { value, created: true };
  } catch (error) {
    if ((error as { code?: number }).code !== DUPLICATE_KEY) throw error;
    const stored = await existing();
    if (!stored) throw error;
    return { value: stored, created: false };
  }
}

/**
 * Records whose free text may name the person: a plain case-insensitive substring query that any MongoDB
 * runs the same way (no Unicode classes on the server), narrowed to whole words by `namesPerson`.
 */
export function mentionQuery(name: string): { $regex: string; $options: string } {
  return { $regex: name.trim().replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/\s+/g, '\\s+'), $options: 'i' };
}
