import { paths } from '../../src/paths.js';

/**
 * The attributes that make one part of the order page fetch itself again on the
 * user's `orders` signal and when the live stream (re)opens: the page is fetched
 * and only this part's element (by its stable id) is swapped in, so the request is
 * authorized again. Children do not inherit them (their own forms target the order).
 */
export function liveOrderPart(orderId: number, id: string): Record<string, string> {
  return {
    'hx-get': paths.order(orderId),
    'hx-select': `#${id}`,
    'hx-trigger': 'sse:orders, htmx:sseOpen from:body',
    'hx-swap': 'outerHTML',
    'hx-disinherit': '*',
  };
}

/** How the order page's action forms are enhanced: the answer replaces the whole order. */
export function orderFormTarget(orderId: number): Record<string, string> {
  return { 'hx-target': `#order-${orderId}`, 'hx-swap': 'outerHTML' };
}
