import type { Knex } from 'knex';

/** Points a digital listing at its stored file (the file itself is media's). */
export async function setDigitalFile(trx: Knex.Transaction, listingId: number, file: { key: string; name: string; bytes: number }): Promise<void> {
  await trx('listings')
    .where({ id: listingId })
    .update({ digital_file_key: file.key, digital_file_name: file.name, digital_file_bytes: file.bytes, updated_at: trx.fn.now() });
}

/** The name buyers download the file under. */
export async function renameDigitalFile(trx: Knex.Transaction, listingId: number, name: string): Promise<void> {
  await trx('listings').where({ id: listingId }).update({ digital_file_name: name, updated_at: trx.fn.now() });
}
