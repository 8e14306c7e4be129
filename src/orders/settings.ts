import type { Config } from '../config.js';
import type { OrderSettings } from './placement.js';

/** The order terms this deployment places orders with. */
export const orderSettings = (config: Config): OrderSettings => ({
  reservationMinutes: config.ORDER_RESERVATION_MINUTES,
  shipDays: config.ORDER_SHIP_DAYS,
  escrowDays: config.ESCROW_RELEASE_DAYS,
});
