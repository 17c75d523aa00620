import type { AppContext } from './context.js';
import type { Db } from './db/database.js';
import { countAccounts } from './db/repositories/accounts.js';
import { resetDatabase } from './db/reset.js';
import { createAccount } from './domain/accounts/accounts.js';
import type { PasswordHasher } from './domain/auth/passwords.js';
import { createItem } from './domain/catalog/items.js';
import { setAvailableUnits } from './domain/inventory/stock.js';
import { DEFAULT_PAYMENT_METHOD } from './domain/payments/methods.js';

// Fixed ids, so a token of a seeded account keeps working across POST /_dev/reset.
export const DEFAULT_ADMIN = {
  accountId: '00000000-0000-4000-8000-00000000a001',
  email: 'admin@shop.local',
  password: 'admin-password',
} as const;
export const DEMO_CUSTOMER = {
  accountId: '00000000-0000-4000-8000-00000000c001',
  email: 'customer@shop.local',
  password: 'customer-password',
  paymentMethod: DEFAULT_PAYMENT_METHOD,
} as const;

export interface SeedAccounts {
  adminEmail?: string | undefined;
  adminPassword?: string | undefined;
}

interface DemoItem {
  upc: string;
  itemName: string;
  unitPrice: number;
  units: number;
  metadata: Record<string, unknown>;
}

const picture = (slug: string): string[] => [
  `https://cdn.the-mall.test/items/${slug}-1.jpg`,
  `https://cdn.the-mall.test/items/${slug}-2.jpg`,
];

const slugOf = (name: string): string =>
  name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');

/** A dozen plausible products (UPC-A and EAN-13 codes with valid check digits) and their stock. */
const DEMO_ITEMS: readonly DemoItem[] = [
  {
    upc: '012345678905',
    itemName: 'Wireless Mouse',
    unitPrice: 19.99,
    units: 120,
    metadata: { brand: 'Logi', color: 'graphite', category: 'computer accessories' },
  },
  {
    upc: '036000291452',
    itemName: 'USB-C Cable 1 m',
    unitPrice: 5.5,
    units: 200,
    metadata: { brand: 'Anker', lengthCm: 100, category: 'cables' },
  },
  {
    upc: '885909950805',
    itemName: 'Mechanical Keyboard',
    unitPrice: 89.0,
    units: 45,
    metadata: {
      brand: 'Keychron',
      layout: 'ANSI',
      switches: 'brown',
      category: 'computer accessories',
    },
  },
  {
    upc: '190198457325',
    itemName: 'Noise-Cancelling Headphones',
    unitPrice: 249.99,
    units: 30,
    metadata: { brand: 'Sonus', color: 'black', wireless: true, category: 'audio' },
  },
  {
    upc: '711719541028',
    itemName: '27-inch 4K Monitor',
    unitPrice: 329.0,
    units: 20,
    metadata: { brand: 'Viewline', resolution: '3840x2160', panel: 'IPS', category: 'displays' },
  },
  {
    upc: '096619756803',
    itemName: 'Stainless Steel Water Bottle',
    unitPrice: 24.95,
    units: 150,
    metadata: { brand: 'Hydra', capacityMl: 750, category: 'kitchen' },
  },
  {
    upc: '041570054161',
    itemName: 'Espresso Beans 1 kg',
    unitPrice: 18.49,
    units: 80,
    metadata: { brand: 'Roastery 9', origin: 'Colombia', roast: 'medium', category: 'groceries' },
  },
  {
    upc: '073141552127',
    itemName: 'Cotton Crew T-Shirt',
    unitPrice: 12.0,
    units: 180,
    metadata: { brand: 'Basics', sizes: ['S', 'M', 'L', 'XL'], color: 'navy', category: 'apparel' },
  },
  {
    upc: '888462500432',
    itemName: 'Running Shoes',
    unitPrice: 119.95,
    units: 60,
    metadata: { brand: 'Stride', sizes: [40, 41, 42, 43, 44, 45], category: 'footwear' },
  },
  {
    upc: '9780262033848',
    itemName: 'Introduction to Algorithms (Hardcover)',
    unitPrice: 94.5,
    units: 25,
    metadata: {
      authors: ['Cormen', 'Leiserson', 'Rivest', 'Stein'],
      edition: 3,
      category: 'books',
    },
  },
  {
    upc: '050332166219',
    itemName: 'LED Desk Lamp',
    unitPrice: 34.99,
    units: 70,
    metadata: { brand: 'Lumo', colorTemperatureK: [2700, 6500], category: 'home office' },
  },
  {
    upc: '810029930215',
    itemName: 'Yoga Mat',
    unitPrice: 29.9,
    units: 90,
    metadata: { brand: 'Flow', thicknessMm: 6, color: 'sage', category: 'sports' },
  },
];

/**
 * Fills an empty database (no accounts) with the demo catalog, an admin and a customer.
 * Does nothing when accounts exist, so restarts keep their data.
 */
export async function seedIfEmpty(
  db: Db,
  passwords: PasswordHasher,
  now: Date,
  accounts: SeedAccounts = {},
): Promise<boolean> {
  if (countAccounts(db) > 0) return false;
  await createAccount(
    db,
    passwords,
    {
      email: accounts.adminEmail ?? DEFAULT_ADMIN.email,
      username: 'admin',
      password: accounts.adminPassword ?? DEFAULT_ADMIN.password,
    },
    now,
    { role: 'admin', accountId: DEFAULT_ADMIN.accountId },
  );
  await createAccount(
    db,
    passwords,
    {
      email: DEMO_CUSTOMER.email,
      username: 'Demo Customer',
      password: DEMO_CUSTOMER.password,
      shippingAddress: '1 Market Street, Springfield 12345',
      billingAddress: '1 Market Street, Springfield 12345',
      paymentMethod: DEMO_CUSTOMER.paymentMethod,
    },
    now,
    { accountId: DEMO_CUSTOMER.accountId },
  );
  db.transaction(() => {
    for (const item of DEMO_ITEMS) {
      const created = createItem(
        db,
        {
          upc: item.upc,
          itemName: item.itemName,
          unitPrice: item.unitPrice,
          pictureUrls: picture(slugOf(item.itemName)),
          metadata: item.metadata,
        },
        now,
      );
      setAvailableUnits(db, created.itemId, item.units, now);
    }
  })();
  return true;
}

/**
 * `POST /_dev/reset`: empties every table but the migration log and settings, then seeds again
 * when the server seeds (`accounts` false: it started with --no-seed).
 */
export async function resetAndSeed(
  ctx: Pick<AppContext, 'db' | 'passwords' | 'now'>,
  accounts: SeedAccounts | false,
): Promise<void> {
  resetDatabase(ctx.db);
  if (accounts) await seedIfEmpty(ctx.db, ctx.passwords, ctx.now(), accounts);
}
