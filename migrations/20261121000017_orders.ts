import type { Knex } from 'knex';

/**
 * Buying: seller shop settings, addresses, carts, commission rules, orders split
 * per seller, frozen order lines, the order timeline, stock movements, digital
 * entitlements and their download log, disputes, and stored documents.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    -- what a seller charges for shipping and when they want to hear that stock runs low
    alter table sellers
      add column shipping_flat bigint not null default 0 check (shipping_flat >= 0),
      add column shipping_free_over bigint check (shipping_free_over is null or shipping_free_over > 0),
      add column low_stock_threshold integer not null default 2 check (low_stock_threshold between 0 and 100000);

    -- digital goods: how many downloads within how many days a purchase gives
    alter table listings
      add column download_limit integer not null default 5 check (download_limit between 1 and 100),
      add column download_days integer not null default 30 check (download_days between 1 and 3650);

    create table addresses (
      id bigserial primary key,
      user_id bigint not null references users(id),
      name text not null check (char_length(name) between 1 and 120),
      line1 text not null check (char_length(line1) between 1 and 200),
      line2 text not null default '' check (char_length(line2) <= 200),
      postal_code text not null check (char_length(postal_code) between 1 and 20),
      city text not null check (char_length(city) between 1 and 80),
      country text not null check (country ~ '^[A-Z]{2}$'),
      phone text not null default '' check (char_length(phone) <= 40),
      created_at timestamptz not null default now(),
      deleted_at timestamptz
    );
    create index addresses_user_idx on addresses (user_id, id desc) where deleted_at is null;

    -- a signed-in buyer has one cart; a visitor's cart is keyed by their visitor cookie
    create table carts (
      id bigserial primary key,
      user_id bigint unique references users(id),
      visitor_id text unique check (visitor_id is null or char_length(visitor_id) between 16 and 100),
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      constraint carts_owner check ((user_id is null) <> (visitor_id is null))
    );
    create index carts_visitor_updated on carts (updated_at) where visitor_id is not null;

    create table cart_lines (
      id bigserial primary key,
      cart_id bigint not null references carts(id) on delete cascade,
      listing_id bigint not null references listings(id),
      variant_id bigint references listing_variants(id),
      quantity integer not null check (quantity between 1 and 999),
      -- what the buyer saw when adding: a later change is pointed out in the cart
      unit_price_seen bigint not null check (unit_price_seen >= 0),
      booking_date date,
      booking_note text not null default '' check (char_length(booking_note) <= 1000),
      added_at timestamptz not null default now()
    );
    create unique index cart_lines_sku on cart_lines (cart_id, listing_id, coalesce(variant_id, 0));

    -- commission: the most specific active rule wins (seller > category > kind > all), then priority
    create table commission_rules (
      id bigserial primary key,
      scope text not null check (scope in ('all', 'seller', 'category', 'kind')),
      seller_id bigint references users(id),
      category_id bigint references categories(id),
      kind text check (kind in ('fixed', 'auction', 'digital', 'service', 'classified')),
      rate_bp integer not null check (rate_bp between 0 and 10000),
      min_amount bigint check (min_amount is null or min_amount >= 0),
      cap_amount bigint check (cap_amount is null or cap_amount >= 0),
      priority integer not null default 0,
      note text not null default '' check (char_length(note) <= 200),
      created_by bigint references users(id),
      created_at timestamptz not null default now(),
      retired_at timestamptz,
      constraint commission_rules_target check (
        (scope = 'all' and seller_id is null and category_id is null and kind is null)
        or (scope = 'seller' and seller_id is not null and category_id is null and kind is null)
        or (scope = 'category' and category_id is not null and seller_id is null and kind is null)
        or (scope = 'kind' and kind is not null and seller_id is null and category_id is null)
      ),
      constraint commission_rules_bounds check (min_amount is null or cap_amount is null or min_amount <= cap_amount)
    );
    insert into commission_rules (scope, rate_bp, note) values ('all', 1000, 'Default');

    create table orders (
      id bigserial primary key,
      buyer_id bigint not null references users(id),
      currency text not null check (currency ~ '^[A-Z]{3}$'),
      status text not null default 'awaiting_payment'
        check (status in ('awaiting_payment', 'paid', 'cancelled')),
      items_total bigint not null check (items_total >= 0),
      shipping_total bigint not null check (shipping_total >= 0),
      discount_total bigint not null default 0 check (discount_total >= 0),
      total bigint not null check (total >= 0),
      -- how it is paid: the wallet part is held at placement, the rest comes by card
      wallet_amount bigint not null check (wallet_amount >= 0),
      card_amount bigint not null check (card_amount >= 0),
      wallet_hold_id bigint references holds(id),
      payment_id text,
      checkout_key text not null,
      shipping_address jsonb,
      -- the terms in force at placement: days the sellers have to ship, days of escrow after delivery
      ship_days integer not null check (ship_days between 1 and 60),
      escrow_days integer not null check (escrow_days between 0 and 60),
      reserved_until timestamptz,
      paid_at timestamptz,
      cancelled_at timestamptz,
      cancel_reason text,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      constraint orders_sums check (total = items_total + shipping_total - discount_total and total = wallet_amount + card_amount),
      constraint orders_checkout_once unique (buyer_id, checkout_key)
    );
    create index orders_buyer_idx on orders (buyer_id, id desc);
    create index orders_unpaid_due on orders (reserved_until) where status = 'awaiting_payment';
    create unique index orders_payment_id on orders (payment_id) where payment_id is not null;

    create table seller_orders (
      id bigserial primary key,
      order_id bigint not null references orders(id),
      seller_id bigint not null references users(id),
      buyer_id bigint not null references users(id),
      currency text not null,
      status text not null default 'awaiting_payment'
        check (status in ('awaiting_payment', 'paid', 'accepted', 'shipped', 'delivered', 'completed', 'cancelled', 'disputed', 'refunded')),
      items_total bigint not null check (items_total >= 0),
      shipping bigint not null check (shipping >= 0),
      discount bigint not null default 0 check (discount >= 0),
      total bigint not null check (total >= 0),
      commission bigint not null check (commission >= 0 and commission <= total),
      refunded_amount bigint not null default 0 check (refunded_amount >= 0 and refunded_amount <= total),
      -- how this part reaches the buyer: shipped goods, downloads, or a booked service
      fulfilment text not null check (fulfilment in ('ship', 'digital', 'service')),
      needs_shipping boolean not null,
      hold_id bigint references holds(id),
      invoice_number integer,
      carrier text,
      tracking_number text,
      cancel_reason text,
      paid_at timestamptz,
      accepted_at timestamptz,
      shipped_at timestamptz,
      delivered_at timestamptz,
      completed_at timestamptz,
      cancelled_at timestamptz,
      -- timers that move money, each swept when overdue
      ship_by timestamptz,
      release_due_at timestamptz,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      constraint seller_orders_sums check (total = items_total + shipping - discount),
      constraint seller_orders_invoice unique (seller_id, invoice_number)
    );
    create index seller_orders_order_idx on seller_orders (order_id);
    create index seller_orders_seller_idx on seller_orders (seller_id, status, id desc);
    create index seller_orders_buyer_idx on seller_orders (buyer_id, id desc);
    create index seller_orders_ship_due on seller_orders (ship_by) where status in ('paid', 'accepted');
    create index seller_orders_release_due on seller_orders (release_due_at) where status = 'delivered';

    create table seller_invoice_counters (
      seller_id bigint primary key references users(id),
      last_number integer not null default 0
    );

    -- frozen at placement: later edits of the listing never change an order
    create table order_lines (
      id bigserial primary key,
      order_id bigint not null references orders(id),
      seller_order_id bigint not null references seller_orders(id),
      seller_id bigint not null references users(id),
      listing_id bigint not null references listings(id),
      variant_id bigint references listing_variants(id),
      kind text not null check (kind in ('fixed', 'auction', 'digital', 'service')),
      title text not null,
      variant_label text not null default '',
      attributes jsonb not null default '{}'::jsonb,
      unit_price bigint not null check (unit_price >= 0),
      quantity integer not null check (quantity > 0),
      price_unit text,
      line_total bigint not null check (line_total >= 0),
      discount_amount bigint not null default 0 check (discount_amount >= 0),
      commission_rule_id bigint references commission_rules(id),
      commission_rate_bp integer not null,
      commission_amount bigint not null check (commission_amount >= 0),
      booking_date date,
      booking_note text not null default '',
      booking_status text check (booking_status in ('requested', 'accepted', 'declined')),
      created_at timestamptz not null default now(),
      constraint order_lines_total check (line_total = unit_price * quantity)
    );
    create index order_lines_seller_order_idx on order_lines (seller_order_id);
    create index order_lines_order_idx on order_lines (order_id);

    -- the timeline both parties see
    create table order_events (
      id bigserial primary key,
      order_id bigint not null references orders(id),
      seller_order_id bigint references seller_orders(id),
      actor_id bigint references users(id),
      type text not null,
      message text not null,
      created_at timestamptz not null default now()
    );
    create index order_events_order_idx on order_events (order_id, id);

    -- append-only history of every stock change per SKU (listing, or listing variant)
    create table stock_movements (
      id bigserial primary key,
      listing_id bigint not null references listings(id),
      variant_id bigint references listing_variants(id),
      kind text not null check (kind in ('reserved', 'released', 'sold', 'restocked', 'adjusted', 'returned')),
      quantity integer not null,
      order_id bigint references orders(id),
      actor_id bigint references users(id),
      note text not null default '',
      created_at timestamptz not null default now()
    );
    create index stock_movements_sku_idx on stock_movements (listing_id, variant_id, id);
    create function stock_movements_append_only() returns trigger language plpgsql as $$
    begin
      raise exception 'stock movements are append-only' using errcode = '42501';
    end $$;
    create trigger stock_movements_append_only before update or delete on stock_movements
      for each row execute function stock_movements_append_only();

    -- a paid digital line gives the buyer downloads
    create table entitlements (
      id bigserial primary key,
      order_line_id bigint not null unique references order_lines(id),
      buyer_id bigint not null references users(id),
      listing_id bigint not null references listings(id),
      file_key text not null,
      file_name text not null,
      downloads_allowed integer not null check (downloads_allowed > 0),
      downloads_used integer not null default 0,
      expires_at timestamptz not null,
      revoked_at timestamptz,
      created_at timestamptz not null default now(),
      constraint entitlements_used check (downloads_used between 0 and downloads_allowed)
    );
    create index entitlements_buyer_idx on entitlements (buyer_id, id desc);

    create table download_log (
      id bigserial primary key,
      entitlement_id bigint not null references entitlements(id),
      user_id bigint not null references users(id),
      ip text not null default '',
      bytes_sent bigint not null default 0,
      completed boolean not null default false,
      created_at timestamptz not null default now()
    );
    create index download_log_entitlement_idx on download_log (entitlement_id, id desc);

    create table disputes (
      id bigserial primary key,
      seller_order_id bigint not null references seller_orders(id),
      buyer_id bigint not null references users(id),
      seller_id bigint not null references users(id),
      reason text not null check (reason in ('not_received', 'not_as_described', 'damaged')),
      status text not null default 'open' check (status in ('open', 'escalated', 'resolved')),
      -- the status the seller order had when the dispute opened, to go back to on release
      previous_status text not null,
      resolution text check (resolution in ('release', 'refund', 'split', 'seller_refund', 'withdrawn')),
      refund_amount bigint check (refund_amount is null or refund_amount >= 0),
      decided_by bigint references users(id),
      decided_at timestamptz,
      escalate_at timestamptz not null,
      created_at timestamptz not null default now()
    );
    create unique index disputes_one_open on disputes (seller_order_id) where status <> 'resolved';
    create index disputes_queue on disputes (status, escalate_at);

    create table dispute_messages (
      id bigserial primary key,
      dispute_id bigint not null references disputes(id),
      author_id bigint not null references users(id),
      body text not null check (char_length(body) between 1 and 4000),
      image_keys jsonb not null default '[]'::jsonb,
      created_at timestamptz not null default now()
    );
    create index dispute_messages_dispute_idx on dispute_messages (dispute_id, id);

    -- receipts, invoices and credit notes: rendered once, stored, never regenerated
    create table order_documents (
      id bigserial primary key,
      kind text not null check (kind in ('receipt', 'invoice', 'credit_note')),
      order_id bigint not null references orders(id),
      seller_order_id bigint references seller_orders(id),
      number text not null,
      amount bigint not null,
      storage_key text not null,
      -- for credit notes: the refund it documents
      source_key text,
      created_at timestamptz not null default now(),
      constraint order_documents_once unique (kind, number)
    );
    create unique index order_documents_source on order_documents (kind, source_key) where source_key is not null;
    create index order_documents_order_idx on order_documents (order_id);
  `);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw(`
    drop table if exists order_documents, dispute_messages, disputes, download_log, entitlements, stock_movements,
      order_events, order_lines, seller_invoice_counters, seller_orders, orders, commission_rules, cart_lines, carts, addresses cascade;
    drop function if exists stock_movements_append_only();
    alter table listings drop column if exists download_limit, drop column if exists download_days;
    alter table sellers drop column if exists shipping_flat, drop column if exists shipping_free_over, drop column if exists low_stock_threshold;
  `);
}
