// @shop/sdk from plain CommonJS.
//   npm install @shop/sdk
//   SHOP_API_URL=http://localhost:4010 node index.cjs
// eslint-disable-next-line @typescript-eslint/no-require-imports -- this example is about require()
const { createShopClient, NotFoundError, ShopError } = require('@shop/sdk');

async function main() {
  const shop = createShopClient({ baseUrl: process.env.SHOP_API_URL || 'http://localhost:4010' });

  // The seeded demo customer of the reference server.
  const { accountId } = await shop.auth.login({
    email: 'customer@shop.local',
    password: 'customer-password',
  });
  console.log(`logged in as ${accountId}`);

  const page = await shop.items.list({ sortBy: 'unitPrice', sortDir: 'desc', size: 3 }).page();
  for (const item of page.content) console.log(`${item.itemName}: ${item.unitPrice}`);
  console.log(`(${page.totalElements} items in ${page.totalPages} pages)`);

  try {
    await shop.items.get('ffffffffffffffffffffffff');
    throw new Error('expected a NotFoundError');
  } catch (error) {
    if (!(error instanceof NotFoundError)) throw error;
    console.log(`typed error: ${error.name} ${error.code} (request ${error.requestId})`);
  }
  const orders = await shop.orders.list().toArray({ limit: 5 });
  console.log(`${orders.length} recent order(s)`);
}

main().catch((error) => {
  console.error(error instanceof ShopError ? `${error.name}: ${error.message}` : error);
  process.exitCode = 1;
});
