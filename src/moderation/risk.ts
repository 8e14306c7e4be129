import type { Knex } from 'knex';

export interface RiskInput {
  id: number;
  seller_id: number;
  category_id: number;
  title: string;
  description: string;
  price: number | null;
  attributes: Record<string, unknown>;
}

/** A risk score on submission (higher is riskier) and the reasons shown to the admin. */
export async function assessRisk(_db: Knex | Knex.Transaction, _listing: RiskInput): Promise<{ score: number; reasons: string[] }> {
  return { score: 0, reasons: [] };
}
