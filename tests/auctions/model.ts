/**
 * A small reference model of the auction rules, written plainly and apart from the engine:
 * it keeps every bidder's maximum in a map and ranks them all again after each bid. The
 * property test runs the same bids through both and compares them.
 */

export interface ModelConfig {
  sellerId: number;
  startPrice: number;
  reservePrice: number | null;
  buyNowPrice: number | null;
  buyNowUntil: 'first_bid' | 'reserve_met';
  endsAt: number;
  softCloseMs: number;
  /** [from, step] rows, ascending */
  bands: [number, number][];
}

export type ModelBid =
  | { kind: 'max'; bidderId: number; max: number; at: number; seq: number }
  | { kind: 'buy_now'; bidderId: number; at: number; seq: number };

export type ModelResult = { ok: true } | { ok: false; reason: string; asking: number };

interface Entry {
  bidderId: number;
  max: number;
  at: number;
  seq: number;
}

export class AuctionModel {
  maxima = new Map<number, Entry>();
  price: number | null = null;
  endsAt: number;
  ended: { reason: 'time' | 'buy_now'; at: number } | null = null;
  boughtBy: number | null = null;

  constructor(readonly config: ModelConfig) {
    this.endsAt = config.endsAt;
  }

  step(price: number): number {
    let step = 0;
    for (const [from, s] of this.config.bands) if (price >= from) step = s;
    return step;
  }

  /** every maximum, best first: higher amount, then earlier time, then lower sequence */
  ranked(): Entry[] {
    return [...this.maxima.values()].sort((a, b) => b.max - a.max || a.at - b.at || a.seq - b.seq);
  }

  leaderId(): number | null {
    if (this.boughtBy !== null) return this.boughtBy;
    return this.ranked()[0]?.bidderId ?? null;
  }

  /** the second-best maximum of anyone other than the leader (before a buy-now) */
  runnerUp(): Entry | null {
    return this.ranked()[1] ?? null;
  }

  asking(): number {
    return this.price === null ? this.config.startPrice : this.price + this.step(this.price);
  }

  reserveMet(): boolean {
    return this.config.reservePrice === null || (this.price !== null && this.price >= this.config.reservePrice);
  }

  buyNowOffered(): boolean {
    if (this.config.buyNowPrice === null || this.ended) return false;
    if (this.maxima.size === 0) return true;
    return this.config.buyNowUntil === 'reserve_met' && this.config.reservePrice !== null && this.price! < this.config.reservePrice;
  }

  private no(reason: string): ModelResult {
    return { ok: false, reason, asking: this.asking() };
  }

  private reserveLift(price: number, leaderMax: number): number {
    const r = this.config.reservePrice;
    if (r !== null && leaderMax >= r && price < r) return r;
    return price;
  }

  bid(b: ModelBid): ModelResult {
    if (this.ended !== null || b.at >= this.endsAt) return this.no('ended');
    if (b.bidderId === this.config.sellerId) return this.no('seller');
    if (b.kind === 'buy_now') {
      if (!this.buyNowOffered()) return this.no('buy_now_gone');
      this.price = this.config.buyNowPrice;
      this.boughtBy = b.bidderId;
      this.ended = { reason: 'buy_now', at: b.at };
      return { ok: true };
    }
    const before = this.leaderId();
    const own = this.maxima.get(b.bidderId);
    if (before === b.bidderId) {
      if (b.max <= own!.max) return this.no('not_above_own');
      if (b.max < this.asking()) return this.no('too_low');
      this.maxima.set(b.bidderId, { bidderId: b.bidderId, max: b.max, at: b.at, seq: b.seq });
      // a leader's raise leaves the price alone, except to meet the reserve
      this.price = this.reserveLift(this.price!, b.max);
      return { ok: true };
    }
    if (b.max < this.asking()) return this.no('too_low');
    this.maxima.set(b.bidderId, { bidderId: b.bidderId, max: b.max, at: b.at, seq: b.seq });
    const [first, second] = this.ranked();
    const proxy = second === undefined ? this.config.startPrice : Math.min(first.max, second.max + this.step(second.max));
    this.price = this.reserveLift(proxy, first.max);
    if (first.bidderId !== before && b.at + this.config.softCloseMs > this.endsAt) this.endsAt = b.at + this.config.softCloseMs;
    return { ok: true };
  }

  close(now: number):
    | { closed: false }
    | { closed: true; sold: true; winnerId: number; price: number }
    | { closed: true; sold: false; reason: 'no_bids' | 'reserve_not_met' } {
    if (this.ended === null && now < this.endsAt) return { closed: false };
    if (this.ended === null) this.ended = { reason: 'time', at: this.endsAt };
    const leader = this.leaderId();
    if (leader === null) return { closed: true, sold: false, reason: 'no_bids' };
    if (!this.reserveMet()) return { closed: true, sold: false, reason: 'reserve_not_met' };
    return { closed: true, sold: true, winnerId: leader, price: this.price! };
  }
}
