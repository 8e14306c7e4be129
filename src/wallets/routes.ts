import { signedIn, type Route } from '../http/route.js';
import { paths } from '../paths.js';
import { walletController as wallet } from './wallet.controller.js';

/** Every URL of the wallets domain: everything here is the signed-in user's own. */
export const walletsRoutes: Route[] = [
  { method: 'get', path: paths.wallet(), handlers: [...signedIn, wallet.index] },
  { method: 'get', path: paths.walletBalances(), handlers: [...signedIn, wallet.balances] },
  { method: 'get', path: paths.walletBalance(), handlers: [...signedIn, wallet.balance] },
  { method: 'get', path: paths.walletHistoryCsv(), handlers: [...signedIn, wallet.csv] },
  { method: 'post', path: paths.walletTopups(), handlers: [...signedIn, wallet.create] },
  { method: 'get', path: paths.walletTopup(':reference'), handlers: [...signedIn, wallet.topup] },
];
